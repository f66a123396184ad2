package io.rootmfa.operator.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built operator ({@code java -jar target/quarkus-app/quarkus-run.jar}) as a process, started
 * with the JVM flags of the image and a memory limit, and what the kernel and the JVM say about it:
 * threads, resident memory and its peak, CPU time, live heap after a full GC.
 */
final class OperatorUnderTest implements AutoCloseable {
  /**
   * The flags the operator's JVM runs with: the image's ({@code hack/image.sh} JVM_FLAGS, with
   * {@code -XX:TieredStopAtLevel=1}: the C1 compiler only; C2 spent as much CPU compiling as the
   * operator spent enrolling 1,000 accounts). {@code -XX:MaxRAM} stands for the pod's memory limit.
   */
  static final List<String> JVM_FLAGS =
      List.of(
          "-XX:MaxRAMPercentage=70",
          "-XX:InitialRAMPercentage=50",
          "-XX:+ExitOnOutOfMemoryError",
          "-XX:+UseCompactObjectHeaders",
          "--sun-misc-unsafe-memory-access=allow",
          "-XX:TieredStopAtLevel=1");

  private static final long CLOCK_TICKS_PER_SECOND = 100;
  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

  private final Process process;
  private final int httpPort;
  private final Path log;

  private OperatorUnderTest(Process process, int httpPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  static OperatorUnderTest start(Path app, String memoryLimit, Map<String, String> env, Path log)
      throws IOException {
    int port = freePort();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(JVM_FLAGS);
    command.add("-XX:MaxRAM=" + memoryLimit);
    // In a pod the JVM sees the memory limit as the machine's memory, and under 1792 MiB it picks
    // the serial collector; -XX:MaxRAM alone does not change that choice on a larger host.
    if (megabytes(memoryLimit) < 1792) {
      command.add("-XX:+UseSerialGC");
    }
    // For a person investigating a run (e.g. -XX:StartFlightRecording=...): never set by make
    // bench.
    String extra = System.getenv("BENCH_OPERATOR_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", app.resolve("quarkus-run.jar").toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    pb.environment().putAll(env);
    pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    return new OperatorUnderTest(pb.start(), port, log);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** True once {@code /q/health/ready} answers 200. */
  boolean ready() {
    try {
      return HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** One reading of /proc/&lt;pid&gt;: threads, resident memory, its peak, CPU time. */
  record Reading(int threads, long rssKb, long rssPeakKb, long cpuMillis) {}

  Reading read() throws IOException {
    Path proc = Path.of("/proc", String.valueOf(pid()));
    int threads = 0;
    long rss = 0;
    long peak = 0;
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.substring(8).trim());
      } else if (line.startsWith("VmRSS:")) {
        rss = kilobytes(line);
      } else if (line.startsWith("VmHWM:")) {
        peak = kilobytes(line);
      }
    }
    String stat = Files.readString(proc.resolve("stat"));
    // Fields after the command name (which may hold spaces) start at its closing parenthesis.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return new Reading(threads, rss, peak, ticks * 1000 / CLOCK_TICKS_PER_SECOND);
  }

  /** One thread's name (without its numbers) and CPU milliseconds. */
  record ThreadCpu(String group, long millis) {}

  /** Every thread's CPU so far, by thread id. */
  java.util.Map<String, ThreadCpu> cpuByThread() throws IOException {
    java.util.Map<String, ThreadCpu> byId = new java.util.HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid()), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "N");
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS_PER_SECOND;
          byId.put(task.getFileName().toString(), new ThreadCpu(name, ms));
        } catch (IOException gone) {
          // the thread ended meanwhile
        }
      }
    }
    return byId;
  }

  /** CPU milliseconds by thread group (thread names without their numbers), most first. */
  java.util.Map<String, Long> cpuByThreadGroup() throws IOException {
    return since(java.util.Map.of(), cpuByThread());
  }

  /**
   * CPU milliseconds by thread group between two {@link #cpuByThread} readings, most first, each
   * thread under its name at the second reading (the operator SDK renames its reconcile threads
   * while they reconcile); threads that ended meanwhile are not counted.
   */
  static java.util.Map<String, Long> since(
      java.util.Map<String, ThreadCpu> before, java.util.Map<String, ThreadCpu> after) {
    java.util.Map<String, Long> byGroup = new java.util.HashMap<>();
    after.forEach(
        (id, now) -> {
          ThreadCpu then = before.get(id);
          byGroup.merge(now.group(), now.millis() - (then == null ? 0 : then.millis()), Long::sum);
        });
    java.util.Map<String, Long> sorted = new java.util.LinkedHashMap<>();
    byGroup.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** Live heap in bytes: {@code jcmd GC.class_histogram} counts live objects after a full GC. */
  long liveHeapBytes() throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid()),
                "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor(60, TimeUnit.SECONDS);
    Matcher m = HISTOGRAM_TOTAL.matcher(out);
    if (!m.find()) {
      throw new IOException("jcmd GC.class_histogram gave no total: " + out.lines().findFirst());
    }
    return Long.parseLong(m.group(1));
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** {@code 512m}, {@code 1g}, {@code 384Mi} in MiB. */
  static long megabytes(String size) {
    String s = size.toLowerCase(java.util.Locale.ROOT).replace("i", "");
    long n = Long.parseLong(s.replaceAll("[^0-9]", ""));
    return s.endsWith("g") ? n * 1024 : s.endsWith("k") ? n / 1024 : n;
  }

  private static long kilobytes(String statusLine) {
    return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
