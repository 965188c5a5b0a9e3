package dev.modelgate.console;

import static dev.modelgate.console.ConsoleSignInIT.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console's layout on a wide screen (1440×900) and a phone (390×844): no screen scrolls sideways, the header folds
 * into a Menu on the phone, tables wrap long text inside sensible columns, toasts cover no button and close, and the
 * list shows each model's whole ID. Screenshots of every screen at both sizes go to {@code target/screenshots}.
 */
class ConsoleLayoutIT extends ConsoleTestBase {

    static final Dimension WIDE = new Dimension(1440, 900);
    static final Dimension LAPTOP = new Dimension(1280, 800);
    static final Dimension PHONE = new Dimension(390, 844);
    private static final String LONG_NOTE = "verification failed (trust-policy-or-role, for the workspace to fix): "
            + "AssumeRole with the workspace's External ID was refused by the tenant's side, and the role refused it "
            + "without one as well; check that the trust policy names Modelgate's platform principal and the External ID.";

    @AfterEach
    void laptopAgain() {
        driver.manage().window().setSize(new Dimension(1366, 768));
    }

    @Test
    void everyScreen_fitsTheWindow_wideAndOnAPhone() {
        String id = createModel("customer-support-summarizer", true);
        createModel("draft-model", false);
        jdbc.sql("UPDATE role_registrations SET note = ?").param(LONG_NOTE).update();
        apiKeys.create(WORKSPACE_ID, "support-agent-production-eu-west-1", Role.AGENT, null, ADMIN);
        Map<String, String> screens = new LinkedHashMap<>();
        screens.put("list", "#/models");
        screens.put("detail", "#/models/" + id);
        screens.put("edit-test", "#/models/" + id + "/edit/test");
        screens.put("new", "#/models/new");
        screens.put("new-model", "#/models/new/model");
        for (String screen : List.of("registrations", "external-id", "keys", "members", "usage", "audit")) {
            screens.put(screen, "#/" + screen);
        }
        for (Dimension size : List.of(WIDE, LAPTOP, PHONE)) {
            viewport(size);
            screens.forEach((name, route) -> fits(size, name, route));
        }

        switchTo(account("ops-" + suffix(), Role.OPERATOR, null));
        for (Dimension size : List.of(WIDE, LAPTOP, PHONE)) {
            viewport(size);
            fits(size, "workspaces", "#/workspaces");
            fits(size, "workspace", "#/workspaces/" + WORKSPACE_ID);
            fits(size, "operator-registrations", "#/operator/registrations");
            fits(size, "operator-audit", "#/operator/audit");
            fits(size, "settings", "#/operator/settings");
        }
    }

    /**
     * Opens a screen, checks that it does not scroll sideways, that nothing is cut off at the window's right edge and
     * that the header is one row, and screenshots it.
     */
    private void fits(Dimension size, String name, String route) {
        open(route);
        waitLoaded();
        fullPageScreenshot(size.getWidth() + "-" + name);
        assertThat(overflow()).as("%s at %s: page width beyond the window; the widest: %s", route, size, widest())
                .isLessThanOrEqualTo(0);
        assertThat(cutOff()).as("%s at %s: cut off at the window's right edge", route, size).isEmpty();
        assertThat(css(".topbar").getSize().getHeight()).as("%s at %s: header height", route, size).isLessThanOrEqualTo(53);
        Number navHeight = (Number) driver.executeScript("const n = document.getElementById('nav');"
                + "return n.offsetParent === null ? 0 : Math.max(...[...n.querySelectorAll('a')].map((a) => a.getBoundingClientRect().height));");
        assertThat(navHeight.intValue()).as("%s at %s: each section's link on one line", route, size).isLessThan(60);
        if (size.equals(PHONE) && name.startsWith("edit")) {
            long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
            for (int part = 0; part * 800L < height; part++) { // a phone-sized view of each part of a long page
                driver.executeScript("window.scrollTo(0, arguments[0])", part * 800);
                screenshot(size.getWidth() + "-" + name + "-part" + part);
            }
        }
    }

