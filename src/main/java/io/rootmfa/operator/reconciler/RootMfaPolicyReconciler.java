package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.rootmfa.operator.api.v1alpha1.DeviceStatus;
import io.rootmfa.operator.api.v1alpha1.Mode;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.api.v1alpha1.SeedStatus;
import io.rootmfa.operator.aws.AccountSession;
import io.rootmfa.operator.aws.AccountSessions;
import io.rootmfa.operator.aws.AwsFailures;
import io.rootmfa.operator.aws.CredentialSource;
import io.rootmfa.operator.aws.OrganizationUnitMembers;
import io.rootmfa.operator.aws.SeedSecretPolicy;
import io.rootmfa.operator.aws.SeedVault;
import io.rootmfa.operator.totp.TotpCodes;
import io.rootmfa.operator.workflow.AccountPermission;
import io.rootmfa.operator.workflow.AuditResult;
import io.rootmfa.operator.workflow.BreakGlassWindow;
import io.rootmfa.operator.workflow.Custody;
import io.rootmfa.operator.workflow.CustodyAccount;
import io.rootmfa.operator.workflow.CustodyPlacement;
import io.rootmfa.operator.workflow.CustodyRequirement;
import io.rootmfa.operator.workflow.PolicyDecision;
import io.rootmfa.operator.workflow.PolicyOverlap;
import io.rootmfa.operator.workflow.PolicyRef;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.ReplicaSync;
import io.rootmfa.operator.workflow.RoleSession;
import io.rootmfa.operator.workflow.Verdict;
import io.rootmfa.operator.workflow.VirtualDevice;
import io.rootmfa.operator.workflow.WriteGate;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import lombok.extern.jbosslog.JBossLog;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jspecify.annotations.Nullable;

/**
 * Reconciles a {@link RootMfaPolicy}: observe (audit) → decide ({@link PolicyDecision}, {@code
 * Enrollment}) → act ({@link EnrollmentRunner}) → write status, only when it changed. Every failure
 * becomes a condition with a CamelCase reason and an Event, and is retried with exponential backoff
 * and jitter; nothing is thrown to the framework, so nothing crash-loops.
 */
@ControllerConfiguration(name = RootMfaPolicyReconciler.NAME)
@JBossLog
public class RootMfaPolicyReconciler implements Reconciler<RootMfaPolicy>, Cleaner<RootMfaPolicy> {
  public static final String NAME = "rootmfapolicy";
  private static final Duration BACKOFF_BASE = Duration.ofSeconds(5);
  private static final Duration BACKOFF_MAX = Duration.ofMinutes(5);
  private static final String OVERLAP_INDEX = "rootmfa-overlap";

  /**
   * Writes the Events of enrollments while they go on with AWS (three per enrollment, each a round
   * trip to the API server that a reconcile thread would otherwise wait for). As many threads as
   * reconcile threads, started when needed: an API server slowed down by load is written to as
   * concurrently as when each reconcile thread wrote its own (four threads fell behind at load 25).
   */
  private static final ExecutorService EVENT_WRITERS =
      Executors.newFixedThreadPool(
          16,
          r -> {
            Thread t = new Thread(r, "policy-events");
            t.setDaemon(true);
            return t;
          });

  private final AccountSessions sessions;
  private final Clock clock;
  private final CredentialResolver credentials;
  private final PolicyEvents events;
  private final StatusComposer composer;
  private final PolicyMetrics metrics;
  private final EnrollmentRunner enrollment;
  private final AssumeRootPath assumeRoot;
  private final AccountGate gate;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Duration statusRefresh;
  private final Duration maxWindow;
  private final CustodyPlacement.Accounts custodyAccounts;

  /**
   * With the CRD's maximum break-glass window (24h) and no custody accounts: every seed stays in
   * its policy's own account.
   */
  public RootMfaPolicyReconciler(
      KubernetesClient client,
      AccountSessions sessions,
      MeterRegistry meters,
      Clock clock,
      Duration statusRefresh) {
    this(
        client,
        sessions,
        meters,
        clock,
        statusRefresh,
        BreakGlassWindow.DEFAULT_MAX_LENGTH,
        CustodyPlacement.Accounts.none());
  }

