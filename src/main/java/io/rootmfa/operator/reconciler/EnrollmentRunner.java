package io.rootmfa.operator.reconciler;

import io.rootmfa.operator.api.v1alpha1.DeviceStatus;
import io.rootmfa.operator.api.v1alpha1.SeedStatus;
import io.rootmfa.operator.totp.TotpCodes;
import io.rootmfa.operator.workflow.AuditResult;
import io.rootmfa.operator.workflow.Custody;
import io.rootmfa.operator.workflow.Enrollment;
import io.rootmfa.operator.workflow.EnrollmentState;
import io.rootmfa.operator.workflow.EnrollmentStep;
import io.rootmfa.operator.workflow.FreshDevice;
import io.rootmfa.operator.workflow.MfaDevices;
import io.rootmfa.operator.workflow.PolicyRef;
import io.rootmfa.operator.workflow.Reason;
import io.rootmfa.operator.workflow.SeedCustody;
import io.rootmfa.operator.workflow.SeedDocument;
import io.rootmfa.operator.workflow.StoredSeed;
import io.rootmfa.operator.workflow.Verdict;
import io.rootmfa.operator.workflow.VirtualDevice;
import io.rootmfa.operator.workflow.WriteGate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import lombok.extern.jbosslog.JBossLog;

/**
 * Performs the steps that {@link Enrollment} names, one at a time, observing the result of each
 * before asking for the next. All decisions live in the workflow; this class only does the I/O,
 * through two ports ({@link MfaDevices}, {@link SeedCustody}) and AWS's clock, and records Events.
 * Dispatch is a pattern {@code switch} over the sealed {@link EnrollmentStep}, so a new step does
 * not compile until it is handled here.
 *
 * <p>It never blocks a reconcile thread: when the next codes need a time step AWS has not reached
 * yet (AWS never accepts a code twice), the run ends with {@link Outcome#retryAfter()} and the
 * reconciler reschedules.
 */
@JBossLog
final class EnrollmentRunner {
  private static final int MAX_STEPS = 12;

  private final TotpCodes totp;
  private final PolicyMetrics metrics;

  /**
   * Per device serial: the time step of the first code of the last pair sent to AWS, and how often
   * AWS refused codes from the stored seed. Kept across reconciles (a refused code ends the run to
   * wait for a fresh step); lost on a restart, which only allows a few more attempts.
   */
  private final Map<String, CodeHistory> codeHistory = new ConcurrentHashMap<>();

  private record CodeHistory(long lastStep, int refusals) {}

  EnrollmentRunner(TotpCodes totp, PolicyMetrics metrics) {
    this.totp = totp;
    this.metrics = metrics;
  }

  /**
   * What the enrollment reaches AWS through, and the gate asked immediately before every AWS write
   * (the break-glass window at AWS's time, and whether an overlapping older policy has appeared in
   * the informer cache since the reconcile began). The runner wraps both ports with the gate
   * ({@link WriteGate#guard}), so no step writes without asking.
   */
  record Ports(MfaDevices devices, SeedCustody custody, InstantSource awsClock, WriteGate gate) {}

  /** Where the steps are told to people. */
  interface EventSink {
    void normal(String reason, String message);

    void warning(String reason, String message);
  }

  /**
   * The verdict of an enrollment, with what it learned about device and seed, and when to come back
   * if it waits for AWS's clock.
   */
  record Outcome(
      Verdict verdict,
      Optional<DeviceStatus> device,
      Optional<SeedStatus> seed,
      Optional<Duration> retryAfter) {}

  Outcome run(PolicyRef owner, PolicyView view, Ports ports, EventSink events)
      throws InterruptedException {
    return new Run(owner, view, ports, events).run();
  }

  /** One reconcile's enrollment: the state it observed and the steps it took. */
  private final class Run {
    private final PolicyRef owner;
    private final PolicyView view;
    private final MfaDevices devices;
    private final SeedCustody custody;
    private final InstantSource clock;
    private final EventSink events;
    private final Instant started = Instant.now();
    private EnrollmentState state;
    private boolean secretExists;
    private Optional<SeedStatus> seedStatus;
    private Optional<String> writtenVersion = Optional.empty();

    /**
     * The secret exists without a value and is not this policy's to fill ({@link
     * Custody#judgeUnwritten}): nothing may be created or written; our own unassigned device is
     * still cleaned up.
     */
    private Optional<Custody.Foreign> unwrittenForeign = Optional.empty();

    Run(PolicyRef owner, PolicyView view, Ports ports, EventSink events) {
      this.owner = owner;
      this.view = view;
      this.devices = ports.gate().guard(ports.devices());
      this.custody = ports.gate().guard(ports.custody());
      this.clock = ports.awsClock();
      this.events = events;
      this.state =
          EnrollmentState.initial(
              owner, view.accountId(), view.target(), Optional.empty(), Optional.empty());
      this.seedStatus = Optional.empty();
    }

