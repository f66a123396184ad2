package io.rootmfa.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.chaos.ChaosWorld;
import io.rootmfa.operator.chaos.ChaosWorld.Target;
import io.rootmfa.operator.chaos.LeakScan;
import io.rootmfa.operator.chaos.OperatorProcess;
import io.rootmfa.operator.it.Conditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The image that {@code make image} built, run the way the chart runs it: podman with runc, the
 * image's own entrypoint, numeric user 65532, a read-only root filesystem with a tmpfs on /tmp, the
 * chart's default memory limit, and the host network to reach the test API server and the AWS
 * emulator (the kubeconfig mounted read-only). It must enroll an IAM user under an Enforce policy
 * ({@code Ready=True Compliant}) as uid 65532 on a read-only root, size its heap from the memory
 * limit, log no secret, and end by itself on SIGTERM.
 *
 * <p>{@code make test} builds the image first; without target/image/image.properties this test
 * fails. Only {@code -Dimage.it.skip=true} skips it, for a build that means to have no image.
 */
@DisabledIfSystemProperty(named = "image.it.skip", matches = "true")
class ImageIT {
  private static final Path IMAGE_PROPERTIES = Path.of("target", "image", "image.properties");
  private static final Path CHART_VALUES = Path.of("helm", "rootmfa-operator", "values.yaml");
  private static final String KUBECONFIG_IN_CONTAINER = "/etc/rootmfa/kubeconfig";
  private static final String JRE = "/usr/lib/jvm/java-25-openjdk-amd64";
  private static final Pattern FILE_REFERENCE =
      Pattern.compile("(?m)^(\\s*)(certificate-authority|client-certificate|client-key): (\\S+)$");
  private static final Pattern HEAP_MAX =
      Pattern.compile("(?m)^jvm_memory_max_bytes\\{([^}]*)\\}\\s+(\\S+)$");

  @Test
  void theImageEnrollsAnIamUserAsUser65532OnAReadOnlyRoot() throws Exception {
    Properties image = imageProperties();
    Path archive = Path.of(image.getProperty("archive"));
    String reference = image.getProperty("reference");
    assertThat(archive).as("the archive image.properties names").isRegularFile();
    Map<String, Object> values = chartValues();
    long memoryLimit = bytes((String) at(values, "resources", "limits", "memory"));
    assertThat(at(values, "securityContext", "runAsUser"))
        .as("the chart runs the image's user")
        .isEqualTo(Integer.parseInt(image.getProperty("user")));
    // The Deployment sets JAVA_TOOL_OPTIONS only when operator.javaToolOptions is not empty, and
    // the
    // JVM announces that variable on stderr: by default the log must be JSON only.
    assertThat(at(values, "operator", "javaToolOptions"))
        .as("the chart's default operator.javaToolOptions")
        .isEqualTo("");

    String container = "rootmfa-image-it-" + ProcessHandle.current().pid();
    Path kubeconfig = null;
    try (ChaosWorld world = ChaosWorld.forIntegrationTests()) {
      assertThat(Podman.run("load", "--input", archive.toString()))
          .contains("Loaded image: " + reference);
      assertThat(Podman.run("image", "inspect", "--format", "{{.Config.User}}", reference))
          .as("the image's own user, which the chart's runAsUser names")
          .isEqualTo("65532:65532");
      assertThat(runOnce(reference, "/bin/sh", "-c", "true"))
          .as("no shell in the image")
          .matches(r -> r.exitCode() != 0 && r.output().contains("/bin/sh"));
      // The emulator speaks plain HTTP: prove the trust store real AWS endpoints need is there.
      assertThat(
              runOnce(
                      reference,
                      JRE + "/bin/keytool",
                      "-list",
                      "-cacerts",
                      "-storepass",
                      "changeit")
                  .output())
          .containsPattern("Your keystore contains [1-9][0-9]{2} entries");
      // The rootmfa CLI ships in the same fast-jar; docs/cli.md runs it through the JVM like this.
      assertThat(
              runOnce(
                  reference,
                  JRE + "/bin/java",
                  "-cp",
                  "/app/app/*:/app/lib/main/*:/app/lib/boot/*",
                  "io.rootmfa.operator.cli.Main",
                  "--help"))
          .as("the rootmfa CLI in the image")
          .matches(r -> r.exitCode() == 0, "exits 0")
          .matches(
              r -> r.output().contains("console-enroll") && r.output().contains("code"),
              "lists its commands");

      Target t = world.newTarget("image", true);
      kubeconfig = selfContainedKubeconfig(world.cluster.kubeconfigYaml());
      int httpPort = OperatorProcess.freePort();
      List<String> run = new ArrayList<>(List.of("run", "--detach", "--name", container));
      run.addAll(runtimeFlags(memoryLimit));
      run.addAll(List.of("--volume", kubeconfig + ":" + KUBECONFIG_IN_CONTAINER + ":ro"));
      Map.of(
              "KUBECONFIG",
              KUBECONFIG_IN_CONTAINER,
              "ROOTMFA_AWS_ENDPOINT_OVERRIDE",
              world.aws.endpoint().toString(),
              "AWS_REGION",
              "us-east-1",
              "AWS_EC2_METADATA_DISABLED",
              "true",
              "POD_NAMESPACE",
              "rootmfa-system",
              "QUARKUS_HTTP_PORT",
              String.valueOf(httpPort),
              "ROOTMFA_LEADER_ELECTION_ENABLED",
              "false",
              "QUARKUS_OPERATOR_SDK_CONTROLLERS_ROOTMFAPOLICY_NAMESPACES",
              t.namespace())
          .forEach((name, value) -> run.addAll(List.of("--env", name + "=" + value)));
      run.add(reference);
      Podman.run(run.toArray(String[]::new));

      Awaitility.await("the operator in the container enrolls the IAM user")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                assertThat(Podman.run("inspect", "--format", "{{.State.Running}}", container))
                    .as("the container is running; its log:%n%s", logs(container))
                    .isEqualTo("true");
                return world.readyReason(t).equals(Optional.of("Compliant"));
              });
      assertThat(Conditions.status(world.policy(t), "Ready")).isEqualTo("True");
      assertThat(world.check(t).all()).isEmpty();

