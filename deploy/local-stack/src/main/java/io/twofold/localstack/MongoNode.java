package io.twofold.localstack;

import de.bwaldvogel.mongo.MongoServer;
import io.twofold.testsupport.ChildProcess;
import io.twofold.testsupport.mongo.IndexedMemoryBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Mongo wire server in a process of its own, in memory: for a stack whose database tests stop
 * and freeze like a real one ({@code kill -STOP}), which the in-process server cannot be.
 */
public final class MongoNode {

  private MongoNode() {}

  /** Serves on the port given as the first argument until killed. */
  public static void main(String[] args) throws InterruptedException {
    MongoServer server = new MongoServer(new IndexedMemoryBackend());
    server.bind("127.0.0.1", Integer.parseInt(args[0]));
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "stop-mongo"));
    Thread.currentThread().join();
  }

  static ChildProcess start(int port, Path logs) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return ChildProcess.start("mongo", List.of(java, "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), MongoNode.class.getName(), Integer.toString(port)),
        Map.of(), logs.resolve("mongo.log"));
  }
}