    Outcome run() throws InterruptedException {
      SeedCustody.Contents contents = custody.observe();
      Optional<StoredSeed> stored = observed(contents);
      Optional<VirtualDevice> device = devices.find(view.devicePath(), view.deviceName());
      state =
          EnrollmentState.initial(owner, view.accountId(), view.target(), device, stored)
              .withEnableAttempts(
                  device
                      .map(d -> codeHistory.get(d.serialNumber()))
                      .map(CodeHistory::refusals)
                      .orElse(0));
      seedStatus = stored.flatMap(this::ownSeedStatus);
      for (int i = 0; i < MAX_STEPS; i++) {
        EnrollmentStep step = Enrollment.next(state);
        LOG.debugf("policy %s enrollment step %s", owner, step.getClass().getSimpleName());
        Optional<Outcome> done;
        try {
          done = perform(step);
        } catch (WriteGate.WriteRefused refused) {
          LOG.debugf("policy %s: write refused: %s", owner, refused.getMessage());
          return outcome(refused.verdict());
        }
        if (done.isPresent()) {
          return done.get();
        }
      }
      return outcome(
          Verdict.inFlight(
              Reason.Enrolling,
              "the enrollment did not finish in "
                  + MAX_STEPS
                  + " steps; continuing on the next reconcile"));
    }

    /** Takes in what the secret holds: whether it exists, and whether it may be filled. */
    private Optional<StoredSeed> observed(SeedCustody.Contents contents) {
      secretExists = !(contents instanceof SeedCustody.Absent);
      unwrittenForeign =
          contents instanceof SeedCustody.Unwritten unwritten
                  && Custody.judgeUnwritten(unwritten.tags(), view.accountId(), view.target())
                      instanceof Custody.Foreign foreign
              ? Optional.of(foreign)
              : Optional.empty();
      return contents instanceof SeedCustody.Holds holds
          ? Optional.of(holds.seed())
          : Optional.empty();
    }

    private Optional<Outcome> unwrittenSecretInUse() {
      return unwrittenForeign.map(
          foreign -> outcome(Enrollment.seedSecretInUse(view.target(), foreign)));
    }

    /** Performs one step; the switch is exhaustive over the sealed {@link EnrollmentStep}. */
    private Optional<Outcome> perform(EnrollmentStep step) throws InterruptedException {
      return switch (step) {
        case EnrollmentStep.CreateDevice create -> createDevice();
        case EnrollmentStep.StoreSeed store -> storeSeed(store);
        case EnrollmentStep.ReadBackSeed readBack -> readBackSeed(readBack);
        case EnrollmentStep.Enable enable -> enable(enable);
        case EnrollmentStep.DeleteDevice delete -> deleteDevice(delete);
        case EnrollmentStep.Verify verify -> verify();
        case EnrollmentStep.Halt halt -> halt(halt);
      };
    }