  @Inject
  public RootMfaPolicyReconciler(
      KubernetesClient client,
      AccountSessions sessions,
      MeterRegistry meters,
      Clock clock,
      @ConfigProperty(name = "rootmfa.status.refresh", defaultValue = "1h") Duration statusRefresh,
      @ConfigProperty(name = "rootmfa.break-glass.max-window", defaultValue = "24h")
          Duration maxWindow,
      CustodyPlacement.Accounts custodyAccounts) {
    if (maxWindow.isNegative()
        || maxWindow.isZero()
        || maxWindow.compareTo(BreakGlassWindow.DEFAULT_MAX_LENGTH) > 0) {
      throw new IllegalArgumentException(
          "rootmfa.break-glass.max-window must be longer than 0 and at most 24h (the CRD's bound)");
    }
    this.maxWindow = maxWindow;
    this.custodyAccounts = custodyAccounts;
    this.sessions = sessions;
    this.clock = clock;
    this.credentials = new CredentialResolver(client);
    this.events = new PolicyEvents(client, clock, EVENT_WRITERS);
    this.composer = new StatusComposer(statusRefresh);
    this.metrics = new PolicyMetrics(meters);
    this.statusRefresh = statusRefresh;
    this.enrollment = new EnrollmentRunner(new TotpCodes(), metrics);
    this.assumeRoot = new AssumeRootPath(sessions, events, clock);
    this.gate = new AccountGate(new OrganizationUnitMembers(() -> sessions.organizations(), clock));
  }

  /**
   * Indexes the informer's own cache of policies by account+target and by seed secret, so that
   * overlap detection reads a handful of policies, not all of them, and needs no extra permission;
   * and watches the account bindings, so that binding or unbinding a namespace takes effect at
   * once.
   */
  @Override
  public List<EventSource<?, RootMfaPolicy>> prepareEventSources(
      EventSourceContext<RootMfaPolicy> context) {
    context.getPrimaryCache().addIndexer(OVERLAP_INDEX, this::overlapKeys);
    return List.of(gate.eventSource(context, RootMfaPolicy.class));
  }

  @Override
  public UpdateControl<RootMfaPolicy> reconcile(
      RootMfaPolicy policy, Context<RootMfaPolicy> context) throws InterruptedException {
    String key = key(policy);
    RootMfaPolicyStatus previous = policy.getStatus();
    long generation =
        policy.getMetadata().getGeneration() == null ? 0 : policy.getMetadata().getGeneration();
    Instant now = clock.instant();
    Result r = observeAndAct(policy, previous, generation, context, now);

    PolicyView view = r.view;
    RootMfaPolicyStatus next =
        composer.compose(
            previous,
            generation,
            r.verdict,
            new StatusComposer.Findings(
                view == null ? null : view.target().describe(),
                r.device,
                r.seed,
                view == null ? Optional.empty() : view.window(),
                r.orphanDevice,
                r.awsTime),
            now);
    metrics.observed(key, policy, next);
    announceTransition(policy, previous, r.verdict);
    announceWindowTooLong(policy, previous, next);

    Duration again =
        r.retryAfter.orElseGet(
            () -> r.retry ? backoff(key) : CheckSchedule.untilNextCheck(key, interval(view), now));
    if (!r.retry) {
      failures.remove(key);
    }
    return StatusPatch.of(policy, next, RootMfaPolicy::new, again);
  }

  /**
   * What one reconcile found: the verdict, what to show of device and seed, and when to come back
   * (soon with backoff on a failure, at {@code retryAfter} when the enrollment waits for AWS's
   * clock).
   */
  private record Result(
      @Nullable PolicyView view,
      Verdict verdict,
      Optional<DeviceStatus> device,
      Optional<SeedStatus> seed,
      Optional<String> orphanDevice,
      boolean retry,
      Optional<Duration> retryAfter,
      Optional<Instant> awsTime) {

    /** A verdict without an observation: everything last observed is kept. */
    static Result unobserved(
        @Nullable PolicyView view,
        Verdict verdict,
        Optional<RootMfaPolicyStatus> previous,
        boolean retry) {
      return new Result(
          view,
          verdict,
          previous.map(RootMfaPolicyStatus::getDevice),
          previous.map(RootMfaPolicyStatus::getSeed),
          previous.map(RootMfaPolicyStatus::getOrphanDevice),
          retry,
          Optional.empty(),
          Optional.empty());
    }
  }

