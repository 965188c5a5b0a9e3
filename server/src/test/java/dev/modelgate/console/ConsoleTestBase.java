package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (the machine's /usr/bin/chromium and chromedriver; nothing downloaded),
 * one browser for every console test class (started by the first, stopped with the JVM), on a laptop-sized window (1366×768), against the server of {@link ConsoleServer}. Each
 * test starts with a browser without stored state (no cookies, no storage) and signs in through the form as the
 * workspace's admin, unless its class says otherwise ({@link #signInFirst()}). Tests wait for conditions, never for
 * time, and save screenshots of their steps under {@code target/screenshots/<test>-<step>.png}.
 */
abstract class ConsoleTestBase extends ConsoleServer {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);

    static ChromeDriver driver;
    static WebDriverWait wait;
    private static Path profile;

    private String testName;

    /** A failed test leaves a screenshot of what the page showed then ({@code <test>-failed.png}). */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestWatcher screenshotOnFailure = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            if (driver != null && testName != null) {
                fullPageScreenshot("failed");
            }
        }
    };

    @BeforeAll
    static void startBrowser() throws IOException {
        if (driver != null) {
            return; // each test starts from a clean browser anyway (freshBrowser): starting Chromium costs seconds
        }
        Path chromium = Path.of(System.getProperty("modelgate.test.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("the console's browser tests need Chromium and ChromeDriver (looked for "
                    + chromium + " and " + chromedriver + "): apt-get install chromium chromium-driver, as .ci/run does");
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--window-size=1366,768", "--lang=en-US",
                "--user-data-dir=" + (profile = Files.createTempDirectory("modelgate-chromium")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT);
        Runtime.getRuntime().addShutdownHook(new Thread(ConsoleTestBase::stopBrowser));
    }

    private static void stopBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            profile = null;
        }
    }

    @BeforeEach
    void freshBrowser(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        // Cleared on a page of the server that runs no console script: loading the console itself with the earlier
        // test's session cookie would route it to that user's first screen, and the route would outlive the cookie.
        driver.get(base() + "/console/favicon.svg");
        driver.manage().deleteAllCookies();
        driver.executeScript("sessionStorage.clear(); localStorage.clear();");
        driver.manage().logs().get(LogType.BROWSER); // drop what earlier tests logged
        driver.get(base() + "/");
        if (signInFirst()) {
            signIn(ADMIN, ADMIN_PASSWORD);
        }
    }

    /** Whether each test starts signed in as {@link #ADMIN}; otherwise it starts at the sign-in screen. */
    boolean signInFirst() {
        return true;
    }

    /** Signs in through the sign-in screen and waits for the header to say who is signed in. */
    void signIn(String username, String password) {
        submitSignIn(username, password);
        waitText(By.id("account-name"), username);
    }

    /** Fills in and submits the sign-in form. */
    void submitSignIn(String username, String password) {
        type(By.id("sign-in-username"), username);
        type(By.id("sign-in-password"), password);
        click(By.id("sign-in"));
    }

    /** The value of the browser's {@code MODELGATE_SESSION} cookie. */
    String sessionCookie() {
        return driver.manage().getCookieNamed("MODELGATE_SESSION").getValue();
    }

    /** Opens a console route ({@code #/models}) and waits for its heading; the route shown already is reloaded. */
    void open(String hash) {
        String url = base() + "/" + hash;
        if (url.equals(driver.getCurrentUrl())) {
            driver.navigate().refresh();
        } else {
            driver.get(url);
        }
        waitVisible(By.cssSelector("main h1"));
    }

    WebElement waitVisible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement waitClickable(By by) {
        return wait.until(ExpectedConditions.elementToBeClickable(by));
    }

    void waitText(By by, String text) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "text \"" + text + "\" in " + by + "; it shows: " + textOf(by))
                .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private String textOf(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "(nothing)" : found.getFirst().getText();
    }

    WebElement css(String selector) {
        return driver.findElement(By.cssSelector(selector));
    }

    void click(By by) {
        WebElement element = waitClickable(by);
        scrollIntoView(element);
        element.click();
    }

    /** Replaces an input's text as a user would: select everything, then type. */
    void type(By by, String text) {
        WebElement input = waitVisible(by);
        scrollIntoView(input);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    /** Sets a textarea's whole text at once (typing a long template key by key is slow) and fires its input event. */
    void setText(By by, String text) {
        WebElement area = waitVisible(by);
        scrollIntoView(area);
        driver.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", area, text);
    }

    void scrollIntoView(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    /**
     * What the browser's console logged since the test began at level SEVERE, except the API's refusals the console
     * handles (a 422 for a half-typed model reference is logged as a failed load): uncaught errors, CSP violations,
     * files that failed to load.
     */
    List<String> browserErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !(message.contains("/api/v1/") && message.contains("Failed to load resource")))
                // Chromium asks for /favicon.ico of the bare SVG page each test starts on (the console's pages name
                // theirs); that request may end after the log was drained
                .filter(message -> !message.startsWith(base() + "/favicon.ico "))
                .toList();
    }

    @AfterEach
    void noScriptErrors() {
        assertThat(browserErrors()).as("errors in the browser's console").isEmpty();
    }

    /** Saves what a laptop screen shows now as {@code target/screenshots/<test>-<step>.png}. */
    void screenshot(String step) {
        save(step, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Saves the whole page, beyond the window, as {@code target/screenshots/<test>-<step>.png}. */
    void fullPageScreenshot(String step) {
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        Dimension laptop = driver.manage().window().getSize();
        driver.executeScript("window.scrollTo(0, 0)");
        driver.manage().window().setSize(new Dimension(laptop.getWidth(), Math.min(6000, height.intValue() + 100)));
        try {
            save(step, driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(laptop);
        }
    }

    private void save(String step, byte[] png) {
        try {
            Files.write(SCREENSHOTS.resolve(testName + "-" + step + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