      long pid = Long.parseLong(Podman.run("inspect", "--format", "{{.State.Pid}}", container));
      assertThat(statusLine(pid, "Uid")).as("real, effective, saved, fs uid").isEqualTo(ids(65532));
      assertThat(statusLine(pid, "Gid")).isEqualTo(ids(65532));
      assertThat(rootMountOptions(pid))
          .as("the root filesystem, as the kernel mounted it")
          .startsWith("ro");

      // The percentage is the image's own (hack/image.sh JVM_FLAGS); the pools' sum is a little
      // less
      // than the whole heap (one survivor space is not counted).
      String entrypoint =
          Podman.run("image", "inspect", "--format", "{{json .Config.Entrypoint}}", reference);
      double percentage = maxRamPercentage(entrypoint);
      double heap = maxHeap(OperatorProcess.scrapeMetrics(httpPort));
      assertThat(heap / memoryLimit)
          .as(
              "max heap %.0f B / memory limit %d B, at -XX:MaxRAMPercentage=%s",
              heap, memoryLimit, percentage)
          .isBetween(percentage / 100 * 0.85, percentage / 100);
      assertThat(entrypoint)
          .as("the image's JVM runs the C1 compiler only (README, \"Performance\")")
          .contains("\"-XX:TieredStopAtLevel=1\"");

