package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.rootmfa.operator.api.DeviceStatus;
import io.rootmfa.operator.api.Mode;
import io.rootmfa.operator.api.RootMfaPolicy;
import io.rootmfa.operator.api.RootMfaPolicyStatus;
import io.rootmfa.operator.api.SeedStatus;
import io.rootmfa.operator.aws.AccountSession;
import io.rootmfa.operator.aws.AccountSessions;
import io.rootmfa.operator.aws.AwsCallException;
import io.rootmfa.operator.totp.TotpCodes;
import io.rootmfa.operator.workflow.AuditResult;
import io.rootmfa.operator.workflow.PolicyDecision;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.Verdict;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reconciles a {@link RootMfaPolicy}: observe (audit) → decide ({@link PolicyDecision}, {@code
 * Enrollment}) → act ({@link EnrollmentRunner}) → write status, only when it changed. Every failure
 * becomes a condition with a CamelCase reason and an Event, and is retried with exponential backoff
 * and jitter; nothing is thrown to the framework, so nothing crash-loops.
 */
@ControllerConfiguration(name = RootMfaPolicyReconciler.NAME)
public class RootMfaPolicyReconciler implements Reconciler<RootMfaPolicy>, Cleaner<RootMfaPolicy> {
  public static final String NAME = "rootmfapolicy";
  private static final Logger LOG = Logger.getLogger(RootMfaPolicyReconciler.class);
  private static final Duration BACKOFF_BASE = Duration.ofSeconds(5);
  private static final Duration BACKOFF_MAX = Duration.ofMinutes(5);

  private final AccountSessions sessions;
  private final Clock clock;
  private final CredentialResolver credentials;
  private final PolicyEvents events;
  private final StatusComposer composer;
  private final Auditor auditor = new Auditor();
  private final PolicyMetrics metrics;
  private final EnrollmentRunner enrollment;
  private final AssumeRootPath assumeRoot;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  @Inject
  public RootMfaPolicyReconciler(
      KubernetesClient client,
      AccountSessions sessions,
      MeterRegistry meters,
      Clock clock,
      @ConfigProperty(name = "rootmfa.status.refresh", defaultValue = "1h")
          Duration statusRefresh) {
    this.sessions = sessions;
    this.clock = clock;
    this.credentials = new CredentialResolver(client);
    this.events = new PolicyEvents(client, clock);
    this.composer = new StatusComposer(statusRefresh);
    this.metrics = new PolicyMetrics(meters);
    this.enrollment = new EnrollmentRunner(new TotpCodes(), events, auditor, metrics);
    this.assumeRoot = new AssumeRootPath(sessions, events, clock);
  }

