package io.twofold.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser: Debian's headless Chromium driven through its chromedriver (installed by
 * deploy/checks/ensure-tools.sh; Selenium Manager never downloads anything), one per journey, with
 * a screenshot of each page into {@code target/screenshots}.
 */
final class Browser implements AutoCloseable {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final String baseUrl;
  private final String journey;
  private int shots;
  /** A mark left in the page of the last click, until {@link #at} has seen the browser leave it. */
  private String clickedOn;
  private int clicks;

  Browser(String baseUrl, String journey) {
    this.baseUrl = baseUrl;
    this.journey = journey;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary("CHROMIUM_BIN", "/usr/bin/chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1100,900", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(binary("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")).toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  private static String binary(String variable, String fallback) {
    String configured = System.getenv(variable);
    return configured != null && !configured.isBlank() ? configured : fallback;
  }

  Browser open(String path) {
    driver.get(baseUrl + path);
    clickedOn = null;
    return this;
  }

  WebElement find(String css) {
    return new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  boolean has(String css) {
    return !driver.findElements(By.cssSelector(css)).isEmpty();
  }

  Browser type(String css, String text) {
    WebElement field = find(css);
    field.clear();
    field.sendKeys(text);
    return this;
  }

  Browser click(String css) {
    WebElement target = find(css);
    // a variable of the page's window: a new document has none, so its absence means the page left
    clickedOn = "click-" + ++clicks;
    driver.executeScript("window.twofoldClick = arguments[0]", clickedOn);
    target.click();
    return this;
  }

  String text(String css) {
    return find(css).getText();
  }

  String path() {
    return driver.getCurrentUrl().substring(baseUrl.length()).replaceAll("[?#].*", "");
  }

  /**
   * Waits until the browser has left the page of the last click and shows this path, loaded. A
   * form that answers with the page it was posted from has the same path before and after, so the
   * path alone would let the next step read the old page.
   */
  Browser at(String path) {
    String left = clickedOn;
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .ignoring(org.openqa.selenium.WebDriverException.class) // asked while the page changes
        .until(d -> (left == null || !left.equals(driver.executeScript("return window.twofoldClick")))
            && path().equals(path)
            && "complete".equals(driver.executeScript("return document.readyState")));
    clickedOn = null;
    return this;
  }

  String pageSource() {
    return driver.getPageSource();
  }

  /** The password step, as a user does it. */
  Browser signIn(String user, String password) {
    open("/login").type("#username", user).type("#password", password).click("#login button");
    return this;
  }

  Browser signOut() {
    click("header form button");
    return at("/login");
  }

  /** Saves what the page looks like now: target/screenshots/<journey>-<n>-<name>.png. */
  Browser screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(String.format("%s-%02d-%s.png", journey, ++shots, name)),
          driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