  private Result observeAndAct(
      RootMfaPolicy policy,
      RootMfaPolicyStatus previousStatus,
      long generation,
      Context<RootMfaPolicy> context,
      Instant now)
      throws InterruptedException {
    Optional<RootMfaPolicyStatus> previous = Optional.ofNullable(previousStatus);
    PolicyView view = null;
    try {
      view = PolicyView.of(policy, maxWindow);
      PolicyRef owner = PolicyView.owner(policy);
      AccountPermission.Answer permission = permission(policy, view);
      if (!(permission instanceof AccountPermission.Permitted permitted)) {
        // Not one AWS call, and no session left open from before the binding changed.
        sessions.release(key(policy));
        sessions.release(AssumeRootPath.removalKey(key(policy)));
        return Result.unobserved(
            view,
            Verdict.unobserved(
                Reason.AccountNotPermitted,
                ((AccountPermission.NotPermitted) permission).message(),
                true),
            previous,
            false);
      }
      Optional<PolicyOverlap.Claim> winner = winnerOver(policy, view, context);
      if (winner.isPresent()) {
        return Result.unobserved(view, duplicate(view, winner.get()), previous, false);
      }
      if (AssumeRootPath.applies(policy)) {
        AssumeRootPath.Outcome outcome = assumeRoot.run(policy, key(policy), view);
        return new Result(
            view,
            outcome.verdict(),
            outcome.device(),
            previous.map(RootMfaPolicyStatus::getSeed),
            Optional.empty(),
            outcome.verdict().reconciling(),
            Optional.empty(),
            Optional.empty());
      }
      Optional<CustodyPlacement.Placement> placement = placement(view);
      if (placement.orElse(null) instanceof CustodyPlacement.Refused refused) {
        sessions.release(custodyKey(policy));
        return Result.unobserved(view, refused.verdict(), previous, false);
      }
      CredentialResolver.Resolved creds =
          credentials.resolve(
              policy.getMetadata().getNamespace(),
              policy.getMetadata().getName(),
              policy.getSpec().getCredentials(),
              permitted);
      AccountSession session =
          sessions.sessionFor(
              key(policy),
              new AccountSessions.Key(view.accountId(), view.region(), creds.source()),
              creds.keys());
      session.verifyIdentity();
      SeedPlace seeds = seedPlace(policy, view, session, placement);

      Optional<DeviceStatus> knownDevice = previous.map(RootMfaPolicyStatus::getDevice);
      boolean mfaWasEnabled =
          previous.map(RootMfaPolicyStatus::getMfaEnabled).orElse(false).booleanValue();
      boolean refreshDue =
          previous
              .map(RootMfaPolicyStatus::getLastCheckedAt)
              .map(t -> Instant.parse(t).plus(statusRefresh).isBefore(now))
              .orElse(true);
      boolean nameDevice = knownDevice.isEmpty() || !mfaWasEnabled || refreshDue;
      AuditResult audit = session.iam().audit(view.target(), nameDevice);
      Optional<DeviceStatus> device =
          audit
              .device()
              .map(StatusComposer::deviceStatus)
              .or(() -> audit.mfaEnabled() ? knownDevice : Optional.empty());
      Instant awsNow = session.clock().now();
      PolicyDecision decision =
          PolicyDecision.decide(
              view.facts(rootRefusedBefore(previousStatus, generation), owner, placement),
              audit,
              awsNow);
      if (decision instanceof PolicyDecision.Report report) {
        boolean deviceChanged =
            device.isPresent()
                && knownDevice.isPresent()
                && !java.util.Objects.equals(
                    device.get().getSerialNumber(), knownDevice.get().getSerialNumber());
        // A pending document (a console enrollment between "Add MFA" and the CLI naming the
        // device) is re-read until it names a device; a policy without one stays at one call.
        boolean custodyPending =
            previous
                .map(RootMfaPolicyStatus::getSeed)
                .filter(p -> p.getDeviceSerial() == null)
                .isPresent();
        boolean verifyCustody = !mfaWasEnabled || deviceChanged || refreshDue || custodyPending;
        Optional<SeedStatus> seed =
            verifyCustody && audit.mfaEnabled()
                ? withReplicas(
                    policy, seeds, view, custodyOf(seeds, view, owner, previous), previous)
                : previous.map(RootMfaPolicyStatus::getSeed);
        return new Result(
            view,
            CustodyRequirement.apply(
                report.verdict(),
                view.target(),
                device.map(DeviceStatus::getSerialNumber),
                seed.map(SeedStatus::getDeviceSerial),
                view.requireCustody(),
                view.target().isRoot()
                    ? "run `"
                        + PolicyDecision.consoleEnrollCommand(owner)
                        + "` inside a break-glass window"
                    : "remove the device of "
                        + view.target().describe()
                        + " in IAM, and the "
                        + "operator enrolls one inside a break-glass window"),
            device,
            seed,
            orphanAfter(policy, session, view, owner, previous, generation, awsNow),
            false,
            Optional.empty(),
            Optional.of(awsNow));
      }
      PolicyView enrolling = view;
      WriteGate gate =
          WriteGate.window(view.target(), view.window(), session.clock()::now)
              .and(() -> winnerOver(policy, enrolling, context).map(w -> duplicate(enrolling, w)));
      PolicyEvents.Batch enrollmentEvents = events.batch(policy);
      EnrollmentRunner.Outcome outcome;
      try {
        outcome =
            enrollment.run(
                owner,
                view,
                new EnrollmentRunner.Ports(
                    session.iam(),
                    seeds.vault().at(seeds.where().orElseThrow(), gate),
                    session.clock()::now,
                    gate),
                enrollmentEvents);
      } finally {
        enrollmentEvents.awaitWritten();
      }
      return new Result(
          view,
          outcome.verdict(),
          outcome.device(),
          outcome.seed().isPresent()
              ? withReplicas(policy, seeds, view, outcome.seed(), previous)
              : previous.map(RootMfaPolicyStatus::getSeed),
          Optional.empty(),
          outcome.verdict().reconciling(),
          outcome.retryAfter(),
          Optional.of(session.clock().now()));
    } catch (SpecProblem e) {
      return Result.unobserved(
          view,
          Verdict.unobserved(
              Reason.InvalidSpec,
              java.util.Objects.requireNonNullElse(e.getMessage(), "the spec is invalid"),
              true),
          previous,
          true);
    } catch (RuntimeException e) {
      PolicyView subject = view;
      Optional<Verdict> known =
          AwsFailures.verdict(
              e,
              Optional.ofNullable(subject)
                  .map(v -> new AwsFailures.Subject(v.target(), v.deviceName(), v.devicePath())));
      if (known.isPresent()) {
        LOG.infof("policy %s: %s", key(policy), e.getMessage());
        return Result.unobserved(view, known.get(), previous, true);
      }
      // A bug must not crash-loop the controller. The exception's message is not shown: it could
      // quote a response body. Its type and where it was thrown are enough to find it.
      StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
      LOG.errorf("policy %s: unexpected %s at %s", key(policy), e.getClass().getName(), at);
      return Result.unobserved(
          view,
          Verdict.unobserved(
              Reason.AwsUnavailable,
              "unexpected "
                  + e.getClass().getSimpleName()
                  + " while reconciling; retrying with backoff",
              false),
          previous,
          true);
    }
  }

