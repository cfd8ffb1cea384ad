package org.trainex.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trainex.it.TestEnvironment.EXCHANGE;
import static org.trainex.it.TestEnvironment.HOME;
import static org.trainex.it.TestEnvironment.KEYCLOAK;
import static org.trainex.it.TestEnvironment.PASSWORD;
import static org.trainex.it.TestEnvironment.awaitKeycloak;
import static org.trainex.it.TestEnvironment.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium on the portal of the test instance, with a fresh profile (so no Keycloak session carries over
 * from another browser): signs in through Keycloak, waits explicitly and takes screenshots into
 * {@code var/test/screenshots}. Close it to quit Chromium and its driver.
 *
 * <p><b>AJAX re-renders.</b> PrimeFaces replaces the DOM of what an AJAX answer or a {@code p:poll} updates, so an
 * element found a moment ago may be stale when it is read or clicked (issue 11, item 9: a fresh clone's suite failed
 * with {@code StaleElementReferenceException}). Every wait here therefore ignores stale elements and re-finds what it
 * needs from locators on each attempt; tests read and act through {@link #text}, {@link #click}, {@link #type} and
 * {@link #settled}, never through a {@link WebElement} kept across an AJAX request.
 */
final class Browser implements AutoCloseable {
    private final WebDriver driver;

    /** Waits for the test Keycloak, then starts Chromium (TRAINEX_CHROMIUM) through chromedriver (TRAINEX_CHROMEDRIVER). */
    Browser() throws Exception {
        awaitKeycloak();
        Path profile = Files.createTempDirectory("trainex-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(env("TRAINEX_CHROMIUM", "/usr/bin/chromium"))
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1280,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(env("TRAINEX_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** The Selenium driver of this browser. */
    WebDriver driver() {
        return driver;
    }

    /**
     * An explicit wait of up to 60 s, polling every 200 ms, that retries a condition which found a missing or a stale
     * element (replaced by an AJAX re-render) instead of failing.
     */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * What {@code read} returns, read again from its locators if an element went stale meanwhile (up to 60 s); for
     * reads of a page that polls or was just re-rendered.
     */
    static <T> T settled(WebDriver driver, Function<WebDriver, T> read) {
        return new FluentWait<>(driver).withTimeout(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(read::apply);
    }

    /** The visible text of the element at {@code locator}, stripped (waits for it; survives re-renders). */
    String text(By locator) {
        return settled(driver, d -> d.findElement(locator).getText().strip());
    }

    /** Waits until the element at {@code locator} shows {@code part}, re-finding it on every attempt. */
    void awaitText(By locator, String part) {
        waiting().until(d -> d.findElement(locator).getText().contains(part));
    }

    /**
     * Clicks the element at {@code locator} once it is displayed and enabled; found afresh on every attempt, so a
     * re-render between finding and clicking (stale) or an AJAX overlay over it (intercepted) is retried.
     */
    void click(By locator) {
        waiting().ignoring(ElementClickInterceptedException.class).ignoring(ElementNotInteractableException.class)
                .until(d -> {
                    WebElement e = d.findElement(locator);
                    if (!e.isDisplayed() || !e.isEnabled()) {
                        return false;
                    }
                    e.click();
                    return true;
                });
    }

    /** Replaces the value of the input at {@code locator} with {@code text} (retried as {@link #click} is). */
    void type(By locator, String text) {
        waiting().ignoring(ElementNotInteractableException.class).until(d -> {
            WebElement e = d.findElement(locator);
            e.clear();
            e.sendKeys(text);
            return text.equals(e.getDomProperty("value"));
        });
    }

    /** Opens the portal, is sent to Keycloak, signs in as the demo {@code user} and waits for the portal's menu. */
    void signIn(String user) {
        driver.get(EXCHANGE + "/");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertTrue(driver.getCurrentUrl().startsWith(KEYCLOAK), "not sent to Keycloak: " + driver.getCurrentUrl());
        type(By.id("username"), user);
        type(By.id("password"), PASSWORD);
        click(By.id("kc-login"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("menuForm:signedInAs")));
    }

    /** Saves what the browser shows as {@code var/test/screenshots/<name>.png}. */
    void screenshot(String name) throws Exception {
        Path dir = HOME.resolve("var/test/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