    private Optional<Outcome> createDevice() {
      if (unwrittenForeign.isPresent()) {
        return unwrittenSecretInUse();
      }
      String enrollmentId = UUID.randomUUID().toString();
      Map<String, String> tags = new LinkedHashMap<>(view.deviceTags());
      tags.put("rootmfa.io/managed-by", "rootmfa-operator");
      tags.put(MfaDevices.POLICY_TAG, owner.key());
      if (!owner.uid().isEmpty()) {
        tags.put(MfaDevices.POLICY_UID_TAG, owner.uid());
      }
      FreshDevice fresh = devices.create(view.devicePath(), view.deviceName(), enrollmentId, tags);
      codeHistory.remove(fresh.serialNumber());
      events.normal(
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
              .deviceCreated(fresh)
              .withDevice(
                  Optional.of(
                      new VirtualDevice(
                          fresh.serialNumber(),
                          Optional.empty(),
                          Optional.empty(),
                          Optional.of(enrollmentId),
                          Optional.of(owner.key()))));
      return Optional.empty();
    }

    private Optional<Outcome> storeSeed(EnrollmentStep.StoreSeed step) throws InterruptedException {
      if (unwrittenForeign.isPresent()) {
        // The fresh device is never given this secret: it is an unassigned device of ours without
        // a seed, deleted by the next enrollment.
        return unwrittenSecretInUse();
      }
      SeedDocument document =
          SeedDocument.complete(
              view.accountId(), view.target(), step.device(), owner, clock.instant());
      SeedCustody.WriteOutcome written = custody.write(document, secretExists);
      if (written instanceof SeedCustody.Stored stored) {
        secretExists = true;
        writtenVersion = Optional.of(stored.versionId());
        events.normal(
            "SeedStored",
            "stored the seed of "
                + step.device().serialNumber()
                + " in Secrets Manager secret "
                + stored.secretArn()
                + " version "
                + stored.versionId());
        state = state.seedWritten();
        return Optional.empty();
      }
      // Another writer (or our own interrupted write) created the secret since it was read: read it
      // again, apply the rule again.
      Optional<StoredSeed> current = observed(custody.observe());
      secretExists = true;
      if (current.isPresent() && !state.withStoredSeed(current).custody().mayWrite()) {
        state = state.custodyTaken(current.get());
      }
      return Optional.empty();
    }

    private Optional<Outcome> readBackSeed(EnrollmentStep.ReadBackSeed step) {
      state = state.readBack(custody.readVersion(writtenVersion.orElseThrow()));
      if (state.written().isEmpty()) {
        seedStatus = state.storedSeed().flatMap(this::ownSeedStatus);
      }
      return Optional.empty();
    }

    private Optional<Outcome> enable(EnrollmentStep.Enable step) {
      String serial = step.device().serialNumber();
      Instant now = clock.instant();
      long stepNow = Math.floorDiv(now.getEpochSecond(), TotpCodes.STEP.getSeconds());
      CodeHistory history = codeHistory.get(serial);
      if (history != null) {
        Instant earliest =
            Instant.ofEpochSecond((history.lastStep() + 2) * TotpCodes.STEP.getSeconds())
                .plusMillis(500);
        if (now.isBefore(earliest)) {
          return Optional.of(
              new Outcome(
                  Verdict.inFlight(
                      Reason.Enrolling,
                      "waiting for AWS's next TOTP time step to enable "
                          + serial
                          + " with codes it has not seen"),
                  Optional.empty(),
                  seedStatus,
                  Optional.of(Duration.between(now, earliest))));
        }
      }
      int refusals = history == null ? 0 : history.refusals();
      codeHistory.put(serial, new CodeHistory(stepNow, refusals));
      TotpCodes.ConsecutiveCodes codes = totp.consecutiveCodes(step.seed().seed(), now);
      switch (devices.enable(view.target(), serial, codes.first(), codes.second())) {
        case ENABLED -> {
          codeHistory.remove(serial);
          seedStatus = ownSeedStatus(step.seed());
          events.normal(
              "MfaEnabled",
              "enabled virtual MFA device "
                  + serial
                  + " for "
                  + view.target().describe()
                  + "; its seed is in "
                  + step.seed().secretArn());
          metrics.enrollmentSucceeded(Duration.between(started, Instant.now()));
          state =
              state.withDevice(
                  Optional.of(
                      new VirtualDevice(
                          serial,
                          Optional.of(view.target().describe()),
                          Optional.of(now),
                          step.device().enrollmentId(),
                          step.device().owner())));
        }
        case CODES_REFUSED -> {
          codeHistory.put(serial, new CodeHistory(stepNow, refusals + 1));
          events.warning(
              "InvalidAuthenticationCode",
              "AWS refused the codes for " + serial + "; retrying from the stored seed");
          state =
              state.codeRefused().withDevice(devices.find(view.devicePath(), view.deviceName()));
        }
        case ALREADY_ENABLED ->
            state = state.withDevice(devices.find(view.devicePath(), view.deviceName()));
        case ROOT_REFUSED -> {
          events.warning(
              Reason.RootApiEnrollmentUnsupported.name(),
              "AWS refused EnableMFADevice for root: root MFA can only be enabled in the AWS "
                  + "console. Deleting the unassigned device "
                  + serial
                  + "; use the console, or target an IAM user");
          state = state.rootRefused();
        }
      }
      return Optional.empty();
    }

    private Optional<Outcome> deleteDevice(EnrollmentStep.DeleteDevice step) {
      devices.delete(step.serialNumber());
      codeHistory.remove(step.serialNumber());
      events.normal(
          "DeviceDeleted",
          "deleted unassigned virtual MFA device " + step.serialNumber() + ": " + step.why());
      state = state.withDevice(Optional.empty());
      return Optional.empty();
    }

    private Optional<Outcome> verify() {
      AuditResult audit = devices.audit(view.target(), true);
      if (audit.mfaEnabled()) {
        return Optional.of(
            new Outcome(
                Verdict.compliant(view.target()),
                audit.device().map(StatusComposer::deviceStatus),
                seedStatus,
                Optional.empty()));
      }
      return Optional.of(
          outcome(
              Verdict.inFlight(
                  Reason.Enrolling,
                  "the device is enabled but AWS does not report MFA for "
                      + view.target().describe()
                      + " yet; checking again")));
    }

    private Optional<Outcome> halt(EnrollmentStep.Halt step) {
      if (step.verdict().stalled()) {
        metrics.enrollmentFailed();
      }
      return Optional.of(outcome(step.verdict()));
    }

    private Outcome outcome(Verdict verdict) {
      return new Outcome(verdict, Optional.empty(), seedStatus, Optional.empty());
    }

    /** The status of a document only when this policy may call it its own custody. */
    private Optional<SeedStatus> ownSeedStatus(StoredSeed s) {
      boolean own =
          !(Custody.judge(Optional.of(s.document()), owner, view.accountId(), view.target(), false)
              instanceof Custody.Foreign);
      return own ? Optional.of(StatusComposer.seedStatus(s)) : Optional.empty();
    }
  }
}