  /**
   * Where an Enforce policy's seed is kept ({@link CustodyPlacement}), decided before any AWS call;
   * empty when the policy keeps no seed.
   */
  private Optional<CustodyPlacement.Placement> placement(PolicyView view) {
    if (view.mode() != Mode.Enforce || view.seedLocation().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        CustodyPlacement.place(
            custodyAccounts,
            view.custodyAccount(),
            view.region(),
            view.seedLocation().get().kmsKeyId(),
            view.requireCustomerManagedKey()));
  }

  /** The seed vault a policy writes to and where in it, and the session that reaches it. */
  private record SeedPlace(SeedVault vault, Optional<SeedVault.Location> where) {}

  /**
   * The policy's own account, or its custody account reached through the configured role: a session
   * of its own (shared by every policy whose seeds live there, so that account's Secrets Manager
   * writes are paced together), whose identity is checked like the member account's.
   */
  private SeedPlace seedPlace(
      RootMfaPolicy policy,
      PolicyView view,
      AccountSession session,
      Optional<CustodyPlacement.Placement> placement) {
    if (placement.orElse(null) instanceof CustodyPlacement.Custody custody) {
      CustodyAccount account = custody.account();
      AccountSession custodySession =
          sessions.sessionFor(
              custodyKey(policy),
              new AccountSessions.Key(
                  account.accountId(),
                  view.region(),
                  new CredentialSource.AssumedRole(
                      account.roleArn(), account.externalId().orElse(null), RoleSession.custody())),
              Optional.empty());
      custodySession.verifyIdentity();
      return new SeedPlace(
          custodySession.seedVault(),
          view.seedLocation()
              .map(
                  l ->
                      l.inCustody(
                          custody.kmsKeyId(),
                          SeedSecretPolicy.document(account.roleArn(), account.readerRoleArn()))));
    }
    sessions.release(custodyKey(policy));
    return new SeedPlace(session.seedVault(), view.seedLocation());
  }

