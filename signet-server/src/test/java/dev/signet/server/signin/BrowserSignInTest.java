package dev.signet.server.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Every sign-in flow in a real browser: headless Chromium driven by chromedriver, against a real
 * server, returning to a small local HTTP server that plays the client and records what it got.
 */
class BrowserSignInTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private static WebDriver driver;
    private static HttpServer client;
    private static final LinkedBlockingQueue<Map<String, String>> RETURNS = new LinkedBlockingQueue<>();
    private static String callback;
    private static String afterLogout;
    private static Path dataDir;

    private SignInServer s;

    @BeforeAll
    static void startBrowserAndClient() throws IOException {
        Assumptions.assumeTrue(
                CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "install chromium and chromium-driver to run the browser tests");
        client = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        client.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/callback") || path.equals("/signed-out")) {
                RETURNS.add(query(exchange.getRequestURI()));
            }
            byte[] body = "<!DOCTYPE html><title>client</title><p id=\"client\">back at the client</p>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        client.start();
        callback = "http://127.0.0.1:" + client.getAddress().getPort() + "/callback";
        afterLogout = "http://127.0.0.1:" + client.getAddress().getPort() + "/signed-out";
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        dataDir = Files.createTempDirectory("signet-browser-test");
    }

    @AfterAll
    static void stopBrowserAndClient() {
        if (driver != null) {
            driver.quit();
        }
        if (client != null) {
            client.stop(0);
        }
    }

    @BeforeEach
    void startServer() {
        s = SignInServer.start(dataDir.resolve("s-" + System.nanoTime()), List.of(callback), List.of(afterLogout));
        RETURNS.clear();
        driver.manage().deleteAllCookies();
    }

    @AfterEach
    void stopServer() {
        if (s != null) {
            s.close();
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q != null) {
            for (String p : q.split("&", -1)) {
                int eq = p.indexOf('=');
                out.put(
                        URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private void openAuthorize(String... extra) {
        String path = SignInEndpointsTest.authorize(extra)
                .replace(
                        "redirect_uri="
                                + java.net.URLEncoder.encode(SignInEndpointsTest.CALLBACK, StandardCharsets.UTF_8),
                        "redirect_uri=" + java.net.URLEncoder.encode(callback, StandardCharsets.UTF_8));
        driver.get(s.base() + path);
    }

    private void type(String name, String value) {
        driver.findElement(By.name(name)).clear();
        driver.findElement(By.name(name)).sendKeys(value);
    }

    private void signIn(String username, String password) {
        type("username", username);
        type("password", password);
        submit();
    }

    /** Clicks the page's submit button and waits for the next page (or the client) to replace it. */
    private void submit() {
        click(driver.findElement(By.cssSelector("button[type=submit]")));
    }

    private void decide(String decision) {
        click(driver.findElement(By.cssSelector("button[name=decision][value=" + decision + "]")));
    }

    private void click(org.openqa.selenium.WebElement button) {
        button.click();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                button.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true; // stale, or its node left the document: the next page is there
            }
        });
    }

    private static Map<String, String> returned() throws InterruptedException {
        Map<String, String> q = RETURNS.poll(20, TimeUnit.SECONDS);
        assertThat(q).as("the browser came back to the client").isNotNull();
        return q;
    }

    private String body() {
        return driver.findElement(By.tagName("body")).getText();
    }

    @Test
    void signInWithConsent() throws InterruptedException {
        openAuthorize();
        assertThat(driver.getTitle()).isEqualTo("Sign in");
        signIn("alice", SignInServer.ALICE_PASSWORD);
        assertThat(driver.getTitle()).isEqualTo("Allow access?");
        decide("allow");
        Map<String, String> q = returned();
        assertThat(q).containsKey("code").containsEntry("state", "st-123").containsEntry("iss", s.issuer());
        assertThat(s.identity.lastGrant().acr()).isEqualTo("urn:signet:acr:pwd");
        // Signed in and consented: the next request comes straight back.
        openAuthorize("state", "again");
        assertThat(returned()).containsEntry("state", "again").containsKey("code");
    }

    @Test
    void consentDenied() throws InterruptedException {
        openAuthorize();
        signIn("alice", SignInServer.ALICE_PASSWORD);
        decide("deny");
        assertThat(returned()).containsEntry("error", "access_denied").doesNotContainKey("code");
    }

    @Test
    void wrongPasswordThenLockout() {
        openAuthorize();
        signIn("alice", "not the password");
        assertThat(body()).contains("The username or password is not correct.");
        assertThat(driver.findElement(By.name("username")).getDomProperty("value"))
                .isEqualTo("alice");
        for (int i = 1; i < FakeIdentity.LOCK_AFTER; i++) {
            signIn("alice", "not the password " + i);
        }
        signIn("alice", SignInServer.ALICE_PASSWORD);
        assertThat(body()).contains("Too many attempts");
        assertThat(s.identity.grants).isEmpty();
    }

    @Test
    void secondFactorAndRecoveryCode() throws InterruptedException {
        openAuthorize();
        signIn("bob", SignInServer.BOB_PASSWORD);
        assertThat(driver.getTitle()).isEqualTo("Enter your code");
        type("otp", Totp.code(s.bob.totpSecret, s.clock.instant()));
        submit();
        decide("allow");
        assertThat(returned()).containsKey("code");
        assertThat(s.identity.lastGrant().amr()).containsExactly("pwd", "otp", "mfa");
        // Another browser session, with a recovery code instead.
        driver.manage().deleteAllCookies();
        s.bob.recoveryCodes.add("recovery-1234");
        openAuthorize();
        signIn("bob", SignInServer.BOB_PASSWORD);
        type("otp", "recovery-1234");
        submit();
        assertThat(returned()).containsKey("code");
        assertThat(s.bob.recoveryCodes).doesNotContain("recovery-1234");
    }

    @Test
    void enrolmentThenStepUpWithMaxAge() throws InterruptedException {
        openAuthorize("acr_values", "urn:signet:acr:mfa");
        signIn("alice", SignInServer.ALICE_PASSWORD);
        assertThat(driver.getTitle()).isEqualTo("Set up two-step sign-in");
        assertThat(driver.findElement(By.cssSelector("img.qr")).getDomAttribute("src"))
                .startsWith("data:image/svg+xml");
        String secret = driver.findElement(By.cssSelector("code.secret")).getText();
        type("otp", Totp.code(secret, s.clock.instant()));
        submit();
        assertThat(driver.getTitle()).isEqualTo("Your recovery codes");
        assertThat(driver.findElements(By.cssSelector("ul.codes li"))).hasSize(10);
        submit();
        decide("allow");
        assertThat(returned()).containsKey("code");
        assertThat(s.identity.lastGrant().acr()).isEqualTo("urn:signet:acr:mfa");
        // max_age shorter than the session's age: password and code again, a new auth_time.
        var first = s.identity.lastGrant();
        s.clock.advance(Duration.ofMinutes(5));
        openAuthorize("max_age", "60");
        assertThat(driver.getTitle()).isEqualTo("Sign in");
        signIn("alice", SignInServer.ALICE_PASSWORD);
        s.clock.advance(Duration.ofSeconds(31)); // the next TOTP step: a code is accepted once
        type("otp", Totp.code(secret, s.clock.instant()));
        submit();
        assertThat(returned()).containsKey("code");
        assertThat(s.identity.lastGrant().authTime()).isAfter(first.authTime());
    }

    @Test
    void stepUpWithAcrValuesAsksForTheCode() throws InterruptedException {
        openAuthorize();
        signIn("alice", SignInServer.ALICE_PASSWORD);
        decide("allow");
        assertThat(returned()).containsKey("code");
        s.alice.totpSecret = Totp.newSecret();
        openAuthorize("acr_values", "urn:signet:acr:mfa");
        assertThat(driver.getTitle()).isEqualTo("Enter your code");
        type("otp", Totp.code(s.alice.totpSecret, s.clock.instant()));
        submit();
        assertThat(returned()).containsKey("code");
        assertThat(s.identity.lastGrant().acr()).isEqualTo("urn:signet:acr:mfa");
    }

    @Test
    void logoutWithHintAndWithConfirmation() throws InterruptedException {
        openAuthorize();
        signIn("alice", SignInServer.ALICE_PASSWORD);
        decide("allow");
        assertThat(returned()).containsKey("code");
        String sid = s.identity.lastGrant().sid();
        driver.get(s.base() + "/tenants/default/logout?id_token_hint=" + s.idToken("web-app", sid, s.issuer())
                + "&post_logout_redirect_uri=" + java.net.URLEncoder.encode(afterLogout, StandardCharsets.UTF_8)
                + "&state=bye");
        assertThat(returned()).containsEntry("state", "bye");
        assertThat(s.identity.revokedSids).contains(sid);
        openAuthorize("prompt", "none");
        assertThat(returned()).containsEntry("error", "login_required");
        // Without a hint: the confirmation form.
        openAuthorize();
        signIn("alice", SignInServer.ALICE_PASSWORD);
        assertThat(returned()).containsKey("code");
        driver.get(s.base() + "/tenants/default/logout");
        assertThat(driver.getTitle()).isEqualTo("Sign out?");
        decide("logout");
        assertThat(driver.getTitle()).isEqualTo("Signed out");
        openAuthorize("prompt", "none");
        assertThat(returned()).containsEntry("error", "login_required");
    }

    static {
        // Selenium's own driver lookup (Selenium Manager) must never download anything here.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
        try {
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
