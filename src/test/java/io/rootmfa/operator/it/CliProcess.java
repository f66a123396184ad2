package io.rootmfa.operator.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The {@code rootmfa} CLI as a separate process (a JVM on the test classpath, as {@code
 * bin/rootmfa} runs it from the fast-jar), with stdin a pipe, stdout and stderr captured, and an
 * environment of its own: no AWS or Kubernetes settings of the machine leak in.
 */
final class CliProcess implements AutoCloseable {
  private final Process process;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private CliProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), stdout);
    pump(process.getErrorStream(), stderr);
  }

  /** The environment of a person: a kubeconfig, AWS keys (or none), the emulator as endpoint. */
  static Map<String, String> env(
      Path kubeconfig, String endpoint, String accessKey, String secret) {
    Map<String, String> env = new HashMap<>();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("AWS_ENDPOINT_URL", endpoint);
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_CONFIG_FILE", "/nonexistent/rootmfa-test/config");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/rootmfa-test/credentials");
    if (accessKey != null) {
      env.put("AWS_ACCESS_KEY_ID", accessKey);
      env.put("AWS_SECRET_ACCESS_KEY", secret);
    }
    return env;
  }

  static CliProcess start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // As bin/rootmfa: no warning about Netty's sun.misc.Unsafe use on stderr.
    command.add("--sun-misc-unsafe-memory-access=allow");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.rootmfa.operator.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
    pb.environment().putAll(env);
    return new CliProcess(pb.start());
  }

  /** Runs to the end with this stdin; fails the test after two minutes. */
  static CliProcess run(Map<String, String> env, String stdin, String... args) throws Exception {
    CliProcess p = start(env, args);
    p.type(stdin);
    p.awaitExit(Duration.ofMinutes(2));
    return p;
  }

  void type(String text) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(text.getBytes(StandardCharsets.US_ASCII));
    in.flush();
    in.close();
  }

  /** Waits until stdout matches {@code pattern} and returns the match. */
  Matcher awaitStdout(Pattern pattern, Duration atMost) {
    Matcher[] found = new Matcher[1];
    Awaitility.await("CLI output " + pattern)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Matcher m = pattern.matcher(stdout());
              if (m.find()) {
                found[0] = m;
                return true;
              }
              if (!process.isAlive()) {
                throw new AssertionError("the CLI exited " + process.exitValue() + ": " + stderr());
              }
              return false;
            });
    return found[0];
  }

  int awaitExit(Duration atMost) throws InterruptedException {
    if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the CLI did not exit in " + atMost + "; stdout: " + stdout());
    }
    return process.exitValue();
  }

  int exitCode() {
    return process.exitValue();
  }

  String stdout() {
    synchronized (stdout) {
      return stdout.toString(StandardCharsets.UTF_8);
    }
  }

  String stderr() {
    synchronized (stderr) {
      return stderr.toString(StandardCharsets.UTF_8);
    }
  }

  private static void pump(InputStream from, ByteArrayOutputStream to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[4096];
              try {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                  synchronized (to) {
                    to.write(buffer, 0, n);
                  }
                }
              } catch (IOException ignored) {
                // The process ended.
              }
            },
            "cli-output");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
