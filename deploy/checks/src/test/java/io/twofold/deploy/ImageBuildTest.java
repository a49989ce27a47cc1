package io.twofold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile built as far as it can be without an engine: its build stage's Maven command, read
 * from the Dockerfile and run on a copy of the build context (the repository's files, none of its
 * build output), offline on the artifacts this build already has. What the runtime stage copies
 * must then exist, and the command must resolve nothing for the tests: the image build downloads
 * neither test-support (and with it the registry distribution and the embedded broker's test jars)
 * nor JUnit.
 */
class ImageBuildTest {

  private static final Path DOCKERFILE = Tool.ROOT.resolve("deploy/docker/Dockerfile");
  private static final List<String> SERVICES =
      List.of("policy-service", "enrollment-service", "challenge-service", "delivery-service");

  @TempDir static Path context;
  private static String dockerfile;
  private static String log;
  private static int exitCode;

  @BeforeAll
  static void buildTheBuildStage() throws Exception {
    dockerfile = Files.readString(DOCKERFILE);
    copyBuildContext(context);
    List<String> command = new ArrayList<>(List.of("bash"));
    for (String argument : mavenCommand(dockerfile)) {
      if (!argument.equals("-q")) {
        command.add(argument.equals("./mvnw") ? "mvnw" : argument);
      }
    }
    command.addAll(1 + 1, List.of("-o", "-X"));
    Path output = context.resolve("build.log");
    Process build = new ProcessBuilder(command).directory(context.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    if (!build.waitFor(10, TimeUnit.MINUTES)) {
      build.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 minutes");
    }
    exitCode = build.exitValue();
    log = Files.readString(output, StandardCharsets.UTF_8);
  }

  /** The tokens of the build stage's {@code RUN ... ./mvnw ...}, its line continuations joined. */
  static List<String> mavenCommand(String dockerfile) {
    Matcher run = Pattern.compile("(?m)^RUN (?:--mount=\\S+ )*(\\./mvnw(?:[^\\n]*\\\\\\n)*[^\\n]*)").matcher(dockerfile);
    assertThat(run.find()).as("the Dockerfile builds with ./mvnw").isTrue();
    List<String> tokens = new ArrayList<>();
    Matcher token = Pattern.compile("'([^']*)'|(\\S+)").matcher(run.group(1).replace("\\\n", " "));
    while (token.find()) {
      tokens.add(token.group(1) != null ? token.group(1) : token.group(2));
    }
    return tokens;
  }

  /** What {@code COPY . .} sends: the tracked and untracked files git does not ignore (no target/). */
  private static void copyBuildContext(Path into) throws IOException, InterruptedException {
    Process files = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        .directory(Tool.ROOT.toFile()).start();
    String listing = new String(files.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(files.waitFor()).isZero();
    for (String file : listing.split("\0")) {
      Path source = Tool.ROOT.resolve(file);
      if (!file.isEmpty() && Files.isRegularFile(source)) {
        Path target = into.resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  @Test
  void theBuildStageSucceeds() {
    assertThat(exitCode).as(tail(log)).isZero();
  }

  @Test
  void everyFileTheRuntimeStageCopiesExists() throws IOException {
    Matcher copy = Pattern.compile("(?m)^COPY --from=build /src/(\\S+) ").matcher(dockerfile);
    assertThat(copy.find()).isTrue();
    for (String service : SERVICES) {
      String pattern = copy.group(1).replace("${SERVICE}", service);
      var matcher = FileSystems.getDefault().getPathMatcher("glob:" + context.resolve(pattern));
      try (Stream<Path> files = Files.walk(context.resolve(service))) {
        assertThat(files.filter(matcher::matches).toList()).as(pattern).hasSize(1);
      }
    }
    Matcher plain = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
    while (plain.find()) {
      assertThat(Tool.ROOT.resolve(plain.group(1))).as("COPY " + plain.group(1)).exists();
    }
  }

  /**
   * Each module's build plan names the scopes Maven resolves (the whole test classpath as soon as
   * any step asks for it, even a skipped one): none may hold the test scope, except a module whose
   * dependencies have nothing in it (the schemas module's code generator asks for the test
   * classpath, so its test dependency is left out in the image build).
   */
  @Test
  void nothingOnlyTheTestsNeedIsResolved() {
    Pattern testDependency = Pattern.compile("(?m)^\\[DEBUG\\]\\s+[\\w.\\-]+:[\\w.\\-]+:[\\w\\-]+:[^:\\s]+(:[^:\\s]+)?:test\\b");
    List<String> modules = List.of(log.split("(?m)^\\[INFO\\] Building (?=[\\w\\-]+ \\d)"));
    int plans = 0;
    for (String module : modules.subList(1, modules.size())) {
      String name = module.substring(0, module.indexOf(' '));
      Matcher resolved = Pattern.compile("(?m)^\\[DEBUG\\] Dependencies \\(resolve\\): (.*)$").matcher(module);
      assertThat(resolved.find()).as(name + " has a build plan").isTrue();
      plans++;
      if (resolved.group(1).contains("test")) {
        assertThat(testDependency.matcher(module).find()).as(name + " resolves its test classpath, which must be empty").isFalse();
      }
    }
    assertThat(plans).isGreaterThanOrEqualTo(SERVICES.size());
    assertThat(log).doesNotContain("Building test-support")
        .doesNotContainPattern("--- maven-surefire-plugin:\\S+:test ")
        .doesNotContainPattern("--- maven-compiler-plugin:\\S+:testCompile ");
  }

  private static String tail(String text) {
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }
}
