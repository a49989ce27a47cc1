package io.twofold.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool the checks need, and says how to get it when it is missing. */
final class Tool {

  /** The repository root (this module is deploy/checks). */
  static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  record Result(int exitCode, String output) {}

  private Tool() {}

  static Result run(Path directory, String... command) {
    if (!onPath(command[0])) {
      throw new IllegalStateException(command[0] + " is not installed, and deploy/checks/ensure-tools.sh"
          + " (which the build runs before these tests) could not install it; see its output above");
    }
    try {
      Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String productionOverlay;

  /**
   * The production overlay as {@code kubectl apply -k} would send it ({@code kubectl kustomize}),
   * rendered once per test run.
   */
  static synchronized String renderedProductionOverlay() {
    if (productionOverlay == null) {
      Result rendered = run(ROOT, "kubectl", "kustomize", "deploy/kubernetes/overlays/production");
      if (rendered.exitCode() != 0) {
        throw new IllegalStateException("kubectl kustomize failed: " + rendered.output());
      }
      productionOverlay = rendered.output();
    }
    return productionOverlay;
  }

  static Result run(Path directory, List<String> command) {
    return run(directory, command.toArray(String[]::new));
  }

  static boolean onPath(String executable) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Path.of(dir, executable).toFile().canExecute()) {
        return true;
      }
    }
    return false;
  }

  static List<String> with(List<String> head, List<String> tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(tail);
    return all;
  }
}
