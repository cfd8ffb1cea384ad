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
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium on the portal of the test instance, with a fresh profile (so no Keycloak session carries over
 * from another browser): signs in through Keycloak, waits explicitly and takes screenshots into
 * {@code var/test/screenshots}. Close it to quit Chromium and its driver.
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

    /** An explicit wait of up to 60 s. */
    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    /** Opens the portal, is sent to Keycloak, signs in as the demo {@code user} and waits for the portal's menu. */
    void signIn(String user) {
        driver.get(EXCHANGE + "/");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertTrue(driver.getCurrentUrl().startsWith(KEYCLOAK), "not sent to Keycloak: " + driver.getCurrentUrl());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("kc-login")).click();
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
