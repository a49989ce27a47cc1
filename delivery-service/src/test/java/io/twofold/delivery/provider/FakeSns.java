package io.twofold.delivery.provider;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.twofold.testsupport.FormBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A loopback stand-in for AWS SNS's Query API as documented: {@code POST /} with a form body
 * ({@code Action=Publish}), signed with Signature Version 4, which this fake checks itself (canonical
 * request, string to sign, derived key) rather than trusting the SDK that signed it. A request whose
 * signature does not match gets SNS's {@code SignatureDoesNotMatch} (403); any other request gets the
 * answer a test scripted: SNS's own XML, a gateway's HTML, nothing readable, or no answer in time.
 */
public final class FakeSns implements AutoCloseable {

  public static final String ACCESS_KEY = "AKIDEXAMPLE";
  public static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  public static final String REGION = "eu-west-1";
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

  /** What the fake saw: the form's fields, and whether its signature held. */
  public record Received(Map<String, String> form, boolean signed) {}

  public record Answer(int status, String contentType, String body, long delayMillis) {}

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Answer answer = published("567910cd-659e-55d4-8ccb-5aaf14679dc0");

  public FakeSns() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    // a thread per request: a request held past a timeout must not hold up the next test's
    server.setExecutor(threads);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void answer(Answer next) {
    answer = next;
  }

  public List<Received> received() {
    return received;
  }

  public static Answer published(String messageId) {
    return new Answer(200, "text/xml", """
        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <PublishResult><MessageId>%s</MessageId></PublishResult>
          <ResponseMetadata><RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata>
        </PublishResponse>""".formatted(messageId), 0);
  }

  /** SNS's documented error document. */
  public static Answer error(int status, String type, String code, String message) {
    return new Answer(status, "text/xml", """
        <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>
          <RequestId>9b3c1e5a-1f5b-5c4e-9d1e-1c1b2a3d4e5f</RequestId>
        </ErrorResponse>""".formatted(type, code, message), 0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    boolean signed = signatureHolds(exchange, body);
    received.add(new Received(FormBody.parse(new String(body, StandardCharsets.UTF_8)), signed));
    Answer reply = signed ? answer
        : error(403, "Sender", "SignatureDoesNotMatch", "The request signature we calculated does not match");
    sleep(reply.delayMillis());
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", reply.contentType());
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  /** Signature Version 4, as AWS documents it, for requests without a query string. */
  private static boolean signatureHolds(HttpExchange exchange, byte[] body) {
    Headers headers = exchange.getRequestHeaders();
    Matcher authorization = AUTHORIZATION.matcher(String.valueOf(headers.getFirst("Authorization")));
    String amzDate = headers.getFirst("X-Amz-Date");
    if (!authorization.matches() || amzDate == null || !amzDate.startsWith(authorization.group(2))
        || !authorization.group(1).equals(ACCESS_KEY) || !authorization.group(3).equals(REGION)
        || !authorization.group(4).equals("sns")) {
      return false;
    }
    String signedHeaders = authorization.group(5);
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      List<String> values = headers.get(name);
      if (values == null) {
        return false;
      }
      canonicalHeaders.append(name).append(':')
          .append(String.join(",", values.stream().map(v -> v.trim().replaceAll(" +", " ")).toList())).append('\n');
    }
    String payloadHash = HexFormat.of().formatHex(sha256(body));
    String canonicalRequest = String.join("\n", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery(),
        canonicalHeaders.toString(), signedHeaders, payloadHash);
    String scope = authorization.group(2) + "/" + REGION + "/sns/aws4_request";
    String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope,
        HexFormat.of().formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
    byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), authorization.group(2));
    key = hmac(key, REGION);
    key = hmac(key, "sns");
    key = hmac(key, "aws4_request");
    String expected = HexFormat.of().formatHex(hmac(key, stringToSign));
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        authorization.group(6).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
