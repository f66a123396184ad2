package io.rootmfa.operator.reconciler;

import io.rootmfa.operator.api.DeviceStatus;
import io.rootmfa.operator.api.RootMfaPolicy;
import io.rootmfa.operator.api.SeedStatus;
import io.rootmfa.operator.aws.AccountIam;
import io.rootmfa.operator.aws.AccountSession;
import io.rootmfa.operator.aws.AwsCallException;
import io.rootmfa.operator.aws.SeedVault;
import io.rootmfa.operator.totp.TotpCodes;
import io.rootmfa.operator.workflow.AuditResult;
import io.rootmfa.operator.workflow.Enrollment;
import io.rootmfa.operator.workflow.EnrollmentState;
import io.rootmfa.operator.workflow.EnrollmentStep;
import io.rootmfa.operator.workflow.FreshDevice;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.StoredSeed;
import io.rootmfa.operator.workflow.Verdict;
import io.rootmfa.operator.workflow.VirtualDevice;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Performs the steps that {@link Enrollment} names, one at a time, observing the result of each
 * before asking for the next. All decisions live in the workflow; this class only does the I/O and
 * records Events.
 */
final class EnrollmentRunner {
  private static final Logger LOG = Logger.getLogger(EnrollmentRunner.class);
  private static final int MAX_STEPS = 12;

  /** How AWS answers an API attempt to enable MFA for root (it requires an IAM user name). */
  private static final Set<String> ROOT_REFUSALS =
      Set.of("ValidationError", "InvalidInput", "NoSuchEntity", "RootMfaApiUnsupported");

  private final TotpCodes totp;
  private final PolicyEvents events;
  private final Auditor auditor;
  private final PolicyMetrics metrics;

  /** Per device serial: the time step of the first code of the last pair sent to AWS. */
  private final Map<String, Long> lastCodeStep = new java.util.concurrent.ConcurrentHashMap<>();

  EnrollmentRunner(TotpCodes totp, PolicyEvents events, Auditor auditor, PolicyMetrics metrics) {
    this.totp = totp;
    this.events = events;
    this.auditor = auditor;
    this.metrics = metrics;
  }

  /** The verdict of an enrollment, with what it learned about device and seed. */
  record Outcome(Verdict verdict, Optional<DeviceStatus> device, Optional<SeedStatus> seed) {}

