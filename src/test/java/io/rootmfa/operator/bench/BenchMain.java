package io.rootmfa.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.Faults;
import io.rootmfa.operator.it.Bindings;
import io.rootmfa.operator.it.Conditions;
import io.rootmfa.operator.it.Policies;
import io.rootmfa.operator.it.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * {@code make bench}: the built operator as a process against a real API server and the AWS
 * emulator (every call delayed by {@code --latency-ms}), with N accounts, each with one IAM-user
 * {@code Enforce} policy reached through {@code assumeRole}, all created before the operator
 * starts. For each N it measures the enrollment of all N (operator ready → all {@code Compliant}),
 * then one {@code checkInterval} to settle and two steady ones, and prints one JSON line. Progress
 * and a breakdown go to stderr. It measures and never fails on timing: a run that does not finish
 * in time says so in its figures ({@code seconds_to_all_compliant: null}).
 *
 * <pre>
 * hack/bench.sh [--n 1000,5000] [--latency-ms 100] [--memory-limit 384m] [--check-interval 60s]
 * </pre>
 */
public final class BenchMain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPERATOR_ACCOUNT = "999999999999";
  private static final Set<String> SM_WRITES = Set.of("CreateSecret", "PutSecretValue");
  private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException");

  private final Path app;
  private final Path logs;
  private final int latencyMillis;
  private final String memoryLimit;
  private final Duration checkInterval;
  private final Properties operatorConfig;

  private BenchMain(
      Path app, Path logs, int latencyMillis, String memoryLimit, Duration checkInterval)
      throws IOException {
    this.app = app;
    this.logs = Files.createDirectories(logs);
    this.latencyMillis = latencyMillis;
    this.memoryLimit = memoryLimit;
    this.checkInterval = checkInterval;
    this.operatorConfig = new Properties();
    try (InputStream in = Files.newInputStream(Path.of("target/classes/application.properties"))) {
      operatorConfig.load(in);
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(1000, 5000);
    int latency = 100;
    String limit = "384m";
    Duration interval = Duration.ofSeconds(60);
    Path app = Path.of("target", "quarkus-app");
    Path logs = Path.of("target", "bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" ->
            sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--latency-ms" -> latency = Integer.parseInt(args[++i]);
        case "--memory-limit" -> limit = args[++i];
        case "--check-interval" -> interval = Duration.parse("PT" + args[++i].toUpperCase());
        case "--app" -> app = Path.of(args[++i]);
        case "--logs" -> logs = Path.of(args[++i]);
        default -> {
          System.err.println(
              "usage: BenchMain [--n 1000,5000] [--latency-ms 100] [--memory-limit 384m]"
                  + " [--check-interval 60s] [--app DIR] [--logs DIR]");
          System.exit(2);
        }
      }
    }
    BenchMain bench = new BenchMain(app, logs, latency, limit, interval);
    try {
      for (int n : sizes) {
        System.out.println(JSON.writeValueAsString(bench.run(n)));
        System.out.flush();
      }
    } finally {
      TestCluster.stopIfStarted();
    }
    System.exit(0);
  }

  private ObjectNode run(int n) throws Exception {
    TestCluster cluster = TestCluster.get();
    KubernetesClient admin = cluster.admin();
    try (AwsEmulator aws = AwsEmulator.builder().start()) {
      say("n=%d: creating %d accounts and policies (load %s)", n, n, load());
      EmulatedAccount platform = aws.createAccount(OPERATOR_ACCOUNT);
      platform.createUser("rootmfa-operator");
      AccessKey operatorKey = platform.createAccessKey("rootmfa-operator");
      String operatorArn = platform.user("rootmfa-operator").orElseThrow().arn();
      String namespace = cluster.newNamespace("bench-" + n);
      createPolicies(aws, admin, namespace, n, operatorArn);
      aws.faults().latency(Faults.ANY, Duration.ofMillis(latencyMillis));

      PolicyWatch watch = new PolicyWatch(admin, namespace);
      Map<String, String> env = new HashMap<>();
      env.put("KUBECONFIG", cluster.kubeconfigFile().toString());
      env.put("ROOTMFA_AWS_ENDPOINT_OVERRIDE", aws.endpoint().toString());
      env.put("QUARKUS_OPERATOR_SDK_CONTROLLERS_ROOTMFAPOLICY_NAMESPACES", namespace);
      env.put("POD_NAMESPACE", namespace);
      env.put("POD_NAME", "bench-operator");
      env.put("AWS_ACCESS_KEY_ID", operatorKey.accessKeyId());
      env.put("AWS_SECRET_ACCESS_KEY", operatorKey.secretAccessKey());
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
      env.put("MALLOC_ARENA_MAX", "2"); // as the chart sets it
      Path log = logs.resolve("operator-" + n + ".log");
      long started = System.nanoTime();
      try (OperatorUnderTest operator = OperatorUnderTest.start(app, memoryLimit, env, log);
          Sampler sampler = new Sampler(operator)) {
        await(operator::ready, operator, Duration.ofMinutes(3));
        long readyNanos = System.nanoTime();
        long cpuAtReady = operator.read().cpuMillis();
        say("n=%d: operator ready after %.1f s", n, (readyNanos - started) / 1e9);
        Duration deadline = Duration.ofSeconds(300 + n / 5);
        boolean allCompliant = await(() -> watch.compliant() >= n, operator, deadline);
        long doneNanos = System.nanoTime();
        long cpuAtDone = sampler.lastCpuMillis(operator);
        double seconds = (doneNanos - readyNanos) / 1e9;
        say(
            "n=%d: %d of %d Compliant after %.1f s (load %s)",
            n, watch.compliant(), n, seconds, load());

        say("n=%d: operator CPU ms by thread so far: %s", n, operator.cpuByThreadGroup());

        // Steady state: one interval for every policy to reach its slot, then two measured.
        sleepWhileAlive(operator, checkInterval);
        long writesBefore = watch.writes();
        long cpuBefore = sampler.lastCpuMillis(operator);
        Instant windowStart = aws.clock();
        sleepWhileAlive(operator, checkInterval.multipliedBy(2));
        Instant windowEnd = aws.clock();
        long cpuWindow = sampler.lastCpuMillis(operator) - cpuBefore;
        long idleWrites = watch.writes() - writesBefore;
        say("n=%d: steady window done (load %s)", n, load());

        Double heapLive = null;
        if (operator.isAlive()) {
          heapLive = operator.liveHeapBytes() / 1048576.0;
        }
        OperatorUnderTest.Reading last = sampler.last();
        boolean leaseLost =
            !operator.isAlive() || operator.log().contains("lost the leader-election Lease");

        CallFigures calls = CallFigures.of(aws.calls().all(), windowStart, windowEnd);
        calls.printBreakdown(n);
        int reconcileThreads =
            Integer.parseInt(
                operatorConfig.getProperty(
                    "quarkus.operator-sdk.concurrent-reconciliation-threads", "50"));
        double writesPerSecond =
            Double.parseDouble(
                operatorConfig.getProperty("rootmfa.secretsmanager.writes-per-second", "40"));
        double perEnrollment = calls.perEnrollment(n);
        double threadBound = reconcileThreads / (perEnrollment * latencyMillis / 1000.0);
        // Seeds are written to each account's own Secrets Manager: the pacing bound is per account
        // and region, so with one write per account it is N times the per-account rate.
        double pacingBound =
            writesPerSecond * calls.accountsWithSeedWrites() / Math.max(1e-9, calls.smWrites(n));
        boolean threadsBind = threadBound <= pacingBound;
        double limit = Math.min(threadBound, pacingBound);

        ObjectNode out = JSON.createObjectNode();
        out.put("n", n);
        out.put("latency_ms", latencyMillis);
        if (allCompliant) {
          out.put("seconds_to_all_compliant", round(seconds, 1));
          out.put("enrollments_per_s", round(n / seconds, 2));
        } else {
          out.putNull("seconds_to_all_compliant");
          out.put("enrollments_per_s", round(watch.compliant() / seconds, 2));
        }
        out.put("limit_per_s", round(limit, 2));
        out.put(
            "limit_bound",
            threadsBind
                ? reconcileThreads + " reconcile threads / (calls per enrollment x latency)"
                : "Secrets Manager pacing " + writesPerSecond + "/s per account and region");
        out.put("efficiency", round(out.get("enrollments_per_s").asDouble() / limit, 2));
        out.put("threads_max", sampler.maxThreads());
        out.put("rss_peak_mb", round(last.rssPeakKb() / 1024.0, 0));
        if (heapLive == null) {
          out.putNull("heap_live_mb");
        } else {
          out.put("heap_live_mb", round(heapLive, 1));
        }
        out.put("cpu_ms_per_enrollment", round((cpuAtDone - cpuAtReady) / (double) n, 2));
        out.put("aws_calls_per_enrollment", round(perEnrollment, 2));
        out.put("sm_writes_per_enrollment", round(calls.smWrites(n), 2));
        out.put("throttled_calls", calls.throttled());
        out.put("k8s_writes_idle", idleWrites);
        out.put("aws_calls_per_check", round(calls.perCheck(), 3));
        out.put(
            "cpu_ms_per_check",
            calls.checks() == 0 ? null : round(cpuWindow / (double) calls.checks(), 2));
        out.put("lease_lost", leaseLost ? 1 : 0);
        say(
            "n=%d: memory limit %s (flags %s), %d checks in the steady window, "
                + "driver JVM (API client, emulator) threads now %d",
            n, memoryLimit, OperatorUnderTest.JVM_FLAGS, calls.checks(), Thread.activeCount());
        return out;
      } finally {
        watch.close();
      }
    }
  }

  private void createPolicies(
      AwsEmulator aws, KubernetesClient admin, String namespace, int n, String operatorArn)
      throws Exception {
    List<String> accountIds = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      accountIds.add(String.format("%012d", 100_000_000_000L + i));
    }
    // The platform team binds the namespace to its accounts; each role trusts the derived external
    // id.
    Bindings.apply(admin, namespace, namespace, accountIds, "assumeRole");
    String externalId = Bindings.externalId(namespace, namespace);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        String accountId = accountIds.get(i - 1);
        EmulatedAccount account = aws.createAccount(accountId);
        account.createUser("breakglass");
        account.createRole("RootMfaEnroller", externalId, Set.of(operatorArn));
        String name = String.format("p-%05d", i);
        done.add(pool.submit(() -> admin.resource(policy(namespace, name, accountId)).create()));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private RootMfaPolicy policy(String namespace, String name, String accountId) {
    RootMfaPolicy p =
        Serialization.unmarshal(
            """
            apiVersion: rootmfa.io/v1alpha1
            kind: RootMfaPolicy
            metadata: {name: %s, namespace: %s}
            spec:
              accountId: "%s"
              mode: Enforce
              target: {iamUser: {userName: breakglass}}
              credentials: {assumeRole: {roleArn: "arn:aws:iam::%s:role/RootMfaEnroller"}}
              seedStore: {secretsManager: {secretName: "rootmfa/%s/breakglass"}}
              breakGlass: {ticket: BENCH-1, approvedBy: bench@example.com, %s}
              checkInterval: %ds
            """
                .formatted(
                    name,
                    namespace,
                    accountId,
                    accountId,
                    accountId,
                    Policies.window(Policies.OPEN),
                    checkInterval.toSeconds()),
            RootMfaPolicy.class);
    return p;
  }

  /** Waits for a condition while the operator lives; false when the time ran out or it died. */
  private static boolean await(BooleanSupplier condition, OperatorUnderTest operator, Duration max)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (!operator.isAlive()) {
        return false;
      }
      Thread.sleep(100);
    }
    return condition.getAsBoolean();
  }

  private static void sleepWhileAlive(OperatorUnderTest operator, Duration d)
      throws InterruptedException {
    await(() -> false, operator, d);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  static void say(String format, Object... args) {
    System.err.printf("bench: " + format + "%n", args);
  }

  /** Samples the operator's threads, memory and CPU four times a second. */
  private static final class Sampler implements AutoCloseable {
    private final Thread thread;
    private volatile OperatorUnderTest.Reading last = new OperatorUnderTest.Reading(0, 0, 0, 0);
    private final AtomicInteger maxThreads = new AtomicInteger();

    Sampler(OperatorUnderTest operator) {
      thread =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted() && operator.isAlive()) {
                  try {
                    OperatorUnderTest.Reading r = operator.read();
                    last = r;
                    maxThreads.accumulateAndGet(r.threads(), Math::max);
                    Thread.sleep(250);
                  } catch (IOException e) {
                    return; // the process is gone
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long lastCpuMillis(OperatorUnderTest operator) {
      try {
        if (operator.isAlive()) {
          last = operator.read();
        }
      } catch (IOException e) {
        // gone: keep the last reading
      }
      return last.cpuMillis();
    }

    OperatorUnderTest.Reading last() {
      return last;
    }

    int maxThreads() {
      return maxThreads.get();
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }

  /**
   * Watches the run's policies and Events: how many are {@code Compliant}, and how many writes
   * (policy changes, Events created or updated) the operator made.
   */
  private static final class PolicyWatch implements AutoCloseable {
    private final Map<String, Boolean> compliant = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final SharedIndexInformer<RootMfaPolicy> policies;
    private final SharedIndexInformer<Event> events;

    PolicyWatch(KubernetesClient client, String namespace) {
      policies =
          client
              .resources(RootMfaPolicy.class)
              .inNamespace(namespace)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(RootMfaPolicy p) {
                      note(p);
                    }

                    @Override
                    public void onUpdate(RootMfaPolicy before, RootMfaPolicy after) {
                      if (!Objects.equals(
                          before.getMetadata().getResourceVersion(),
                          after.getMetadata().getResourceVersion())) {
                        writes.incrementAndGet();
                      }
                      note(after);
                    }

                    @Override
                    public void onDelete(RootMfaPolicy p, boolean unknown) {
                      compliant.remove(p.getMetadata().getName());
                    }
                  });
      events =
          client
              .v1()
              .events()
              .inNamespace(namespace)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Event e) {
                      writes.incrementAndGet();
                    }

                    @Override
                    public void onUpdate(Event before, Event after) {
                      if (!Objects.equals(
                          before.getMetadata().getResourceVersion(),
                          after.getMetadata().getResourceVersion())) {
                        writes.incrementAndGet();
                      }
                    }

                    @Override
                    public void onDelete(Event e, boolean unknown) {}
                  });
    }

    private void note(RootMfaPolicy p) {
      if (Conditions.readyReason(p).equals(java.util.Optional.of("Compliant"))) {
        compliant.put(p.getMetadata().getName(), true);
      } else {
        compliant.remove(p.getMetadata().getName());
      }
    }

    int compliant() {
      return compliant.size();
    }

    long writes() {
      return writes.get();
    }

    @Override
    public void close() {
      policies.stop();
      events.stop();
    }
  }

  /** The AWS calls of a run, attributed to accounts: enrollment calls and steady checks. */
  private record CallFigures(
      long enrollmentCalls,
      long smWriteCalls,
      int accountsWithSeedWrites,
      long throttled,
      long windowCalls,
      long checks,
      Map<String, Long> enrollmentByOperation) {

    static CallFigures of(List<CallRecord> all, Instant windowStart, Instant windowEnd) {
      Map<String, List<CallRecord>> byAccount = new HashMap<>();
      long throttled = 0;
      long windowCalls = 0;
      long checks = 0;
      long smWrites = 0;
      Set<String> seedWriters = new java.util.HashSet<>();
      for (CallRecord c : all) {
        String account = accountOf(c);
        if (account == null || account.equals(OPERATOR_ACCOUNT)) {
          continue;
        }
        byAccount.computeIfAbsent(account, k -> new ArrayList<>()).add(c);
        if (THROTTLED.contains(c.outcome())) {
          throttled++;
        }
        if (SM_WRITES.contains(c.operation())) {
          smWrites++;
          seedWriters.add(account + "/" + c.region());
        }
        // A call is logged at its arrival; the latency is served after it.
        if (!c.time().isBefore(windowStart) && c.time().isBefore(windowEnd)) {
          windowCalls++;
          if (c.operation().equals("ListMFADevices")) {
            checks++;
          }
        }
      }
      long enrollment = 0;
      long spanMillis = 0;
      Map<String, Long> byOperation = new TreeMap<>();
      for (List<CallRecord> calls : byAccount.values()) {
        // An enrollment ends with the audit that verifies it: the first ListMFADevices after an
        // EnableMFADevice that AWS accepted. Later calls are regular checks.
        boolean enabled = false;
        for (CallRecord c : calls) {
          enrollment++;
          byOperation.merge(c.operation(), 1L, Long::sum);
          if (c.operation().equals("EnableMFADevice") && c.outcome().equals("OK")) {
            enabled = true;
          } else if (enabled && c.operation().equals("ListMFADevices")) {
            spanMillis += Duration.between(calls.get(0).time(), c.time()).toMillis();
            break;
          }
        }
      }
      say(
          "mean time from an account's first AWS call to its verifying audit: %d ms",
          byAccount.isEmpty() ? 0 : spanMillis / byAccount.size());
      return new CallFigures(
          enrollment, smWrites, seedWriters.size(), throttled, windowCalls, checks, byOperation);
    }

    /** The account a call acts in: the caller's, or for AssumeRole the role's. */
    private static String accountOf(CallRecord c) {
      if (c.operation().equals("AssumeRole")) {
        String arn = c.params().get("RoleArn");
        return arn == null ? null : arn.split(":")[4];
      }
      return c.accountId();
    }

    double perEnrollment(int n) {
      return enrollmentCalls / (double) n;
    }

    double smWrites(int n) {
      return smWriteCalls / (double) n;
    }

    double perCheck() {
      return checks == 0 ? 0 : windowCalls / (double) checks;
    }

    void printBreakdown(int n) {
      StringBuilder sb = new StringBuilder();
      enrollmentByOperation.forEach(
          (op, count) -> sb.append(String.format(" %s=%.2f", op, count / (double) n)));
      say("n=%d: AWS calls per enrollment by operation:%s", n, sb);
    }
  }
}