      Podman.run("stop", "--time", "30", container);
      assertThat(Podman.run("inspect", "--format", "{{.State.ExitCode}}", container))
          .as("ended by itself on SIGTERM (143), not killed (137)")
          .isIn("0", "143");
      String log = logs(container);
      Files.writeString(
          Files.createDirectories(world.logs).resolve("image-it.log"), log, StandardCharsets.UTF_8);
      assertThat(log).contains("Listening on");
      assertThat(log.lines().filter(line -> !line.isBlank()))
          .as("every line is a JSON log record (no JVM warning on stderr beside the log)")
          .allMatch(line -> line.startsWith("{"));
      assertThat(LeakScan.scan(world.aws.issuedSecretsForAssertions(), Map.of("container", log)))
          .isEmpty();
    } finally {
      Podman.attempt("rm", "--force", "--time", "0", container);
      Podman.attempt("rmi", "--force", reference);
      if (kubeconfig != null) {
        Files.deleteIfExists(kubeconfig);
      }
    }
  }

  /**
   * How the chart runs the image: host network, read-only root, user 65532, tmpfs on /tmp, and
   * ulimits below this machine's hard limits (podman's defaults exceed them).
   */
  private static List<String> runtimeFlags(long memoryLimit)
      throws IOException, InterruptedException {
    return List.of(
        "--network",
        "host",
        "--read-only",
        "--user",
        "65532",
        "--memory",
        String.valueOf(memoryLimit),
        "--tmpfs",
        "/tmp",
        "--ulimit",
        "nofile=" + belowHardLimit("n", 65_536),
        "--ulimit",
        "nproc=" + belowHardLimit("u", 8_192));
  }

  /** Runs {@code command} instead of the entrypoint in a throw-away container. */
  private static Podman.Result runOnce(String reference, String... command)
      throws IOException, InterruptedException {
    List<String> run = new ArrayList<>(List.of("run", "--rm"));
    run.addAll(runtimeFlags(256L << 20));
    run.addAll(List.of("--entrypoint", command[0], reference));
    run.addAll(List.of(command).subList(1, command.length));
    return Podman.attempt(run.toArray(String[]::new));
  }

  private static Properties imageProperties() throws IOException {
    if (!Files.isRegularFile(IMAGE_PROPERTIES)) {
      throw new IllegalStateException(
          IMAGE_PROPERTIES
              + " is missing: run `make image` (make test does), or skip this test with"
              + " -Dimage.it.skip=true");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(IMAGE_PROPERTIES)) {
      p.load(in);
    }
    return p;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> chartValues() throws IOException {
    return Serialization.unmarshal(Files.readString(CHART_VALUES), Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Object at(Map<String, Object> map, String... keys) {
    Object value = map;
    for (String key : keys) {
      value = ((Map<String, Object>) value).get(key);
    }
    return value;
  }

  /** A Kubernetes quantity in Mi or Gi, as bytes. */
  private static long bytes(String quantity) {
    Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
    if (!m.matches()) {
      throw new IllegalArgumentException("memory limit " + quantity + ": expected <n>Mi or <n>Gi");
    }
    return Long.parseLong(m.group(1)) << (m.group(2).equals("Mi") ? 20 : 30);
  }

  /**
   * soft:hard for a ulimit, at most {@code cap} and never above this machine's hard limit (podman's
   * defaults exceed it here).
   */
  private static String belowHardLimit(String ulimitFlag, long cap)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", "ulimit -H" + ulimitFlag).start();
    String hard = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    p.waitFor();
    long limit = hard.equals("unlimited") ? cap : Math.min(cap, Long.parseLong(hard));
    return limit + ":" + limit;
  }

  /**
   * The admin kubeconfig with its certificate files inlined, readable only by the container's user.
   */
  private static Path selfContainedKubeconfig(String yaml) throws IOException {
    Matcher m = FILE_REFERENCE.matcher(yaml);
    StringBuilder inlined = new StringBuilder();
    while (m.find()) {
      String data = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(m.group(3))));
      m.appendReplacement(inlined, m.group(1) + m.group(2) + "-data: " + data);
    }
    m.appendTail(inlined);
    assertThat(inlined.toString()).doesNotContain("certificate-authority:", "client-key:");
    Path file =
        Files.createTempFile(
            "rootmfa-image-it-kubeconfig",
            ".yaml",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, inlined);
    Files.setAttribute(file, "unix:uid", 65532);
    Files.setAttribute(file, "unix:gid", 65532);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    return file;
  }

  private static String logs(String container) {
    try {
      return Podman.attempt("logs", container).output();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  private static String ids(int id) {
    return id + "\t" + id + "\t" + id + "\t" + id;
  }

  /** A line of /proc/PID/status, without its name. */
  private static String statusLine(long pid, String name) throws IOException {
    return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
        .filter(l -> l.startsWith(name + ":"))
        .map(l -> l.substring(name.length() + 1).strip())
        .findFirst()
        .orElseThrow();
  }

  /** The mount options of "/" in the process's mount namespace (/proc/PID/mountinfo field 6). */
  private static String rootMountOptions(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "mountinfo")).stream()
        .map(l -> l.split(" "))
        .filter(f -> f[4].equals("/"))
        .map(f -> f[5])
        .reduce((first, last) -> last)
        .orElseThrow();
  }

  /** -XX:MaxRAMPercentage in the image's entrypoint (as JSON). */
  private static double maxRamPercentage(String entrypoint) {
    Matcher m = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(entrypoint);
    assertThat(m.find()).as("the entrypoint sets -XX:MaxRAMPercentage").isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** The sum of the heap pools' maximum sizes, as Micrometer's JVM binder reports them. */
  private static double maxHeap(String metrics) {
    double sum = 0;
    Matcher m = HEAP_MAX.matcher(metrics);
    while (m.find()) {
      double value = Double.parseDouble(m.group(2));
      if (m.group(1).contains("area=\"heap\"") && value > 0) {
        sum += value;
      }
    }
    assertThat(sum).as("jvm_memory_max_bytes{area=\"heap\"} in /q/metrics").isPositive();
    return sum;
  }
}
