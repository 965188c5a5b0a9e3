package dev.modelgate.console;

import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.emulator.Emulator;
import dev.modelgate.emulator.iam.WorldLoader;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.preset.Presets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console in a real headless Chromium (the machine's /usr/bin/chromium and chromedriver; nothing downloaded),
 * one browser per test class, against the whole server on a random 127.0.0.1 port whose AWS calls go to the
 * emulator. Each test starts with a workspace (External ID {@value #EXTERNAL_ID}, which the emulator's tenant roles
 * trust) without models, and a browser without stored state. Tests wait for conditions, never for time, and save
 * screenshots of their steps under {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "spring.datasource.url=jdbc:h2:mem:console-${random.uuid};DB_CLOSE_DELAY=-1"})
abstract class ConsoleTestBase {

    static final String EXTERNAL_ID = "mg-demo-workspace-external-id";
    static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    static final String WORKSPACE_ID = "00000000-0000-4000-8000-000000000001";
    static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);

    /**
     * One emulator for every console test class, so that they share one Spring context (whose AWS clients point at
     * it) and start the server once; it stops with the JVM.
     */
    static final Emulator aws = startEmulator();

    static ChromeDriver driver;
    static WebDriverWait wait;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TenantCredentials sessions;

    @Autowired
    ExternalModels models;

    @Autowired
    Presets presets;

    private String testName;

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("modelgate.aws.endpoint-override", () -> aws.endpoint().toString());
        registry.add("modelgate.bedrock.retry.base-delay", () -> "PT0.001S");
        registry.add("modelgate.bedrock.retry.max-delay", () -> "PT0.005S");
    }

    private static Emulator startEmulator() {
        try (InputStream world = ConsoleTestBase.class.getResourceAsStream("/worlds/console.yaml")) {
            Emulator emulator = Emulator.builder().world(WorldLoader.load(world)).build();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        Path chromium = Path.of(System.getProperty("modelgate.test.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("the console's browser tests need Chromium and ChromeDriver (looked for "
                    + chromium + " and " + chromedriver + "): apt-get install chromium chromium-driver, as .ci/run does");
        }
        System.setProperty("aws.accessKeyId", "AKIAMODELGATEPLATFRM");
        System.setProperty("aws.secretAccessKey", "mgPlatformFakeSecretKey00000000000000001");
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--window-size=1366,768", "--lang=en-US",
                "--user-data-dir=" + Files.createTempDirectory("modelgate-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void freshWorkspaceAndBrowser(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        aws.reset();
        sessions.invalidateAll();
        jdbc.sql("DELETE FROM usage_records").update();
        jdbc.sql("DELETE FROM test_runs").update();
        jdbc.sql("DELETE FROM external_models").update();
        if (jdbc.sql("SELECT COUNT(*) FROM workspaces").query(Long.class).single() == 0) {
            jdbc.sql("INSERT INTO workspaces (id, name, external_id, created_at) VALUES (?, 'default', ?, CURRENT_TIMESTAMP)")
                    .params(WORKSPACE_ID, EXTERNAL_ID).update();
        }
        driver.get(base() + "/");
        driver.executeScript("sessionStorage.clear(); localStorage.clear();");
        driver.manage().logs().get(LogType.BROWSER); // drop what earlier tests logged
    }

    /** Creates a Claude 3 Haiku model from its family preset through the Java API; answers its id. */
    String createModel(String name, boolean ready) {
        ModelDraft draft = presets.forFamily("ANTHROPIC_CLAUDE").orElseThrow()
                .draft(name, TENANT_ROLE, null, "us-east-1", HAIKU);
        ExternalModels.Saved saved = models.create(WORKSPACE_ID, draft, "console-test");
        if (ready) {
            models.markReady(WORKSPACE_ID, saved.stored().id(), saved.stored().revision());
        }
        return saved.stored().id();
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Opens a console route ({@code #/models}) and waits for its heading. */
    void open(String hash) {
        driver.get(base() + "/" + hash);
        waitVisible(By.cssSelector("main h1"));
    }

    WebElement waitVisible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement waitClickable(By by) {
        return wait.until(ExpectedConditions.elementToBeClickable(by));
    }

    void waitText(By by, String text) {
        wait.withMessage(() -> "text \"" + text + "\" in " + by + "; it shows: " + textOf(by))
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

    /** What the browser's console logged since the test began at level SEVERE (uncaught errors, failed loads). */
    List<String> browserErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
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