  @Override
  public UpdateControl<RootMfaPolicy> reconcile(
      RootMfaPolicy policy, Context<RootMfaPolicy> context) throws InterruptedException {
    String key = key(policy);
    RootMfaPolicyStatus previous = policy.getStatus();
    long generation =
        policy.getMetadata().getGeneration() == null ? 0 : policy.getMetadata().getGeneration();
    Result r = observeAndAct(policy, previous, generation);

    Instant now = clock.instant();
    PolicyView view = r.view;
    RootMfaPolicyStatus next =
        composer.compose(
            previous,
            generation,
            r.verdict,
            new StatusComposer.Findings(
                policy.getSpec().getTarget() == null
                    ? null
                    : policy.getSpec().getTarget().describe(),
                r.device,
                r.seed,
                view == null ? Optional.empty() : view.window()),
            now);
    metrics.observed(key, r.verdict);
    announceTransition(policy, previous, r.verdict);

    Duration again = r.retry ? backoff(key) : interval(view);
    if (!r.retry) {
      failures.remove(key);
    }
    if (next.equals(previous)) {
      return UpdateControl.<RootMfaPolicy>noUpdate().rescheduleAfter(again);
    }
    RootMfaPolicy patch = new RootMfaPolicy();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(policy.getMetadata().getName())
            .withNamespace(policy.getMetadata().getNamespace())
            .build());
    patch.setStatus(next);
    return UpdateControl.patchStatus(patch).rescheduleAfter(again);
  }

  /**
   * What one reconcile found: the verdict, what to show of device and seed, and whether to retry
   * soon.
   */
  private record Result(
      PolicyView view,
      Verdict verdict,
      Optional<DeviceStatus> device,
      Optional<SeedStatus> seed,
      boolean retry) {}

  private Result observeAndAct(RootMfaPolicy policy, RootMfaPolicyStatus previous, long generation)
      throws InterruptedException {
    Optional<DeviceStatus> knownDevice =
        Optional.ofNullable(previous).map(RootMfaPolicyStatus::getDevice);
    Optional<SeedStatus> knownSeed =
        Optional.ofNullable(previous).map(RootMfaPolicyStatus::getSeed);
    PolicyView view = null;
    try {
      view = PolicyView.of(policy);
      if (AssumeRootPath.applies(policy)) {
        AssumeRootPath.Outcome outcome = assumeRoot.run(policy, key(policy), view);
        return new Result(
            view, outcome.verdict(), outcome.device(), knownSeed, outcome.verdict().reconciling());
      }
      CredentialResolver.Resolved creds =
          credentials.resolve(
              policy.getMetadata().getNamespace(), policy.getSpec().getCredentials());
      AccountSession session =
          sessions.sessionFor(
              key(policy),
              new AccountSessions.Key(view.accountId(), view.region(), creds.source()),
              creds.keys());
      session.verifyIdentity();

      boolean needDeviceName = knownDevice.map(DeviceStatus::getSerialNumber).isEmpty();
      AuditResult audit = auditor.audit(session, view.target(), needDeviceName);
      Optional<DeviceStatus> device =
          audit
              .device()
              .map(
                  d ->
                      new DeviceStatus(
                          d.serialNumber(), d.enabledAt().map(Object::toString).orElse(null)))
              .or(() -> audit.mfaEnabled() ? knownDevice : Optional.empty());
      PolicyDecision decision =
          PolicyDecision.decide(
              view.facts(rootRefusedBefore(previous, generation)), audit, session.clock().now());
      if (decision instanceof PolicyDecision.Report report) {
        Optional<SeedStatus> seed =
            knownSeed.isPresent() || knownDevice.isPresent()
                ? knownSeed
                : storedSeedOf(session, view, device);
        return new Result(view, report.verdict(), device, seed, false);
      }
      EnrollmentRunner.Outcome outcome = enrollment.run(policy, view, session);
      return new Result(
          view,
          outcome.verdict(),
          outcome.device(),
          outcome.seed().or(() -> knownSeed),
          outcome.verdict().reconciling());
    } catch (SpecProblem e) {
      return new Result(
          view,
          Verdict.stalled(Reason.InvalidSpec, e.getMessage()),
          Optional.empty(),
          knownSeed,
          true);
    } catch (AwsCallException e) {
      LOG.infof("policy %s: %s", key(policy), e.getMessage());
      return new Result(view, verdictFor(e, view), Optional.empty(), knownSeed, true);
    } catch (RuntimeException e) {
      // A bug or an unexpected response must not crash-loop the controller. The exception's message
      // is not
      // shown: it could quote a response body. Its type and where it was thrown are enough to find
      // it.
      StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
      LOG.errorf("policy %s: unexpected %s at %s", key(policy), e.getClass().getName(), at);
      return new Result(
          view,
          Verdict.inFlight(
              Reason.AwsUnavailable,
              "unexpected "
                  + e.getClass().getSimpleName()
                  + " while reconciling; retrying with backoff"),
          Optional.empty(),
          knownSeed,
          true);
    }
  }

  /**
   * The stored seed of the enabled device, read once when the status names neither: a crash between
   * EnableMFADevice and the status write leaves MFA enabled and the seed stored, and the status
   * must not then say NoSeedStored. Enforce only (an Audit role need not read secrets); a failed
   * read only leaves the seed unnamed.
   */
  private static Optional<SeedStatus> storedSeedOf(
      AccountSession session, PolicyView view, Optional<DeviceStatus> device) {
    if (view.mode() != Mode.Enforce || view.seedLocation().isEmpty() || device.isEmpty()) {
      return Optional.empty();
    }
    try {
      return session
          .seedVault()
          .readCurrent(view.seedLocation().get().secretName())
          .filter(s -> s.deviceSerial().equals(device.get().getSerialNumber()))
          .map(s -> new SeedStatus(s.secretArn(), s.versionId(), s.storedAt().toString()));
    } catch (AwsCallException e) {
      LOG.debugf(
          "policy for account %s: the stored seed could not be read: %s",
          view.accountId(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Maps an AWS failure to a reason a person can act on. */
  private static Verdict verdictFor(AwsCallException e, PolicyView view) {
    if (e.errorCode().equals("WrongAccount")) {
      return Verdict.stalled(Reason.InvalidSpec, "spec.credentials " + e.getMessage());
    }
    if (e.isAccessDenied()) {
      return Verdict.stalled(
          Reason.AccessDenied,
          "AWS denied "
              + action(e.operation())
              + " in account "
              + e.accountId()
              + ": "
              + e.getMessage()
              + ". Grant it to the operator's role (see deploy/aws/)");
    }
    if (e.errorCode().equals("InvalidClientTokenId")
        || e.errorCode().equals("UnrecognizedClientException")
        || e.errorCode().equals("SignatureDoesNotMatch")
        || e.errorCode().equals("ExpiredToken")) {
      return Verdict.stalled(
          Reason.InvalidSpec,
          "AWS does not accept the credentials of spec.credentials: " + e.getMessage());
    }
    if (e.isNotFound() && e.operation().equals("ListMFADevices") && view != null) {
      return Verdict.stalled(
          Reason.InvalidSpec,
          "IAM user "
              + view.target().userName().orElse("?")
              + " does not exist in account "
              + e.accountId());
    }
    if (e.errorCode().startsWith("KMS")
        || e.errorCode().equals("EncryptionFailure")
        || e.errorCode().equals("DecryptionFailure")) {
      return Verdict.stalled(
          Reason.AccessDenied, "the KMS key of spec.seedStore cannot be used: " + e.getMessage());
    }
    if (e.errorCode().equals("EntityAlreadyExists")
        && e.operation().equals("CreateVirtualMFADevice")
        && view != null) {
      // Device names are unique in an account whatever the path: ours was free at our path, so
      // another path has it.
      return Verdict.stalled(
          Reason.DeviceNameTaken,
          "a virtual MFA device named "
              + view.deviceName()
              + " already exists in account "
              + e.accountId()
              + " at another path than "
              + view.devicePath()
              + "; it is left untouched: delete it or choose another spec.device.name");
    }
    if (e.errorCode().equals("MalformedSeedSecret")) {
      return Verdict.stalled(
          Reason.InvalidSpec,
          e.getMessage()
              + "; it is not a seed this operator wrote. "
              + "Point spec.seedStore.secretsManager.secretName at another secret, or remove that one");
    }
    if (e.isTransient()) {
      return Verdict.inFlight(
          Reason.AwsUnavailable,
          "AWS is unavailable or throttling; retrying with backoff: " + e.getMessage());
    }
    return Verdict.inFlight(Reason.AwsUnavailable, e.getMessage());
  }

  private static String action(String operation) {
    return switch (operation) {
      case "GetSecretValue", "CreateSecret", "PutSecretValue", "DescribeSecret" ->
          "secretsmanager:" + operation;
      case "GetCallerIdentity", "AssumeRole", "AssumeRoot" -> "sts:" + operation;
      default -> "iam:" + operation;
    };
  }

  private static boolean rootRefusedBefore(RootMfaPolicyStatus previous, long generation) {
    return previous != null
        && previous.getObservedGeneration() != null
        && previous.getObservedGeneration() == generation
        && previous.getConditions() != null
        && previous.getConditions().stream()
            .anyMatch(
                c ->
                    StatusComposer.READY.equals(c.getType())
                        && Reason.RootApiEnrollmentUnsupported.name().equals(c.getReason()));
  }

  /** One Event when the Ready reason changes, so a person sees each transition once. */
  private void announceTransition(
      RootMfaPolicy policy, RootMfaPolicyStatus previous, Verdict verdict) {
    String before =
        previous == null || previous.getConditions() == null
            ? null
            : previous.getConditions().stream()
                .filter(c -> StatusComposer.READY.equals(c.getType()))
                .map(io.fabric8.kubernetes.api.model.Condition::getReason)
                .findFirst()
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
            + " (the operator never disarms MFA on deletion)");
    LOG.infof("policy %s deleted: device and seed retained", key);
    sessions.release(key);
    sessions.release(AssumeRootPath.removalKey(key));
    metrics.forget(key);
    failures.remove(key);
    return DeleteControl.defaultDelete();
  }

  private Duration backoff(String key) {
    int n = failures.merge(key, 1, Integer::sum);
    long ceiling = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_BASE.toMillis() << Math.min(n - 1, 16));
    // Full jitter in [ceiling/2, ceiling]: spreads retries of many policies that failed together.
    return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
  }

  private static Duration interval(PolicyView view) {
    return view == null ? Duration.ofMinutes(10) : view.checkInterval();
  }

  private static String key(RootMfaPolicy p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }
}