    @Test
    void phone_foldsTheHeaderIntoAMenu_thatOpensByKeyboard_andReachesSignOut() {
        viewport(PHONE);
        open("#/models");
        WebElement menu = waitVisible(By.id("menu-button"));
        assertThat(menu.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(css("#sign-out").isDisplayed()).isFalse();
        assertThat(css("#nav").isDisplayed()).isFalse();
        assertThat(overflow()).isLessThanOrEqualTo(0);
        screenshot("01-closed");

        menu.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.attributeToBe(By.id("menu-button"), "aria-expanded", "true"));
        WebElement signOut = waitVisible(By.id("sign-out"));
        assertThat(inViewport(signOut)).as("Sign out within the window").isTrue();
        assertThat(overflow()).isLessThanOrEqualTo(0);
        screenshot("02-open");

        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.attributeToBe(By.id("menu-button"), "aria-expanded", "false"));
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("menu-button");
        assertThat(css("#sign-out").isDisplayed()).isFalse();

        menu.sendKeys(Keys.SPACE);
        waitVisible(By.cssSelector("#nav a[href='#/keys']")).click();
        waitText(By.cssSelector("main h1"), "API keys");
        assertThat(css("#menu-button").getAttribute("aria-expanded")).as("closed after choosing a section").isEqualTo("false");

        click(By.id("menu-button"));
        click(By.id("sign-out"));
        waitVisible(By.id("sign-in-username"));
        assertThat(css("#menu-button").isDisplayed()).as("no menu while signed out").isFalse();

