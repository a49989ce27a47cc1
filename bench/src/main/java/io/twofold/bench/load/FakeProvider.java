package io.twofold.bench.load;

import com.sun.net.httpserver.HttpServer;
import io.twofold.testsupport.FormBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for Twilio's Messages API that answers 201 after a delay, as a real provider
 * does (changed between runs: a slow provider makes delivery capacity-bound), and records when each
 * phone number's newest message arrived and its code.
 */
final class FakeProvider implements AutoCloseable {

  static final String ACCOUNT = "AC00000000000000000000000000000be7";
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

  record Received(long nanos, String code) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Received> newest = new ConcurrentHashMap<>();
  private final AtomicLong count = new AtomicLong();
  private volatile long delayMillis;

  FakeProvider(long initialDelayMillis) {
    this.delayMillis = initialDelayMillis;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json", exchange -> {
      long arrived = System.nanoTime();
      Map<String, String> form = FormBody.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Matcher code = CODE.matcher(form.getOrDefault("Body", ""));
      newest.put(form.get("To"), new Received(arrived, code.find() ? code.group(1) : null));
      count.incrementAndGet();
      sleep(this.delayMillis);
      byte[] body = "{\"sid\":\"SM00000000000000000000000000000be7\",\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(201, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.setExecutor(threads);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The delay of the answers to come: when a message received now is answered. */
  long delayMillis() {
    return delayMillis;
  }

  /** The delay of the answers to come. */
  void delay(long millis) {
    delayMillis = millis;
  }

  Received newest(String phone) {
    return newest.get(phone);
  }

  long count() {
    return count.get();
  }

  void forget() {
    newest.clear();
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