  /** The key under which a policy holds its custody account's session. */
  private static String custodyKey(String policyKey) {
    return policyKey + "#custody";
  }

  private static String custodyKey(RootMfaPolicy policy) {
    return custodyKey(key(policy));
  }

  /**
   * The oldest live Enforce policy that overlaps this one (same account and target, or same seed
   * secret), read from the informer's own cache; empty when this one proceeds.
   */
  private Optional<PolicyOverlap.Claim> winnerOver(
      RootMfaPolicy policy, PolicyView view, Context<RootMfaPolicy> context) {
    if (view.mode() != Mode.Enforce || context == null) {
      return Optional.empty();
    }
    List<PolicyOverlap.Claim> others = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    // The policy finds itself under its own keys; it never overlaps itself (same namespace/name,
    // PolicyRef#isSamePolicy), so it is skipped before its claim is built. Usually it is all the
    // index holds, and this runs before every AWS write.
    seen.add(key(policy));
    Optional<String> defaultCustody = custodyAccounts.defaultAccount();
    for (String k : overlapKeys(policy)) {
      for (RootMfaPolicy other : context.getPrimaryCache().byIndex(OVERLAP_INDEX, k)) {
        if (seen.add(key(other)) && !overlapKeys(other).isEmpty() && mayClaim(other)) {
          others.add(PolicyView.of(other).claim(other, defaultCustody));
        }
      }
    }
    return PolicyOverlap.winnerOver(view.claim(policy, defaultCustody), others);
  }

  /** The overlap index keys of a policy, with this operator's default custody account. */
  private List<String> overlapKeys(RootMfaPolicy policy) {
    return PolicyView.overlapKeys(policy, custodyAccounts.defaultAccount());
  }

  /**
   * What the bindings answer for this policy: its namespace, its account, its credential kind. An
   * OU binding may need AWS Organizations (as the operator, never the target account).
   */
  private AccountPermission.Answer permission(RootMfaPolicy policy, PolicyView view) {
    return gate.check(
        policy.getMetadata().getNamespace(),
        view.accountId(),
        CredentialResolver.kindOf(policy.getSpec().getCredentials()));
  }