        viewport(WIDE);
        signIn(ADMIN, ADMIN_PASSWORD);
        assertThat(css("#menu-button").isDisplayed()).as("no menu where the header fits").isFalse();
        assertThat(css("#sign-out").isDisplayed()).isTrue();
        assertThat(css("#nav").isDisplayed()).isTrue();
    }

    @Test
    void wizardFooter_onAPhone_isOneRow_andNextKeepsTheStepsNameForAssistiveTech() {
        viewport(PHONE);
        open("#/models/new");
        type(By.id("role-arn"), TENANT_ROLE);
        assertThat(footerRows()).as("rows of the footer on step 1").isEqualTo(1);
        assertThat(css("#next").getText()).isEqualTo("Next →");
        assertThat(css("#next").getAttribute("aria-label")).isEqualTo("Next: Model →");
        screenshot("01-phone-step1");

        click(By.id("next"));
        waitText(By.id("step-heading"), "Model");
        assertThat(footerRows()).as("rows of the footer on step 2").isEqualTo(1);
        assertThat(css("#next").getText()).isEqualTo("Next →");
        assertThat(css("#next").getAttribute("aria-label")).isEqualTo("Next: Test and map →");
        screenshot("02-phone-step2");

        viewport(WIDE);
        assertThat(css("#next").getText()).isEqualTo("Next: Test and map →");
        assertThat(footerRows()).isEqualTo(1);
    }

    /** How many rows the wizard footer's buttons take (their distinct tops). */
    private static long footerRows() {
        return ((Number) driver.executeScript("return new Set([...document.querySelectorAll('.wizard-footer .button')]"
                + ".map((b) => Math.round(b.getBoundingClientRect().top))).size;")).longValue();
    }

    @Test
    void rolesTable_givesTheNoteARealColumn_andKeepsRowsShort() {
        jdbc.sql("UPDATE role_registrations SET note = ?").param(LONG_NOTE).update();
        viewport(WIDE);
        open("#/registrations");
        WebElement note = waitVisible(By.cssSelector("td.registration-note"));
        assertThat(note.getSize().getWidth()).as("note column width").isGreaterThanOrEqualTo(200);
        for (WebElement row : driver.findElements(By.cssSelector("table.registrations tbody tr:not([hidden])"))) {
            assertThat(row.getSize().getHeight()).as("row of %s", row.getAttribute("data-role-arn")).isLessThan(200);
        }
        Map<?, ?> table = (Map<?, ?>) driver.executeScript("const s = document.querySelector('.table-scroll');"
                + "return {scroll: s.scrollWidth, client: s.clientWidth};");
        assertThat(((Number) table.get("scroll")).intValue()).as("no scrollbar under the table")
                .isLessThanOrEqualTo(((Number) table.get("client")).intValue());
        screenshot("01-wide");
    }

    @Test
    void list_showsTheWholeModelId_withoutAProviderColumn() {
        createModel("alpha", true);
        for (Dimension size : List.of(WIDE, PHONE)) {
            viewport(size);
            open("#/models");
            WebElement id = waitVisible(By.cssSelector("tr[data-name='alpha'] code.model-ref"));
            assertThat(id.getText()).isEqualTo(HAIKU);
            assertThat(id.getAttribute("title")).isEqualTo("Amazon Bedrock: " + HAIKU);
            Boolean whole = (Boolean) driver.executeScript("const e = arguments[0], cell = e.closest('td').getBoundingClientRect();"
                    + "const r = e.getBoundingClientRect();"
                    + "return e.scrollWidth <= e.clientWidth + 1 && r.left >= cell.left && r.right <= cell.right + 1"
                    + " && r.right <= document.documentElement.clientWidth;", id);
            assertThat(whole).as("model ID shown whole at %s", size).isTrue();
            assertThat(driver.findElements(By.xpath("//table[contains(@class,'models')]//th[.='Provider']"))).isEmpty();
            WebElement region = css("tr[data-name='alpha'] td[data-label='Region']");
            assertThat(region.getText()).isEqualTo("us-east-1");
            assertThat(driver.executeScript("return getComputedStyle(arguments[0], '::before').content", region))
                    .as("the column's name shown in the cell (on a phone only)").isEqualTo(size.equals(PHONE) ? "\"Region\"" : "none");
            screenshot(size.getWidth() + "-list");
        }
    }

    @Test
    void toast_coversNoButton_andClosesByItsButtonAndByEscape() {
        for (Dimension size : List.of(WIDE, PHONE)) {
            viewport(size);
            String id = createModel("changing-" + size.getWidth(), true);
            open("#/models");
            waitVisible(By.cssSelector("tr[data-model-id='" + id + "']"));
            jdbc.sql("UPDATE external_models SET revision = revision + 1 WHERE id = ?").param(id).update(); // saved elsewhere
            click(By.cssSelector("tr[data-model-id='" + id + "'] button[aria-label^='Delete']"));
            click(By.xpath("//dialog//button[.='Delete model']"));
            WebElement toast = waitVisible(By.cssSelector(".toast-bad"));
            assertThat(toast.getText()).startsWith("“changing-" + size.getWidth() + "” was changed meanwhile; reload and try again.");
            assertThat(css("#toasts").getAttribute("aria-live")).isEqualTo("polite");
            driver.executeScript("window.scrollTo(0, 0)");
            assertThat(buttonsUnder(toast)).as("buttons the toast covers at %s", size).isEmpty();
            screenshot(size.getWidth() + "-toast");

            toast.findElement(By.cssSelector("button.toast-close")).click();
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".toast"), 0));

            click(By.cssSelector("tr[data-model-id='" + id + "'] button[aria-label^='Delete']"));
            click(By.xpath("//dialog//button[.='Delete model']"));
            waitVisible(By.cssSelector(".toast-bad"));
            driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".toast"), 0));
        }
    }

    /** Sets the window so that the page's viewport is {@code size} (headless Chromium may add nothing, or a frame). */
    static void viewport(Dimension size) {
        driver.manage().window().setSize(size);
        Map<?, ?> inner = (Map<?, ?>) driver.executeScript("return {w: window.innerWidth, h: window.innerHeight};");
        int dw = size.getWidth() - ((Number) inner.get("w")).intValue();
        int dh = size.getHeight() - ((Number) inner.get("h")).intValue();
        if (dw != 0 || dh != 0) {
            driver.manage().window().setSize(new Dimension(size.getWidth() + dw, size.getHeight() + dh));
        }
    }

    /** How far the page reaches beyond the window sideways, in CSS pixels (0 or less: no sideways scroll). */
    static long overflow() {
        return ((Number) driver.executeScript(
                "const e = document.scrollingElement; return e.scrollWidth - e.clientWidth;")).longValue();
    }

    /** The innermost elements and the texts reaching beyond the window's right edge, to say what to fix. */
    static Object widest() {
        return driver.executeScript("const w = document.documentElement.clientWidth, out = [];"
                + "const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
                + " + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/ +/).join('.') : '');"
                + "for (const e of document.querySelectorAll('body *')) {"
                + "  const r = e.getBoundingClientRect();"
                + "  if (r.right > w + 0.5 && ![...e.children].some((c) => c.getBoundingClientRect().right > w + 0.5))"
                + "    out.push(name(e) + ' ' + Math.round(r.right)); }"
                + "const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);"
                + "for (let t = walk.nextNode(); t; t = walk.nextNode()) {"
                + "  const range = document.createRange(); range.selectNodeContents(t);"
                + "  const r = range.getBoundingClientRect();"
                + "  let clipped = false;"
                + "  for (let a = t.parentElement; a && !clipped; a = a.parentElement) clipped = getComputedStyle(a).overflowX !== 'visible';"
                + "  if (!clipped && r.width > 0 && r.right > w + 0.5) out.push('text in ' + name(t.parentElement) + ' ' + Math.round(r.right)); }"
                + "return out.slice(0, 8);");
    }

    /**
     * The innermost visible elements reaching beyond the window's right edge that no scrolling box holds: a box
     * that hides its overflow (or the page itself) cuts them off. The template editor's highlighted copy of its
     * text is left out: it follows the textarea's own sideways scroll.
     */
    @SuppressWarnings("unchecked")
    static List<String> cutOff() {
        return (List<String>) driver.executeScript("const w = document.documentElement.clientWidth, out = [];"
                + "const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
                + " + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/ +/).join('.') : '');"
                + "const scrolled = (e) => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {"
                + "  const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };"
                + "const beyond = (e) => { const r = e.getBoundingClientRect();"
                + "  return r.width > 1 && r.height > 1 && r.right > w + 0.5 && getComputedStyle(e).visibility !== 'hidden'; };"
                + "for (const e of document.querySelectorAll('body *')) {"
                + "  if (beyond(e) && ![...e.children].some(beyond) && !scrolled(e) && !e.closest('.code-highlight'))"
                + "    out.push(name(e) + ' ' + Math.round(e.getBoundingClientRect().right)); }"
                + "return out.slice(0, 8);");
    }

    static void waitLoaded() {
        wait.until(d -> driver.findElements(By.cssSelector("main [aria-busy='true'], main .loading")).isEmpty());
    }

    private boolean inViewport(WebElement element) {
        return (Boolean) driver.executeScript("const r = arguments[0].getBoundingClientRect();"
                + "return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;", element);
    }

    /** The visible buttons, links styled as buttons and switches outside {@code toast} whose boxes meet its box. */
    @SuppressWarnings("unchecked")
    private List<String> buttonsUnder(WebElement toast) {
        return (List<String>) driver.executeScript("const t = arguments[0].getBoundingClientRect();"
                + "return [...document.querySelectorAll('button, a.button, [role=switch]')]"
                + ".filter((b) => !arguments[0].contains(b) && b.offsetParent !== null)"
                + ".filter((b) => { const r = b.getBoundingClientRect();"
                + "  return r.width > 0 && r.height > 0 && r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top; })"
                + ".map((b) => b.id || b.getAttribute('aria-label') || b.textContent.trim());", toast);
    }

    private String switchTo(String username) {
        viewport(WIDE);
        click(By.id("sign-out"));
        waitVisible(By.id("sign-in-username"));
        signIn(username, passwordOf(username));
        return username;
    }
}
