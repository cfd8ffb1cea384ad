package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import java.nio.file.Files;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.openqa.selenium.WebElement;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A person's view: headless Chromium opens the portal, is sent to Keycloak, signs in as the demo consumer and
 * sees the overview with the job list and a role-aware menu; the contributor sees the data market but not the
 * compute market.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PortalBrowserIT {
    /** Chromium, fresh for every test; {@link #browser} is its driver. */
    Browser chromium;
    WebDriver browser;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        chromium = new Browser();
        browser = chromium.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    @Test
    void aConsumerSignsInThroughKeycloakAndSeesTheJobList() throws Exception {
        chromium.signIn("consumer");
        assertTrue(browser.getCurrentUrl().startsWith(EXCHANGE), browser.getCurrentUrl());
        assertTrue(chromium.text(By.id("menuForm:signedInAs")).contains("consumer"));
        assertFalse(browser.findElements(By.id("jobsForm:jobs")).isEmpty(), "the overview lists the jobs");
        assertFalse(browser.findElements(By.id("jobsForm:orders")).isEmpty(), "the overview lists the orders");
        String page = browser.getPageSource();
        assertTrue(page.contains("Training jobs"), "consumers see the compute market menu");
        chromium.screenshot("consumer-overview");

        browser.get(EXCHANGE + "/computemarket/jobs.xhtml");
        chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("jobsForm:jobs")));
        chromium.screenshot("consumer-jobs");
    }

    @Test
    void anAdminSeesTheChainGatewayWithItsContracts() throws Exception {
        chromium.signIn("admin");
        chromium.click(menuItem("Chain gateway"));
        chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("chainForm:contracts")));
        chromium.waiting().until(d -> d.findElement(By.id("chainForm:contracts")).getText().contains("DataRegistry"));
        String contracts = chromium.text(By.id("chainForm:contracts"));
        for (String name : new String[] {"CuratorToken", "CurationVoting", "DataRegistry", "ShareToken",
            "ComputeEscrow", "IdentityRegistry"}) {
            assertTrue(contracts.contains(name), name + " missing from " + contracts);
        }
        chromium.screenshot("admin-chain");
    }

    @Test
    void theMenuFollowsTheRoles() throws Exception {
        chromium.signIn("contributor");
        String menu = chromium.text(By.id("menuForm:menu"));
        assertTrue(menu.contains("Datasets"), menu);
        assertFalse(menu.contains("Training jobs"), menu);
        assertFalse(menu.contains("Chain gateway"), menu);
        browser.get(EXCHANGE + "/admin/chain.xhtml");
        assertTrue(browser.findElements(By.id("chainForm:contracts")).isEmpty(), "a contributor reached the admin page");
        chromium.screenshot("contributor-overview");
        browser.get(EXCHANGE + "/datamarket/earnings.xhtml");
        chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("totalWei")));
        String earned = chromium.text(By.id("totalWei"));
        JsonNode api = json(call("GET", "/api/me/earnings", token("contributor"), null));
        assertEquals(api.get("totalWei").asText(), earned, "the page shows the dividends the API reports");
        assertFalse(browser.findElements(By.id("entries")).isEmpty(), "the entries table");
        chromium.screenshot("contributor-earnings");
    }

    @Test
    void aProposalSubmittedInThePortalIsVotedAndAccepted() throws Exception {
        // set-up over REST: a request with a short vote and a curator with tokens and a linked wallet
        String admin = token("admin");
        String curator = token("curator3");
        Credentials key = CurationFlowIT.fresh();
        HttpResponse<String> linked = call("POST", "/api/curators/me/wallet", curator, JSON.createObjectNode()
                .put("wallet", Keys.toChecksumAddress(key.getAddress()))
                .put("signature", CurationFlowIT.signLink(key, "curator3")).toString());
        assertEquals(200, linked.statusCode(), linked.body());
        assertEquals(201, call("POST", "/api/admin/curator-tokens", admin, JSON.createObjectNode()
                .put("holder", Keys.toChecksumAddress(key.getAddress())).put("amount", "10000000000000000000")
                .toString()).statusCode());
        CurationFlowIT.await("the curator's tokens", Duration.ofSeconds(60),
                () -> CurationFlowIT.power(curator).signum() > 0);
        String title = "Browser IT " + System.currentTimeMillis();
        ObjectNode req = JSON.createObjectNode().put("title", title).put("description", "portal flow")
                .put("imageRows", 28).put("imageColumns", 28).put("targetSamples", 1000).put("voteThreshold", 0.5)
                .put("quorum", 0.0).put("votingPeriodSeconds", 30)
                .put("deadline", Instant.now().plusSeconds(3600).toString());
        var labels = req.putArray("labels");
        for (int l = 0; l < 10; l++) {
            labels.add(l);
        }
        HttpResponse<String> created = call("POST", "/api/data-requests", token("initiator"), req.toString());
        assertEquals(201, created.statusCode(), created.body());
        String requestId = json(created).get("id").asText();
        byte[][] idx = fashionSubset("train", 53500, 150);
        Path dir = Files.createTempDirectory("trainex-upload");
        Path images = Files.write(dir.resolve("images-idx3-ubyte"), idx[0]);
        Path labelsFile = Files.write(dir.resolve("labels-idx1-ubyte"), idx[1]);

        // the contributor submits in the portal
        chromium.signIn("contributor");
        browser.get(EXCHANGE + "/datamarket/submit.xhtml?request=" + requestId);
        chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("submitForm:wallet")));
        chromium.type(By.id("submitForm:wallet"), CurationFlowIT.CONTRIBUTOR_WALLET);
        By fileInputs = By.cssSelector("#submitForm input[type=file]");
        int fileInputCount = Browser.settled(browser, d -> d.findElements(fileInputs).size());
        assertEquals(2, fileInputCount);
        for (Path file : List.of(images, labelsFile)) {
            int index = file == images ? 0 : 1;
            // found afresh on each attempt: choosing a file may re-render the upload widget
            Browser.settled(browser, d -> {
                List<WebElement> inputs = d.findElements(fileInputs);
                if (inputs.size() < 2) {
                    return null;
                }
                inputs.get(index).sendKeys(file.toString());
                return true;
            });
        }
        chromium.click(By.id("submitForm:submit"));
        chromium.waiting().until(d -> d.findElement(By.id("submitForm:messages")).getText().contains("submitted"));
        chromium.screenshot("contributor-submitted");
        JsonNode proposals = json(call("GET", "/api/data-requests/" + requestId + "/proposals", admin, null));
        assertEquals(1, proposals.size(), proposals.toString());
        assertEquals(150, proposals.get(0).get("sampleCount").asInt());
        String proposalId = proposals.get(0).get("id").asText();

        // the curator votes yes in its queue
        closeBrowser();
        openBrowser();
        chromium.signIn("curator3");
        By row = By.xpath("//tr[td[contains(., '" + title + "')]]");
        chromium.waiting()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.get(EXCHANGE + "/datamarket/curation.xhtml");
            return !d.findElements(row).isEmpty() && !d.findElement(row).findElements(By.cssSelector(".vote-yes"))
                    .isEmpty();
        });
        chromium.click(By.xpath("//tr[td[contains(., '" + title + "')]]//button[contains(@class, 'vote-yes')]"));
        chromium.waiting().until(d -> d.findElement(By.id("curationForm:messages")).getText().contains("You voted yes"));
        chromium.screenshot("curator-voted");

        // the tally accepts it at the end of the voting period; the portal shows it
        CurationFlowIT.await("the tally", Duration.ofSeconds(90), () -> "ACCEPTED".equals(
                json(call("GET", "/api/data-proposals/" + proposalId, admin, null)).get("state").asText()));
        browser.get(EXCHANGE + "/datamarket/requests.xhtml");
        chromium.waiting().until(d -> d.findElement(By.id("requestsForm:proposals")).getText().contains("ACCEPTED"));
        chromium.screenshot("proposal-accepted");
    }

    @Test
    void aProviderBidsOnItsRunnerInThePortal() throws Exception {
        String runnerId = "browser-runner-" + System.currentTimeMillis();
        // the provider issues the runner's key in the portal (issue 11 item 6); the page shows it once
        chromium.signIn("provider");
        chromium.click(menuItem("Provider account"));
        chromium.type(By.id("providerForm:keyRunnerId"), runnerId);
        chromium.click(By.id("providerForm:issueKey"));
        chromium.awaitText(By.id("providerForm:messages"), "Key issued for runner " + runnerId);
        String key = chromium.text(By.id("providerForm:issuedKey"));
        assertTrue(key.startsWith("trk_"), key);
        chromium.awaitText(By.id("providerForm:runnerKeys"), runnerId);
        chromium.screenshot("provider-runner-key");
        RunnerCredentials runner = new RunnerCredentials(runnerId, "provider", runnerToken(), key);
        HttpResponse<String> joined = runner.call("PUT", "/api/runners/" + runnerId,
                JSON.createObjectNode().put("provider", "provider").put("region", "browser-land")
                        .put("hardware", "cpu").put("capacitySamplesPerSecond", 4321.0).toString());
        assertEquals(200, joined.statusCode(), joined.body());
        // bidding needs a payout wallet and a stake
        stake(token("provider"), "provider", PROVIDER_KEY, "1000000000000000");
        // the runner beats while the test works in the browser (a silent runner is LOST after the lease)
        java.util.concurrent.ScheduledExecutorService beats = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        beats.scheduleAtFixedRate(() -> {
            try {
                runner.call("POST", "/api/runners/" + runnerId + "/heartbeat", "{\"busy\":false}");
            } catch (Exception e) {
                // the next beat retries
            }
        }, 0, 3, java.util.concurrent.TimeUnit.SECONDS);
        try {
            bidInThePortal(runnerId);
        } finally {
            beats.shutdownNow();
        }
    }

    /** A link of the portal's menu bar by its text. */
    static By menuItem(String text) {
        return By.xpath("//*[@id='menuForm:menu']//a[contains(normalize-space(.), '" + text + "')]");
    }

    private void bidInThePortal(String runnerId) throws Exception {
        chromium.click(menuItem("Compute market"));
        // the runners table is re-rendered by a poll every 5 s: waits re-find it
        chromium.awaitText(By.id("marketForm:runnersTable"), runnerId);
        chromium.click(By.xpath("//label[contains(., '" + runnerId + "')]"));
        chromium.type(By.id("marketForm:price"), "17");
        chromium.click(By.id("marketForm:postBid"));
        chromium.waiting().until(d -> d.findElement(By.id("marketForm:messages")).getText().contains("Bid posted: 4321"));
        chromium.waiting().until(d -> d.findElement(By.id("marketForm:book")).getText().contains("browser-land"));
        chromium.screenshot("provider-market");
    }
}