  /**
   * Whether another policy's claim counts in overlap detection: one that no binding permits makes
   * no AWS call, so it must not hold a permitted policy back. When its permission cannot be judged
   * (AWS Organizations failed) it counts, so that two policies never both enroll.
   */
  private boolean mayClaim(RootMfaPolicy other) {
    try {
      return permission(other, PolicyView.of(other)) instanceof AccountPermission.Permitted;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static Verdict duplicate(PolicyView view, PolicyOverlap.Claim winner) {
    return Verdict.unobserved(
        Reason.DuplicatePolicy,
        "policy "
            + winner.ref().key()
            + " (older) also protects "
            + view.target().describe()
            + " in account "
            + view.accountId()
            + " or keeps its seed in the same secret; this policy makes no AWS call while it "
            + "exists: delete one of them",
        true);
  }

  /**
   * The custody of the assigned device, re-read from the seed secret: when MFA flips on, when the
   * assigned device changes, and at least every {@code rootmfa.status.refresh}, never on every
   * check. Enforce only (an Audit role need not read secrets). Another policy's document is not
   * this policy's custody; a failed read keeps what the status said.
   */
  private static Optional<SeedStatus> custodyOf(
      SeedPlace seeds, PolicyView view, PolicyRef owner, Optional<RootMfaPolicyStatus> previous) {
    Optional<SeedStatus> known = previous.map(RootMfaPolicyStatus::getSeed);
    if (view.mode() != Mode.Enforce || seeds.where().isEmpty()) {
      return known;
    }
    try {
      return seeds
          .vault()
          .at(seeds.where().get())
          .readCurrent()
          .filter(
              s ->
                  Custody.judge(
                          Optional.of(s.document()), owner, view.accountId(), view.target(), false)
                      .mayWrite())
          .map(StatusComposer::seedStatus);
    } catch (RuntimeException e) {
      LOG.debugf(
          "policy for account %s: the stored seed could not be read: %s",
          view.accountId(), e.getClass().getSimpleName());
      return known;
    }
  }

  /**
   * The seed status with its replicas checked: one {@code DescribeSecret}, only when the policy
   * asks for replica regions and the seed was just re-read or stored (never on a steady check). A
   * region that does not hold the seed ({@link ReplicaSync}) is named in the status and, when newly
   * found, in a {@code SeedReplicationFailed} Event; a failed {@code DescribeSecret} keeps what the
   * status said.
   */
  private Optional<SeedStatus> withReplicas(
      RootMfaPolicy policy,
      SeedPlace seeds,
      PolicyView view,
      Optional<SeedStatus> seed,
      Optional<RootMfaPolicyStatus> previous) {
    Optional<SeedVault.Location> where = seeds.where();
    if (seed.isEmpty()
        || view.mode() != Mode.Enforce
        || where.isEmpty()
        || where.get().replicaRegions().isEmpty()) {
      return seed;
    }
    Optional<String> before =
        previous.map(RootMfaPolicyStatus::getSeed).map(SeedStatus::getReplicaProblem);
    Optional<String> problem;
    try {
      problem =
          ReplicaSync.describe(
              ReplicaSync.notInSync(
                  where.get().replicaRegions(), seeds.vault().replication(where.get())));
    } catch (RuntimeException e) {
      LOG.debugf(
          "policy %s: the replication of the seed secret could not be read: %s",
          key(policy), e.getClass().getSimpleName());
      problem = before;
    }
    SeedStatus s = seed.get();
    SeedStatus checked =
        new SeedStatus(s.getSecretArn(), s.getVersionId(), s.getStoredAt(), s.getDeviceSerial());
    checked.setReplicaProblem(problem.orElse(null));
    problem
        .filter(p -> !before.equals(Optional.of(p)))
        .ifPresent(
            p ->
                events.warning(
                    policy,
                    "SeedReplicationFailed",
                    "the seed is stored in Secrets Manager secret "
                        + where.get().secretName()
                        + " in "
                        + view.region()
                        + ", but "
                        + p));
    return Optional.of(checked);
  }

  /**
   * An enrollment that had begun and did not finish (in flight, or halted by an error) when the
   * last status was written, and no enrollment now because the window closed, the spec changed
   * (window removed, switched to Audit) or it is not allowed: an unassigned device of this policy
   * may be left. Looked up once per such transition (one IAM call), then carried; reported with an
   * Event; deleted only by the next enrollment, inside a window.
   */
  private Optional<String> orphanAfter(
      RootMfaPolicy policy,
      AccountSession session,
      PolicyView view,
      PolicyRef owner,
      Optional<RootMfaPolicyStatus> previous,
      long generation,
      Instant now) {
    Optional<String> known = previous.map(RootMfaPolicyStatus::getOrphanDevice);
    boolean transition =
        previous
            .filter(p -> !isTrue(p, StatusComposer.READY))
            .filter(
                p ->
                    wasEnrolling(p)
                        || !Long.valueOf(generation).equals(p.getObservedGeneration())
                        || isTrue(p, StatusComposer.BREAK_GLASS_ACTIVE)
                            && view.window().filter(w -> w.isOpenAt(now)).isEmpty())
            .isPresent();
    if (!transition || view.seedLocation().isEmpty()) {
      return known;
    }
    try {
      Optional<String> orphan =
          session
              .iam()
              .find(view.devicePath(), view.deviceName())
              .filter(d -> !d.isAssigned() && d.isOwnedBy(owner))
              .map(VirtualDevice::serialNumber);
      orphan
          .filter(serial -> !known.equals(Optional.of(serial)))
          .ifPresent(
              serial ->
                  events.warning(
                      policy,
                      "OrphanedDevice",
                      "an enrollment did not finish and left the unassigned device "
                          + serial
                          + "; it is removed inside the next open break-glass window"));
      return orphan;
    } catch (RuntimeException e) {
      return known;
    }
  }

  private static boolean isTrue(RootMfaPolicyStatus s, String type) {
    return s.condition(type).filter(c -> "True".equals(c.getStatus())).isPresent();
  }

  private static boolean wasEnrolling(RootMfaPolicyStatus s) {
    return s.condition(StatusComposer.RECONCILING)
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> Reason.Enrolling.name().equals(c.getReason()))
        .isPresent();
  }

  private static boolean rootRefusedBefore(RootMfaPolicyStatus previous, long generation) {
    return previous != null
        && previous.getObservedGeneration() != null
        && previous.getObservedGeneration() == generation
        && previous
            .condition(StatusComposer.READY)
            .filter(c -> Reason.RootApiEnrollmentUnsupported.name().equals(c.getReason()))
            .isPresent();
  }

  /** One Event when the Ready reason changes, so a person sees each transition once. */
  private void announceTransition(
      RootMfaPolicy policy, RootMfaPolicyStatus previous, Verdict verdict) {
    String before =
        previous == null
            ? null
            : previous
                .condition(StatusComposer.READY)
                .map(io.fabric8.kubernetes.api.model.Condition::getReason)
                .orElse(null);
    if (verdict.reason().name().equals(before)) {
      return;
    }
    if (verdict.ready()) {
      events.normal(policy, verdict.reason().name(), verdict.message());
    } else {
      events.warning(policy, verdict.reason().name(), verdict.message());
    }
  }

  /** One Warning Event when the window becomes one the cluster does not allow (too long). */
  private void announceWindowTooLong(
      RootMfaPolicy policy, RootMfaPolicyStatus previous, RootMfaPolicyStatus next) {
    Optional<io.fabric8.kubernetes.api.model.Condition> now =
        windowCondition(next).filter(c -> StatusComposer.WINDOW_TOO_LONG.equals(c.getReason()));
    if (now.isPresent() && !now.equals(windowCondition(previous))) {
      events.warning(policy, StatusComposer.WINDOW_TOO_LONG, now.get().getMessage());
    }
  }

  private static Optional<io.fabric8.kubernetes.api.model.Condition> windowCondition(
      @Nullable RootMfaPolicyStatus s) {
    return s == null ? Optional.empty() : s.condition(StatusComposer.BREAK_GLASS_ACTIVE);
  }

  @Override
  public DeleteControl cleanup(RootMfaPolicy policy, Context<RootMfaPolicy> context) {
    String key = key(policy);
    RootMfaPolicyStatus s = policy.getStatus();
    String device = s == null || s.getDevice() == null ? "none" : s.getDevice().getSerialNumber();
    String seed = s == null || s.getSeed() == null ? "none" : s.getSeed().getSecretArn();
    events.normal(
        policy,
        "Retained",
        "policy deleted; retained MFA device "
            + device
            + " and seed secret "
            + seed
            + " (the operator never disarms MFA on deletion)"
            + orphanNote(s));
    LOG.infof("policy %s deleted: device and seed retained", key);
    sessions.release(key);
    sessions.release(AssumeRootPath.removalKey(key));
    sessions.release(custodyKey(key));
    metrics.forget(key);
    failures.remove(key);
    return DeleteControl.defaultDelete();
  }

  /** What a deleted policy may leave behind unassigned: reported, never deleted by the operator. */
  private static String orphanNote(RootMfaPolicyStatus s) {
    if (s == null) {
      return "";
    }
    if (s.getOrphanDevice() != null) {
      return "; the unassigned device "
          + s.getOrphanDevice()
          + " of an interrupted enrollment "
          + "remains: delete it in AWS, or re-create the policy and open a window";
    }
    return wasEnrolling(s)
        ? "; an enrollment was in flight, so an unassigned device of this policy may remain under "
            + "its device path: re-create the policy and open a window, or delete it in AWS"
        : "";
  }

  private Duration backoff(String key) {
    int n = failures.merge(key, 1, Integer::sum);
    long ceiling = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_BASE.toMillis() << Math.min(n - 1, 16));
    // Full jitter in [ceiling/2, ceiling]: spreads retries of many policies that failed together.
    return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
  }

  private static Duration interval(@Nullable PolicyView view) {
    return view == null ? PolicyView.DEFAULT_CHECK_INTERVAL : view.checkInterval();
  }

  private static String key(RootMfaPolicy p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }
}