  Outcome run(RootMfaPolicy policy, PolicyView view, AccountSession session)
      throws InterruptedException {
    AccountIam iam = session.iam();
    SeedVault vault = session.seedVault();
    SeedVault.Location where = view.seedLocation().orElseThrow();
    Optional<StoredSeed> stored = vault.readCurrent(where.secretName());
    boolean secretExists = stored.isPresent();
    EnrollmentState state =
        EnrollmentState.initial(
            view.target(), iam.virtualDevice(view.devicePath(), view.deviceName()), stored);
    Optional<SeedStatus> seedStatus = stored.map(EnrollmentRunner::seedStatus);
    Optional<SeedVault.StoredVersion> written = Optional.empty();
    Instant started = Instant.now();

    for (int i = 0; i < MAX_STEPS; i++) {
      EnrollmentStep step = Enrollment.next(state);
      LOG.debugf(
          "policy %s/%s enrollment step %s",
          policy.getMetadata().getNamespace(),
          policy.getMetadata().getName(),
          step.getClass().getSimpleName());
      if (step instanceof EnrollmentStep.CreateDevice) {
        String enrollmentId = UUID.randomUUID().toString();
        Map<String, String> tags = new LinkedHashMap<>(view.deviceTags());
        tags.put("rootmfa.io/managed-by", "rootmfa-operator");
        FreshDevice fresh =
            iam.createVirtualDevice(view.devicePath(), view.deviceName(), enrollmentId, tags);
        events.normal(
            policy,
            "DeviceCreated",
            "created virtual MFA device "
                + fresh.serialNumber()
                + " for "
                + view.target().describe()
                + " (ticket "
                + view.window().map(w -> w.ticket()).orElse("-")
                + ")");
        state =
            state
                .withFresh(fresh)
                .withDevice(
                    Optional.of(
                        new VirtualDevice(
                            fresh.serialNumber(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of(enrollmentId))));
      } else if (step instanceof EnrollmentStep.StoreSeed store) {
        SeedVault.StoredVersion v =
            vault.write(where, view.target(), store.device(), session.clock().now(), secretExists);
        secretExists = true;
        written = Optional.of(v);
        events.normal(
            policy,
            "SeedStored",
            "stored the seed of "
                + store.device().serialNumber()
                + " in Secrets Manager secret "
                + v.secretArn()
                + " version "
                + v.versionId());
        state = state.seedWritten();
      } else if (step instanceof EnrollmentStep.ReadBackSeed) {
        String versionId = written.map(SeedVault.StoredVersion::versionId).orElseThrow();
        state = state.readBack(vault.readVersion(where.secretName(), versionId));
        if (state.written().isEmpty()) {
          seedStatus = state.storedSeed().map(EnrollmentRunner::seedStatus);
        }
      } else if (step instanceof EnrollmentStep.Enable enable) {
        try {
          Instant codeTime = freshCodeTime(enable.device().serialNumber(), session);
          iam.enable(
              view.target(),
              enable.device().serialNumber(),
              totp.consecutiveCodes(enable.seed().seed(), codeTime));
          seedStatus = Optional.of(seedStatus(enable.seed()));
          events.normal(
              policy,
              "MfaEnabled",
              "enabled virtual MFA device "
                  + enable.device().serialNumber()
                  + " for "
                  + view.target().describe()
                  + "; its seed is in "
                  + enable.seed().secretArn());
          metrics.enrollmentSucceeded(java.time.Duration.between(started, Instant.now()));
          state =
              state.withDevice(
                  Optional.of(
                      new VirtualDevice(
                          enable.device().serialNumber(),
                          Optional.of(view.target().describe()),
                          Optional.of(session.clock().now()),
                          enable.device().enrollmentId())));
        } catch (AwsCallException e) {
          if (e.errorCode().equals("InvalidAuthenticationCode")) {
            events.warning(
                policy,
                "InvalidAuthenticationCode",
                "AWS refused the codes for "
                    + enable.device().serialNumber()
                    + "; retrying from the stored seed");
            state =
                state
                    .codeRefused()
                    .withDevice(iam.virtualDevice(view.devicePath(), view.deviceName()));
          } else if (e.errorCode().equals("EntityAlreadyExists")) {
            state = state.withDevice(iam.virtualDevice(view.devicePath(), view.deviceName()));
          } else if (view.target().isRoot() && ROOT_REFUSALS.contains(e.errorCode())) {
            events.warning(
                policy,
                Reason.RootApiEnrollmentUnsupported.name(),
                "AWS refused EnableMFADevice for "
                    + "root ("
                    + e.errorCode()
                    + "): root MFA can only be enabled in the AWS console. Deleting the "
                    + "unassigned device "
                    + enable.device().serialNumber()
                    + "; use the console, or target an IAM user");
            state = state.rootRefused();
          } else {
            throw e;
          }
        }
      } else if (step instanceof EnrollmentStep.DeleteDevice delete) {
        iam.deleteVirtualDevice(delete.serialNumber());
        events.normal(
            policy,
            "DeviceDeleted",
            "deleted unassigned virtual MFA device " + delete.serialNumber() + ": " + delete.why());
        state = state.withDevice(Optional.empty());
      } else if (step instanceof EnrollmentStep.Verify) {
        AuditResult audit = auditor.audit(session, view.target(), true);
        if (audit.mfaEnabled()) {
          return new Outcome(
              Verdict.compliant(view.target()),
              audit
                  .device()
                  .map(
                      d ->
                          new DeviceStatus(
                              d.serialNumber(), d.enabledAt().map(Object::toString).orElse(null))),
              seedStatus);
        }
        return new Outcome(
            Verdict.inFlight(
                Reason.Enrolling,
                "the device is enabled but AWS does not report MFA "
                    + "for "
                    + view.target().describe()
                    + " yet; checking again"),
            Optional.empty(),
            seedStatus);
      } else if (step instanceof EnrollmentStep.Halt halt) {
        if (halt.verdict().stalled()) {
          metrics.enrollmentFailed();
        }
        return new Outcome(halt.verdict(), Optional.empty(), seedStatus);
      }
    }
    return new Outcome(
        Verdict.inFlight(
            Reason.Enrolling,
            "the enrollment did not finish in "
                + MAX_STEPS
                + " steps; continuing on the next reconcile"),
        Optional.empty(),
        seedStatus);
  }

  /**
   * AWS refuses a code it has already accepted or refused for the device, so two attempts never
   * share a time step: if the last pair began at step k, the next pair begins at step k+2 or later,
   * waiting for AWS's clock to get there (at most about a minute, and only right after an attempt).
   */
  private Instant freshCodeTime(String serial, AccountSession session) throws InterruptedException {
    long stepSeconds = TotpCodes.STEP.getSeconds();
    Long last = lastCodeStep.get(serial);
    Instant now = session.clock().now();
    if (last != null) {
      Instant earliest = Instant.ofEpochSecond((last + 2) * stepSeconds).plusMillis(500);
      if (now.isBefore(earliest)) {
        Thread.sleep(java.time.Duration.between(now, earliest).toMillis());
        now = session.clock().now();
      }
    }
    lastCodeStep.put(serial, Math.floorDiv(now.getEpochSecond(), stepSeconds));
    return now;
  }

  private static SeedStatus seedStatus(StoredSeed s) {
    return new SeedStatus(s.secretArn(), s.versionId(), s.storedAt().toString());
  }
}
