package io.rootmfa.operator.chaos;

import io.rootmfa.operator.chaos.ChaosWorld.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The long crash matrix behind {@code make chaos}: at least {@code --runs} enrollments (default
 * 200), each SIGKILLed at random moments. A cycle enrolls {@code --batch} policies (each its own
 * account and namespace) with one operator process; with emulator latency on every AWS call
 * (150-400 ms), the process is killed at a random moment within the enrollment's span (0-3 s after
 * its first AWS call), once or twice, and a fresh process then has to converge. Every run is
 * checked against docs/design.md §3 and every cycle's logs, Events, policies and metrics are
 * scanned for seeds, codes and keys. About a third of the runs also get an overlapping, younger
 * policy in another namespace (same account and target with its own secret, or another IAM user
 * naming the same seed secret): it must end {@code DuplicatePolicy} having written nothing. Ends
 * with {@code chaos: runs=<n> kills=<k> lockouts=<l> orphans=<o> duplicates=<d> leaks=<x>
 * overlaps=<v>}, where {@code lockouts} counts enabled devices whose seed is not in the AWSCURRENT
 * version of a custody document naming them.
 *
 * <p>Every cycle also has one or two removal targets: a member account of an organization (the
 * operator's identity is in its management account) whose root has a password, two access keys, a
 * signing certificate and, half the time, an MFA device, with {@code remediation:
 * RemoveRootCredentials} in an open window. The kills land among their deletions as well. At the
 * end each must be {@code Compliant} (with MFA) or {@code NotApplicable}, with no password, key or
 * certificate left ({@code leftovers}), its MFA device still assigned and no MFA device ever
 * deactivated or deleted ({@code disarms}); and a policy for the management account, watched by
 * every operator, must stay {@code InvalidSpec} with no root session for that account and no IAM
 * call in it ({@code management}). The last line adds {@code removals=<r> leftovers=<l> disarms=<d>
 * management=<m>}. Exits 1 unless lockouts, orphans, duplicates, leaks, leftovers, disarms and
 * management are 0, every run and removal converged, every overlap lost cleanly and every status
 * tells what AWS holds.
 */
public final class ChaosMain {
  private int runs;
  private int kills;
  private int lockouts;
  private int orphans;
  private int duplicates;
  private int leaks;
  private int stuck;
  private int untruthful;
  private int overlaps;
  private int overlapFailures;
  private int removals;
  private int leftovers;
  private int disarms;
  private int managementTouches;
  private ChaosWorld.Target managementPolicy;
  private final Map<String, Integer> killMoments = new LinkedHashMap<>();
  private boolean keepLogs;

  public static void main(String[] args) throws Exception {
    int wanted = 200;
    int batch = 5;
    Path logs = Path.of("target", "chaos");
    boolean keepLogs = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> wanted = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--logs" -> logs = Path.of(args[++i]);
        case "--keep-logs" -> keepLogs = true;
        default -> {
          System.err.println("usage: ChaosMain [--runs N] [--batch N] [--logs DIR] [--keep-logs]");
          System.exit(2);
        }
      }
    }
    ChaosMain chaos = new ChaosMain();
    chaos.keepLogs = keepLogs;
    long started = System.nanoTime();
    boolean clean;
    try (ChaosWorld world = ChaosWorld.start(logs)) {
      chaos.managementPolicy = world.newManagementPolicy("chaos-management");
      for (int cycle = 1; chaos.runs < wanted; cycle++) {
        chaos.cycle(world, cycle, Math.min(batch, wanted - chaos.runs));
        System.out.printf(
            "chaos: cycle %d done: runs=%d kills=%d stuck=%d (%ds)%n",
            cycle,
            chaos.runs,
            chaos.kills,
            chaos.stuck,
            Duration.ofNanos(System.nanoTime() - started).toSeconds());
      }
      List<String> touches = world.checkManagementUntouched(chaos.managementPolicy);
      chaos.managementTouches = touches.size();
      touches.forEach(problem -> System.out.println("chaos: VIOLATION " + problem));
      clean =
          chaos.lockouts
                  + chaos.orphans
                  + chaos.duplicates
                  + chaos.leaks
                  + chaos.stuck
                  + chaos.untruthful
                  + chaos.overlapFailures
                  + chaos.leftovers
                  + chaos.disarms
                  + chaos.managementTouches
              == 0;
    }
    System.out.printf(
        "chaos: duration=%ds; state of each policy when a kill landed: %s; runs that did not converge: "
            + "%d; statuses contradicting AWS: %d%n",
        Duration.ofNanos(System.nanoTime() - started).toSeconds(),
        chaos.killMoments,
        chaos.stuck,
        chaos.untruthful);
    System.out.printf(
        "chaos: runs=%d kills=%d lockouts=%d orphans=%d duplicates=%d leaks=%d overlaps=%d"
            + " removals=%d leftovers=%d disarms=%d management=%d%n",
        chaos.runs,
        chaos.kills,
        chaos.lockouts,
        chaos.orphans,
        chaos.duplicates,
        chaos.leaks,
        chaos.overlaps,
        chaos.removals,
        chaos.leftovers,
        chaos.disarms,
        chaos.managementTouches);
    System.exit(clean ? 0 : 1);
  }

  private void cycle(ChaosWorld world, int cycle, int size) throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      targets.add(world.newTarget("chaos", random.nextBoolean()));
    }
    List<ChaosWorld.Overlap> overlapping = new ArrayList<>();
    for (Target t : targets) {
      if (random.nextInt(3) == 0) {
        overlapping.add(world.newOverlap(t, random.nextBoolean()));
      }
    }
    List<ChaosWorld.Removal> removing = new ArrayList<>();
    for (int i = 1 + random.nextInt(2); i > 0; i--) {
      removing.add(world.newRemovalTarget("chaos-removal", random.nextBoolean()));
    }
    List<Target> working = new ArrayList<>(targets);
    removing.forEach(r -> working.add(r.target()));
    List<String> namespaces = new ArrayList<>(working.stream().map(Target::namespace).toList());
    overlapping.forEach(o -> namespaces.add(o.target().namespace()));
    namespaces.add(managementPolicy.namespace());
    Map<String, String> identity = world.managementIdentity();
    List<OperatorProcess> processes = new ArrayList<>();
    long latency = random.nextLong(150, 400);
    world.aws.faults().latency("*", Duration.ofMillis(latency));
    int killsThisCycle = 1 + random.nextInt(2);
    for (int k = 0; k < killsThisCycle; k++) {
      int callsBefore = callsOf(world, working);
      OperatorProcess p = world.startOperator("cycle" + cycle + "-" + k, namespaces, identity);
      processes.add(p);
      boolean started =
          ChaosWorld.await(() -> callsOf(world, working) > callsBefore, Duration.ofSeconds(90));
      if (started) {
        // An enrollment is about eleven calls: a delay within that span lands the kill mid-flight.
        Thread.sleep(random.nextLong(Math.min(3000, 11 * latency)));
      }
      for (Target t : targets) {
        killMoments.merge(moment(world, t), 1, Integer::sum);
      }
      for (ChaosWorld.Removal r : removing) {
        killMoments.merge(removalMoment(world, r), 1, Integer::sum);
      }
      p.kill();
      kills++;
    }
    world.aws.faults().clear();
    OperatorProcess last = world.startOperator("cycle" + cycle + "-final", namespaces, identity);
    processes.add(last);
    ChaosWorld.await(
        () ->
            targets.stream().allMatch(t -> isCompliant(world, t))
                && removing.stream().allMatch(r -> world.removalConverged(r))
                && overlapping.stream().allMatch(o -> world.checkOverlap(o).isEmpty()),
        Duration.ofSeconds(180));

    boolean cycleClean = true;
    for (Target t : targets) {
      runs++;
      if (!isCompliant(world, t)) {
        stuck++;
        cycleClean = false;
        System.out.printf(
            "chaos: %s did not converge: Ready reason %s%n",
            t, world.readyReason(t).orElse("none"));
      }
      ChaosWorld.Findings f = world.check(t);
      lockouts += f.lockouts.size();
      untruthful += f.untruthful.size();
      orphans += f.orphans.size();
      duplicates += f.duplicates.size();
      for (String problem : f.all()) {
        if (!f.notEnrolled.contains(problem)) {
          cycleClean = false;
          System.out.println("chaos: VIOLATION " + problem);
        }
      }
    }
    for (ChaosWorld.Removal r : removing) {
      removals++;
      ChaosWorld.RemovalFindings f = world.checkRemoval(r);
      stuck += f.stuck().isEmpty() ? 0 : 1;
      leftovers += f.leftovers().size();
      disarms += f.disarms().size();
      f.all().forEach(problem -> System.out.println("chaos: VIOLATION " + problem));
      cycleClean &= f.all().isEmpty();
    }
    for (ChaosWorld.Overlap o : overlapping) {
      overlaps++;
      List<String> problems = world.checkOverlap(o);
      overlapFailures += problems.isEmpty() ? 0 : 1;
      problems.forEach(problem -> System.out.println("chaos: VIOLATION " + problem));
      cycleClean &= problems.isEmpty();
    }
    List<Target> everyPolicy = new ArrayList<>(working);
    overlapping.forEach(o -> everyPolicy.add(o.target()));
    everyPolicy.add(managementPolicy);
    Map<String, String> seen = new LinkedHashMap<>(world.kubernetesViews(everyPolicy));
    if (last.awaitStarted(Duration.ofSeconds(60))) {
      seen.put("metrics", last.scrapeMetrics());
    }
    last.stop();
    for (OperatorProcess p : processes) {
      seen.put(p.logFile().toString(), p.log());
    }
    List<LeakScan.Hit> hits = LeakScan.scan(world.aws.issuedSecretsForAssertions(), seen);
    leaks += hits.size();
    hits.forEach(h -> System.out.println("chaos: LEAK " + h));
    if (cycleClean && hits.isEmpty() && !keepLogs) {
      for (OperatorProcess p : processes) {
        Files.deleteIfExists(p.logFile());
      }
    }
  }

  private static int callsOf(ChaosWorld world, List<Target> targets) {
    return targets.stream().mapToInt(t -> world.calls(t, c -> true).size()).sum();
  }

  private static boolean isCompliant(ChaosWorld world, Target t) {
    return world.readyReason(t).equals(Optional.of("Compliant"));
  }

  /** Where a removal was when the kill landed, from AWS's side. */
  private static String removalMoment(ChaosWorld world, ChaosWorld.Removal r) {
    var account = world.aws.account(r.target().accountId());
    if (account.rootPasswordPresent()) {
      return world.calls(r.target(), c -> true).isEmpty()
          ? "removal:untouched"
          : "removal:auditing";
    }
    if (account.rootAccessKeysPresent()) {
      return "removal:passwordDeleted";
    }
    if (!account.rootSigningCertificates().isEmpty()) {
      return "removal:keysDeleted";
    }
    return "removal:removed";
  }

  /** Where a policy's enrollment was when the kill landed, from AWS's side. */
  private static String moment(ChaosWorld world, Target t) {
    if (isCompliant(world, t)) {
      return "compliant";
    }
    var account = world.aws.account(t.accountId());
    if (!account.devicesAssignedTo(t.label()).isEmpty()) {
      return "enabled";
    }
    if (!account.secrets().isEmpty()) {
      return "seedStored";
    }
    if (!account.devices().isEmpty()) {
      return "deviceCreated";
    }
    return world.calls(t, c -> true).isEmpty() ? "untouched" : "auditing";
  }
}
