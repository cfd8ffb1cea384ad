package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
 * A person's view: headless Chromium opens the portal, is sent to Keycloak, signs in as the demo consumer and
 * sees the overview with the job list and a role-aware menu; the contributor sees the data market but not the
 * compute market.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PortalBrowserIT {
    WebDriver browser;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        awaitKeycloak();
        Path profile = Files.createTempDirectory("trainex-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(env("TRAINEX_CHROMIUM", "/usr/bin/chromium"))
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1280,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(env("TRAINEX_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    private void signIn(String user) {
        browser.get(EXCHANGE + "/");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertTrue(browser.getCurrentUrl().startsWith(KEYCLOAK), "not sent to Keycloak: " + browser.getCurrentUrl());
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("menuForm:signedInAs")));
    }

    private void screenshot(String name) throws Exception {
        Path dir = HOME.resolve("var/test/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aConsumerSignsInThroughKeycloakAndSeesTheJobList() throws Exception {
        signIn("consumer");
        assertTrue(browser.getCurrentUrl().startsWith(EXCHANGE), browser.getCurrentUrl());
        assertTrue(browser.findElement(By.id("menuForm:signedInAs")).getText().contains("consumer"));
        assertFalse(browser.findElements(By.id("jobsForm:jobs")).isEmpty(), "the overview lists the jobs");
        assertFalse(browser.findElements(By.id("jobsForm:orders")).isEmpty(), "the overview lists the orders");
        String page = browser.getPageSource();
        assertTrue(page.contains("Training jobs"), "consumers see the compute market menu");
        screenshot("consumer-overview");

        browser.get(EXCHANGE + "/computemarket/jobs.xhtml");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("jobsForm:jobs")));
        screenshot("consumer-jobs");
    }

    @Test
    void anAdminSeesTheChainGatewayWithItsContracts() throws Exception {
        signIn("admin");
        browser.findElement(By.id("menuForm:menu")).findElement(By.linkText("Chain gateway")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("chainForm:contracts")));
        waiting().until(d -> d.findElement(By.id("chainForm:contracts")).getText().contains("DataRegistry"));
        String contracts = browser.findElement(By.id("chainForm:contracts")).getText();
        for (String name : new String[] {"CuratorToken", "CurationVoting", "DataRegistry", "ShareToken",
            "ComputeEscrow", "IdentityRegistry"}) {
            assertTrue(contracts.contains(name), name + " missing from " + contracts);
        }
        screenshot("admin-chain");
    }

    @Test
    void theMenuFollowsTheRoles() throws Exception {
        signIn("contributor");
        String menu = browser.findElement(By.id("menuForm:menu")).getText();
        assertTrue(menu.contains("Datasets"), menu);
        assertFalse(menu.contains("Training jobs"), menu);
        assertFalse(menu.contains("Chain gateway"), menu);
        browser.get(EXCHANGE + "/admin/chain.xhtml");
        assertTrue(browser.findElements(By.id("chainForm:contracts")).isEmpty(), "a contributor reached the admin page");
        screenshot("contributor-overview");
    }
}
