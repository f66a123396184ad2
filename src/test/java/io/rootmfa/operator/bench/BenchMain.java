package io.rootmfa.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatedOrganization;
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
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code make bench}: the built operator as a process against a real API server and the AWS
 * emulator (every call delayed by {@code --latency-ms}), in two kinds of run. {@code policies}: N
 * accounts, each with one IAM-user {@code Enforce} policy reached through {@code assumeRole}, all
 * created before the operator starts, measured until all N are {@code Compliant}. {@code
 * organization}: one {@code OrganizationRootMfaPolicy} (Audit, {@code assumeRoot}) over an
 * organization of N members whose roots have no password and no keys, created before the operator
 * starts, measured until the operator has created all N children and each is {@code NotApplicable}
 * (compliant: root cannot sign in). The organization's children check every {@code
 * --check-interval}, or less often when steady audits of N children would otherwise keep more than
 * half the reconcile threads busy (see {@link #organizationCheckInterval}). Each run then waits one
 * check interval to settle and measures two steady ones, and prints one JSON line with the same
 * figures (per enrollment or per account). Progress and a breakdown go to stderr. It measures and
 * never fails on timing: a run that does not finish in time says so in its figures ({@code
 * seconds_to_all_compliant: null}).
 *
 * <pre>
 * hack/bench.sh [--n 1000,5000] [--org-accounts 5000] [--org-creations-per-second 20]
 *               [--latency-ms 100] [--memory-limit 384m] [--check-interval 60s]
 * </pre>
 */
public final class BenchMain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPERATOR_ACCOUNT = "999999999999";
  private static final String MANAGEMENT_ACCOUNT = "990000000000";
  private static final Set<String> SM_WRITES = Set.of("CreateSecret", "PutSecretValue");
  private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException");

  /** A steady audit through a reused root session: login profile, keys, certificates, devices. */
  private static final int ORGANIZATION_CALLS_PER_CHECK = 4;

  private final Path app;
  private final Path logs;
  private final int latencyMillis;
  private final String memoryLimit;
  private final Duration checkInterval;
  private final int childCreationsPerSecond;
  private final Properties operatorConfig;

  private BenchMain(
      Path app,
      Path logs,
      int latencyMillis,
      String memoryLimit,
      Duration checkInterval,
      int childCreationsPerSecond)
      throws IOException {
    this.app = app;
    this.logs = Files.createDirectories(logs);
    this.latencyMillis = latencyMillis;
    this.memoryLimit = memoryLimit;
    this.checkInterval = checkInterval;
    this.childCreationsPerSecond = childCreationsPerSecond;
    this.operatorConfig = new Properties();
    try (InputStream in = Files.newInputStream(Path.of("target/classes/application.properties"))) {
      operatorConfig.load(in);
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(1000, 5000);
    List<Integer> organizationSizes = List.of(5000);
    int latency = 100;
    String limit = "384m";
    Duration interval = Duration.ofSeconds(60);
    int creationsPerSecond = 20;
    Path app = Path.of("target", "quarkus-app");
    Path logs = Path.of("target", "bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> sizes = sizes(args[++i]);
        case "--org-accounts" -> organizationSizes = sizes(args[++i]);
        case "--org-creations-per-second" -> creationsPerSecond = Integer.parseInt(args[++i]);
        case "--latency-ms" -> latency = Integer.parseInt(args[++i]);
        case "--memory-limit" -> limit = args[++i];
        case "--check-interval" -> interval = Duration.parse("PT" + args[++i].toUpperCase());
        case "--app" -> app = Path.of(args[++i]);
        case "--logs" -> logs = Path.of(args[++i]);
        default -> {
          System.err.println(
              "usage: BenchMain [--n 1000,5000] [--org-accounts 5000]"
                  + " [--org-creations-per-second 20] [--latency-ms 100] [--memory-limit 384m]"
                  + " [--check-interval 60s] [--app DIR] [--logs DIR]   (0 skips a run)");
          System.exit(2);
        }
      }
    }
    BenchMain bench = new BenchMain(app, logs, latency, limit, interval, creationsPerSecond);
    try {
      for (int n : sizes) {
        System.out.println(JSON.writeValueAsString(bench.run(bench.policies(), n)));
        System.out.flush();
      }
      for (int n : organizationSizes) {
        System.out.println(JSON.writeValueAsString(bench.run(bench.organization(), n)));
        System.out.flush();
      }
    } finally {
      TestCluster.stopIfStarted();
    }
    System.exit(0);
  }

  /** {@code 1000,5000}; 0 (or nothing) for none. */
  private static List<Integer> sizes(String list) {
    return java.util.Arrays.stream(list.split(","))
        .filter(v -> !v.isBlank())
        .map(Integer::valueOf)
        .filter(v -> v > 0)
        .toList();
  }

  /**
   * What differs between the runs: the world a run of N creates before the operator starts, the
   * Ready reason every policy ends with, and the bound on its rate.
   */
  private record Scenario(
      String name,
      String unit,
      String doneReason,
      String operatorAccount,
      @Nullable String firstPassWrite,
      Preparation prepare,
      Bound bound,
      IntFunction<Duration> checkInterval) {}

  /** Creates a run's accounts and resources; answers the operator's access key. */
  @FunctionalInterface
  private interface Preparation {
    AccessKey prepare(AwsEmulator aws, KubernetesClient admin, String namespace, int n)
        throws Exception;
  }

  /** The rate a run cannot exceed, from its calls, and what bounds it. */
  @FunctionalInterface
  private interface Bound {
    Limit of(CallFigures calls);
  }

  private record Limit(double perSecond, String what) {}

  /**
   * One IAM-user Enforce policy per account through assumeRole: all {@code Compliant} once
   * enrolled.
   */
  private Scenario policies() {
    return new Scenario(
        "policies",
        "enrollment",
        "Compliant",
        OPERATOR_ACCOUNT,
        "EnableMFADevice",
        (aws, admin, namespace, n) -> {
          EmulatedAccount platform = aws.createAccount(OPERATOR_ACCOUNT);
          platform.createUser("rootmfa-operator");
          AccessKey key = platform.createAccessKey("rootmfa-operator");
          createPolicies(
              aws, admin, namespace, n, platform.user("rootmfa-operator").orElseThrow().arn());
          return key;
        },
        calls -> {
          double writesPerSecond =
              Double.parseDouble(
                  operatorConfig.getProperty("rootmfa.secretsmanager.writes-per-second", "40"));
          // Seeds are written to each account's own Secrets Manager: the pacing bound is per
          // account and region, so with one write per account it is N times the per-account rate.
          double pacingBound =
              writesPerSecond * calls.accountsWithSeedWrites() / Math.max(1e-9, calls.smWrites());
          return threadBound(calls).perSecond() <= pacingBound
              ? threadBound(calls)
              : new Limit(
                  pacingBound,
                  "Secrets Manager pacing " + writesPerSecond + "/s per account and region");
        },
        n -> checkInterval);
  }

  /**
   * One Audit OrganizationRootMfaPolicy over an organization of N members in 10 OUs with
   * centralized root access, whose roots have no password and no access keys: every child ends
   * {@code NotApplicable} (Ready) after one audit through {@code sts:AssumeRoot}.
   */
  private Scenario organization() {
    return new Scenario(
        "organization",
        "account",
        "NotApplicable",
        MANAGEMENT_ACCOUNT,
        null,
        (aws, admin, namespace, n) -> {
          EmulatedOrganization org =
              aws.createOrganization(MANAGEMENT_ACCOUNT).setCentralizedRootAccess(true);
          List<String> units = new ArrayList<>();
          for (int u = 0; u < 10; u++) {
            units.add(org.createOrganizationalUnit(org.rootId(), "ou-" + u).id());
          }
          for (int i = 1; i <= n; i++) {
            org.addAccount(
                    String.format("%012d", 200_000_000_000L + i),
                    units.get(i % units.size()),
                    "bench-" + i)
                .setRootPasswordPresent(false)
                .setRootAccessKeysPresent(false);
          }
          EmulatedAccount management = aws.account(MANAGEMENT_ACCOUNT);
          management.createUser("rootmfa-operator");
          // The platform team binds the namespace to the organization's OUs for assumeRoot.
          Bindings.apply(
              admin, namespace, List.of(namespace), List.of(), units, List.of("assumeRoot"));
          admin
              .resource(
                  Serialization.unmarshal(
                      """
                      apiVersion: rootmfa.io/v1alpha1
                      kind: OrganizationRootMfaPolicy
                      metadata: {name: bench, namespace: %s}
                      spec:
                        childCreationsPerSecond: %d
                        template:
                          mode: Audit
                          target: {root: {}}
                          credentials: {assumeRoot: {}}
                          checkInterval: %ds
                      """
                          .formatted(
                              namespace,
                              childCreationsPerSecond,
                              organizationCheckInterval(n).toSeconds()),
                      OrganizationRootMfaPolicy.class))
              .create();
          return management.createAccessKey("rootmfa-operator");
        },
        calls ->
            threadBound(calls).perSecond() <= childCreationsPerSecond
                ? threadBound(calls)
                : new Limit(
                    childCreationsPerSecond,
                    "child creation pacing " + childCreationsPerSecond + "/s"),
        this::organizationCheckInterval);
  }

  /**
   * The children's check interval: {@code --check-interval}, or longer when N steady audits (four
   * calls each, the root session reused) would keep more than half the reconcile threads waiting
   * for AWS. Beyond that the steady checks of the children already audited fill the reconcile
   * queue, and the first audits of new children wait behind them: at 5,000 children, 100 ms and 60
   * s, the checks alone need 5,000 / 60 x 4 x 0.1 = 33 busy threads of 16.
   */
  private Duration organizationCheckInterval(int n) {
    double threadSecondsPerRound = n * ORGANIZATION_CALLS_PER_CHECK * latencyMillis / 1000.0;
    long seconds = (long) Math.ceil(threadSecondsPerRound / (reconcileThreads() / 2.0));
    Duration fitting = Duration.ofSeconds(seconds);
    return fitting.compareTo(checkInterval) > 0 ? fitting : checkInterval;
  }

  private int reconcileThreads() {
    return Integer.parseInt(
        operatorConfig.getProperty("quarkus.operator-sdk.concurrent-reconciliation-threads", "50"));
  }

  /** Reconcile threads block on AWS: threads / (calls per unit x latency). */
  private Limit threadBound(CallFigures calls) {
    int reconcileThreads = reconcileThreads();
    return new Limit(
        reconcileThreads / (calls.perFirstPass() * latencyMillis / 1000.0),
        reconcileThreads + " reconcile threads / (calls per " + "unit x latency)");
  }

  /**
   * A kubeconfig that authenticates as a ServiceAccount with a bearer token, as the operator does
   * in its pod, instead of the admin's client certificate: with a kubeconfig that holds no token,
   * the client re-reads and re-parses its kubeconfig file before every request once its first
   * minute is over (fabric8's token refresh finds no token to refresh and so never marks it done),
   * which cost 6 % of the operator's CPU while enrolling, a cost no pod pays. The ServiceAccount is
   * bound to cluster-admin, the rights of the admin kubeconfig before (RBAC is ChartRbacTest's
   * subject).
   */
  private static Path serviceAccountKubeconfig(TestCluster cluster, String namespace)
      throws IOException {
    KubernetesClient admin = cluster.admin();
    String name = "rootmfa-operator";
    admin
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("bench-" + namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(name)
            .tokenRequest(
                new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(6 * 3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    io.fabric8.kubernetes.client.Config adminConfig =
        io.fabric8.kubernetes.client.Config.fromKubeconfig(cluster.kubeconfigYaml());
    String caData =
        adminConfig.getCaCertData() != null
            ? adminConfig.getCaCertData()
            : java.util.Base64.getEncoder()
                .encodeToString(Files.readAllBytes(Path.of(adminConfig.getCaCertFile())));
    Map<String, Object> kubeconfig =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Config",
            "clusters",
            List.of(
                Map.of(
                    "name",
                    "bench",
                    "cluster",
                    Map.of(
                        "server",
                        adminConfig.getMasterUrl(),
                        "certificate-authority-data",
                        caData))),
            "users",
            List.of(Map.of("name", name, "user", Map.of("token", token))),
            "contexts",
            List.of(Map.of("name", "bench", "context", Map.of("cluster", "bench", "user", name))),
            "current-context",
            "bench");
    Path file = Files.createTempFile("rootmfa-bench-kubeconfig", ".yaml");
    file.toFile().deleteOnExit();
    Files.writeString(file, JSON.writeValueAsString(kubeconfig));
    return file;
  }

  private ObjectNode run(Scenario scenario, int n) throws Exception {
    TestCluster cluster = TestCluster.get();
    KubernetesClient admin = cluster.admin();
    String run = scenario.name() + " n=" + n;
    try (AwsEmulator aws = AwsEmulator.builder().start()) {
      say("%s: creating %d accounts (load %s)", run, n, load());
      String namespace = cluster.newNamespace("bench-" + scenario.name() + "-" + n);
      AccessKey operatorKey = scenario.prepare().prepare(aws, admin, namespace, n);
      aws.faults().latency(Faults.ANY, Duration.ofMillis(latencyMillis));

      PolicyWatch watch = new PolicyWatch(admin, namespace, scenario.doneReason());
      Map<String, String> env = new HashMap<>();
      env.put("KUBECONFIG", serviceAccountKubeconfig(cluster, namespace).toString());
      env.put("ROOTMFA_AWS_ENDPOINT_OVERRIDE", aws.endpoint().toString());
      env.put("QUARKUS_OPERATOR_SDK_CONTROLLERS_ROOTMFAPOLICY_NAMESPACES", namespace);
      env.put("QUARKUS_OPERATOR_SDK_CONTROLLERS_ORGANIZATIONROOTMFAPOLICY_NAMESPACES", namespace);
      env.put("POD_NAMESPACE", namespace);
      env.put("POD_NAME", "bench-operator");
      env.put("AWS_ACCESS_KEY_ID", operatorKey.accessKeyId());
      env.put("AWS_SECRET_ACCESS_KEY", operatorKey.secretAccessKey());
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
      env.put("MALLOC_ARENA_MAX", "2"); // as the chart sets it
      Path log = logs.resolve("operator-" + scenario.name() + "-" + n + ".log");
      long started = System.nanoTime();
      try (OperatorUnderTest operator = OperatorUnderTest.start(app, memoryLimit, env, log);
          Sampler sampler = new Sampler(operator)) {
        await(operator::ready, operator, Duration.ofMinutes(3));
        long readyNanos = System.nanoTime();
        long cpuAtReady = operator.read().cpuMillis();
        say("%s: operator ready after %.1f s", run, (readyNanos - started) / 1e9);
        Duration deadline = Duration.ofSeconds(300 + n / 5);
        boolean allDone = await(() -> watch.done() >= n, operator, deadline);
        long doneNanos = System.nanoTime();
        long cpuAtDone = sampler.lastCpuMillis(operator);
        double seconds = (doneNanos - readyNanos) / 1e9;
        say(
            "%s: %d of %d %s after %.1f s (load %s)",
            run, watch.done(), n, scenario.doneReason(), seconds, load());

        say("%s: operator CPU ms by thread so far: %s", run, operator.cpuByThreadGroup());

        // Steady state: one interval for every policy to reach its slot, then two measured.
        Duration interval = scenario.checkInterval().apply(n);
        say(
            "%s: steady window: checks every %d s, one interval to settle, two measured",
            run, interval.toSeconds());
        sleepWhileAlive(operator, interval);
        long writesBefore = watch.writes();
        long cpuBefore = sampler.lastCpuMillis(operator);
        Map<String, OperatorUnderTest.ThreadCpu> threadsBefore = operator.cpuByThread();
        Instant windowStart = aws.clock();
        sleepWhileAlive(operator, interval.multipliedBy(2));
        Instant windowEnd = aws.clock();
        long cpuWindow = sampler.lastCpuMillis(operator) - cpuBefore;
        long idleWrites = watch.writes() - writesBefore;
        say("%s: steady window done (load %s)", run, load());
        if (operator.isAlive()) {
          say(
              "%s: operator CPU ms by thread in the steady window: %s",
              run, OperatorUnderTest.since(threadsBefore, operator.cpuByThread()));
        }

        Double heapLive = null;
        if (operator.isAlive()) {
          heapLive = operator.liveHeapBytes() / 1048576.0;
        }
        OperatorUnderTest.Reading last = sampler.last();
        boolean leaseLost =
            !operator.isAlive() || operator.log().contains("lost the leader-election Lease");

        CallFigures calls =
            CallFigures.of(
                aws.calls().all(),
                windowStart,
                windowEnd,
                scenario.operatorAccount(),
                scenario.firstPassWrite());
        calls.printBreakdown(run, scenario.unit());
        Limit limit = scenario.bound().of(calls);
        String unit = scenario.unit();

        ObjectNode out = JSON.createObjectNode();
        out.put("run", scenario.name());
        out.put("n", n);
        out.put("latency_ms", latencyMillis);
        String rate = unit + "s_per_s";
        if (allDone) {
          out.put("seconds_to_all_compliant", round(seconds, 1));
          out.put(rate, round(n / seconds, 2));
        } else {
          out.putNull("seconds_to_all_compliant");
          out.put(rate, round(watch.done() / seconds, 2));
        }
        out.put("limit_per_s", round(limit.perSecond(), 2));
        out.put("limit_bound", limit.what().replace("unit", unit));
        out.put("efficiency", round(out.get(rate).asDouble() / limit.perSecond(), 2));
        out.put("threads_max", sampler.maxThreads());
        out.put("rss_peak_mb", round(last.rssPeakKb() / 1024.0, 0));
        if (heapLive == null) {
          out.putNull("heap_live_mb");
        } else {
          out.put("heap_live_mb", round(heapLive, 1));
        }
        // A run that ran out of time divides by what it finished, not by N.
        int finished = allDone ? n : Math.max(1, watch.done());
        out.put("cpu_ms_per_" + unit, round((cpuAtDone - cpuAtReady) / (double) finished, 2));
        out.put("aws_calls_per_" + unit, round(calls.perFirstPass(), 2));
        out.put("sm_writes_per_" + unit, round(calls.smWrites(), 2));
        out.put("throttled_calls", calls.throttled());
        out.put("k8s_writes_idle", idleWrites);
        out.put("aws_calls_per_check", round(calls.perCheck(), 3));
        out.put(
            "cpu_ms_per_check",
            calls.checks() == 0 ? null : round(cpuWindow / (double) calls.checks(), 2));
        out.put("lease_lost", leaseLost ? 1 : 0);
        say(
            "%s: memory limit %s (flags %s), %d checks in the steady window, "
                + "driver JVM (API client, emulator) threads now %d",
            run, memoryLimit, OperatorUnderTest.JVM_FLAGS, calls.checks(), Thread.activeCount());
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
   * Watches the run's policies, organization policies and Events: how many policies have the
   * expected Ready reason, and how many writes (changes to policies and organization policies,
   * Events created or updated) the operator made.
   */
  private static final class PolicyWatch implements AutoCloseable {
    private final String doneReason;
    private final Map<String, Boolean> done = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final SharedIndexInformer<RootMfaPolicy> policies;
    private final SharedIndexInformer<OrganizationRootMfaPolicy> organizationPolicies;
    private final SharedIndexInformer<Event> events;

    PolicyWatch(KubernetesClient client, String namespace, String doneReason) {
      this.doneReason = doneReason;
      organizationPolicies =
          client
              .resources(OrganizationRootMfaPolicy.class)
              .inNamespace(namespace)
              .inform(new WriteCounter<>());
      policies =
          client
              .resources(RootMfaPolicy.class)
              .inNamespace(namespace)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(RootMfaPolicy p) {
                      writes.incrementAndGet(); // only a window's difference is reported
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
                      done.remove(p.getMetadata().getName());
                    }
                  });
      events = client.v1().events().inNamespace(namespace).inform(new WriteCounter<>());
    }

    /** Counts an object's creation and every change of its resourceVersion. */
    private final class WriteCounter<T extends HasMetadata> implements ResourceEventHandler<T> {
      @Override
      public void onAdd(T created) {
        writes.incrementAndGet();
      }

      @Override
      public void onUpdate(T before, T after) {
        if (!Objects.equals(
            before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
          writes.incrementAndGet();
        }
      }

      @Override
      public void onDelete(T deleted, boolean unknown) {}
    }

    private void note(RootMfaPolicy p) {
      if (Conditions.readyReason(p).equals(java.util.Optional.of(doneReason))) {
        done.put(p.getMetadata().getName(), true);
      } else {
        done.remove(p.getMetadata().getName());
      }
    }

    int done() {
      return done.size();
    }

    long writes() {
      return writes.get();
    }

    @Override
    public void close() {
      policies.stop();
      organizationPolicies.stop();
      events.stop();
    }
  }

  /**
   * The AWS calls of a run, attributed to the accounts they act in: each account's first pass (its
   * enrollment, or its first audit) and the steady checks.
   */
  private record CallFigures(
      int accounts,
      long firstPassCalls,
      long smWriteCalls,
      int accountsWithSeedWrites,
      long throttled,
      long windowCalls,
      long checks,
      Map<String, Long> firstPassByOperation) {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    /**
     * An account's first pass ends with the audit that verifies it: its first {@code
     * ListMFADevices} after a {@code firstPassWrite} that AWS accepted ({@code EnableMFADevice} for
     * an enrollment), or its first at all when {@code firstPassWrite} is null. Calls of {@code
     * operatorAccount} itself (Organizations listings) are no account's.
     */
    static CallFigures of(
        List<CallRecord> all,
        Instant windowStart,
        Instant windowEnd,
        String operatorAccount,
        @Nullable String firstPassWrite) {
      Map<String, List<CallRecord>> byAccount = new HashMap<>();
      long throttled = 0;
      long windowCalls = 0;
      long checks = 0;
      long smWrites = 0;
      long operatorCalls = 0;
      Set<String> seedWriters = new java.util.HashSet<>();
      for (CallRecord c : all) {
        String account = accountOf(c);
        if (account == null || account.equals(operatorAccount)) {
          operatorCalls++;
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
      long firstPass = 0;
      long spanMillis = 0;
      Map<String, Long> byOperation = new TreeMap<>();
      for (List<CallRecord> calls : byAccount.values()) {
        boolean written = firstPassWrite == null;
        for (CallRecord c : calls) {
          firstPass++;
          byOperation.merge(c.operation(), 1L, Long::sum);
          if (c.operation().equals(firstPassWrite) && c.outcome().equals("OK")) {
            written = true;
          } else if (written && c.operation().equals("ListMFADevices")) {
            spanMillis += Duration.between(calls.get(0).time(), c.time()).toMillis();
            break;
          }
        }
      }
      say(
          "mean time from an account's first AWS call to its verifying audit: %d ms; "
              + "calls of the operator's own account (listings, identity): %d",
          byAccount.isEmpty() ? 0 : spanMillis / byAccount.size(), operatorCalls);
      return new CallFigures(
          byAccount.size(),
          firstPass,
          smWrites,
          seedWriters.size(),
          throttled,
          windowCalls,
          checks,
          byOperation);
    }

    /**
     * The account a call acts in: the caller's, for AssumeRole the role's, for AssumeRoot the
     * target's.
     */
    private static @Nullable String accountOf(CallRecord c) {
      String target =
          switch (c.operation()) {
            case "AssumeRole" -> c.params().get("RoleArn");
            case "AssumeRoot" -> c.params().get("TargetPrincipal");
            default -> null;
          };
      if (c.operation().equals("AssumeRole") || c.operation().equals("AssumeRoot")) {
        if (target == null) {
          return null;
        }
        Matcher m = ACCOUNT_ID.matcher(target);
        return m.find() ? m.group() : null;
      }
      return c.accountId();
    }

    /** Calls per account that AWS saw calls for (N, unless the run ran out of time). */
    double perFirstPass() {
      return firstPassCalls / (double) Math.max(1, accounts);
    }

    double smWrites() {
      return smWriteCalls / (double) Math.max(1, accounts);
    }

    double perCheck() {
      return checks == 0 ? 0 : windowCalls / (double) checks;
    }

    void printBreakdown(String run, String unit) {
      StringBuilder sb = new StringBuilder();
      firstPassByOperation.forEach(
          (op, count) ->
              sb.append(String.format(" %s=%.2f", op, count / (double) Math.max(1, accounts))));
      say("%s: AWS calls per %s by operation:%s", run, unit, sb);
    }
  }
}
