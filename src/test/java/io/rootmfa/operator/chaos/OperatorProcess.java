package io.rootmfa.operator.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The operator as production runs it: {@code java -jar quarkus-run.jar} in a process of its own,
 * configured only through its environment, its stdout and stderr captured to a file. {@link
 * #kill()} is SIGKILL: no shutdown hook, no finally block, no exception inside the operator.
 */
public final class OperatorProcess implements AutoCloseable {
  private static Path app;

  private final Process process;
  private final Path log;
  private final int httpPort;

  private OperatorProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Starts the operator watching {@code namespaces}, with leader election off unless {@code env}
   * turns it on, and logging of io.rootmfa at TRACE and of AWS SDK requests and the operator SDK at
   * DEBUG (for the leak scan).
   */
  public static OperatorProcess start(
      Path kubeconfig, URI awsEndpoint, List<String> namespaces, Path log, Map<String, String> env)
      throws IOException {
    int port = freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A quicker start (about a second less) matters when a chaos run starts hundreds of
                // processes.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                // As the image: no warning about Netty's sun.misc.Unsafe use on stderr.
                "--sun-misc-unsafe-memory-access=allow",
                "-jar",
                app().resolve("quarkus-run.jar").toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    Map<String, String> e = pb.environment();
    e.put("KUBECONFIG", kubeconfig.toString());
    e.put("ROOTMFA_AWS_ENDPOINT_OVERRIDE", awsEndpoint.toString());
    e.put("POD_NAMESPACE", "rootmfa-system");
    e.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    e.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
    e.put("ROOTMFA_LEADER_ELECTION_ENABLED", "false");
    e.put(
        "QUARKUS_OPERATOR_SDK_CONTROLLERS_ROOTMFAPOLICY_NAMESPACES", String.join(",", namespaces));
    e.put(
        "QUARKUS_OPERATOR_SDK_CONTROLLERS_ORGANIZATIONROOTMFAPOLICY_NAMESPACES",
        String.join(",", namespaces));
    e.put("QUARKUS_LOG_CATEGORY__IO_ROOTMFA__LEVEL", "TRACE");
    e.put("QUARKUS_LOG_CATEGORY__SOFTWARE_AMAZON_AWSSDK_REQUEST__LEVEL", "DEBUG");
    e.put("QUARKUS_LOG_CATEGORY__IO_JAVAOPERATORSDK__LEVEL", "DEBUG");
    e.put("AWS_EC2_METADATA_DISABLED", "true");
    e.putAll(env);
    return new OperatorProcess(pb.start(), log, port);
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGKILL without waiting (for shutdown hooks). */
  void destroyNow() {
    process.destroyForcibly();
  }

  /** SIGTERM; SIGKILL if it has not ended within 30 s. Returns true when it ended by itself. */
  public boolean stop() throws InterruptedException {
    process.destroy();
    boolean ended = process.waitFor(30, TimeUnit.SECONDS);
    if (!ended) {
      kill();
    }
    return ended;
  }

  /** Waits until Quarkus reports the process started (HTTP listening, controller registered). */
  public boolean awaitStarted(Duration timeout) throws InterruptedException {
    return ChaosWorld.await(
        () -> {
          try {
            return log().contains("Listening on");
          } catch (IOException e) {
            return false;
          }
        },
        timeout);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return log;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  /** GET /q/metrics of the running process. */
  public String scrapeMetrics() throws IOException, InterruptedException {
    return scrapeMetrics(httpPort);
  }

  /**
   * GET /q/metrics of an operator listening on 127.0.0.1:{@code port} (a process or a container).
   */
  public static String scrapeMetrics(int port) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }

  /**
   * A private copy of target/quarkus-app, made once per JVM: other builds in the same tree may
   * rebuild the jar while a long chaos run is still starting processes from it.
   */
  static synchronized Path app() throws IOException {
    if (app == null) {
      Path source = Path.of("target", "quarkus-app");
      if (!Files.isRegularFile(source.resolve("quarkus-run.jar"))) {
        throw new IllegalStateException(
            source + "/quarkus-run.jar is missing: run `mvn package` first");
      }
      Path copy = Files.createTempDirectory("rootmfa-operator-app");
      try (Stream<Path> files = Files.walk(source)) {
        files.forEach(
            f -> {
              try {
                Path to = copy.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                  Files.createDirectories(to);
                } else {
                  Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
              } catch (IOException ex) {
                throw new UncheckedIOException(ex);
              }
            });
      }
      app = copy;
    }
    return app;
  }

  /** A port nothing listens on now, for an operator's HTTP server. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
