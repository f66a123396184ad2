package io.rootmfa.operator.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.aws.AccountSession;
import io.rootmfa.operator.reconciler.PolicyEvents;
import io.rootmfa.operator.reconciler.PolicyView;
import io.rootmfa.operator.totp.TotpCodes;
import io.rootmfa.operator.workflow.AuditResult.AssignedDevice;
import io.rootmfa.operator.workflow.BreakGlassWindow;
import io.rootmfa.operator.workflow.Custody;
import io.rootmfa.operator.workflow.Seed;
import io.rootmfa.operator.workflow.SeedCustody;
import io.rootmfa.operator.workflow.SeedDocument;
import io.rootmfa.operator.workflow.StoredSeed;
import io.rootmfa.operator.workflow.TargetRef;
import io.rootmfa.operator.workflow.WriteGate;
import java.io.PrintWriter;
import java.nio.CharBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Console-assisted enrollment of root: the person does the AWS console's "Assign MFA device"
 * wizard; at step 5 ("Show secret key") this command takes the key, keeps it in the policy's seed
 * secret (a pending custody document, read back and compared), gives the two codes of step 6 from
 * AWS's clock, waits for root's new device to appear, and completes the document with its serial.
 * Same ownership rule as the operator ({@link Custody}). Ctrl-C at any point leaves no document or
 * a pending one, which the next run resumes (same key) or replaces (new key).
 */
@Command(
    name = "console-enroll",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 110,
    description = {
      "Enable root's MFA in the AWS console with the seed kept in the operator's custody.",
      "Run it next to the console's \"Assign MFA device\" wizard, inside the policy's break-glass"
          + " window, with your own AWS credentials (secretsmanager, kms, sts, "
          + "iam:ListVirtualMFADevices; see deploy/aws/console-enroller-policy.json)."
    },
    footer = ExitCodes.HELP)
final class ConsoleEnrollCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin PolicyOptions target;
  @Mixin AwsOptions aws;

  @Option(names = "--wait-seconds", defaultValue = "600", paramLabel = "SECONDS")
  int waitSeconds;

  @Option(names = "--poll-seconds", defaultValue = "3", paramLabel = "SECONDS")
  int pollSeconds;

  private final TotpCodes totp = new TotpCodes();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PolicyOptions.Resolved policy = target.resolve("console-enroll");
    try {
      return enroll(out, policy);
    } finally {
      policy.cluster().ifPresent(c -> c.close());
    }
  }

  private int enroll(PrintWriter out, PolicyOptions.Resolved policy) throws InterruptedException {
    PolicyView view = policy.view();
    String key = policy.owner().key();
    if (!view.target().isRoot()) {
      throw refused(
          "policy "
              + key
              + " protects "
              + view.target().describe()
              + ", which the operator enrolls itself inside a window; console-enroll is for root");
    }
    if (view.seedLocation().isEmpty()) {
      throw refused("policy " + key + " has no spec.seedStore: there is nowhere to keep the seed");
    }
    Optional<Condition> stalled = policy.policy().flatMap(ConsoleEnrollCommand::stalledNow);
    if (stalled.isPresent()) {
      throw refused(
          "the operator has stopped policy "
              + key
              + " for a person to act ("
              + stalled.get().getReason()
              + "): "
              + stalled.get().getMessage()
              + "; nothing was written");
    }
    if (policy.policy().isPresent() && view.window().isEmpty()) {
      throw refused(
          "policy " + key + " has no spec.breakGlass window; ask for an approved window first");
    }
    say(
        out,
        "policy "
            + key
            + ": root of account "
            + view.accountId()
            + ", seed secret "
            + secretName(view)
            + " in "
            + view.region());
    try (AwsOptions.Opened opened = aws.open(Optional.of(view.accountId()), view.region())) {
      AccountSession session = opened.session();
      try {
        return enroll(out, policy, session);
      } catch (CliFailure | InterruptedException e) {
        throw e;
      } catch (WriteGate.WriteRefused e) {
        throw refused(e.verdict().message() + "; nothing more was written");
      } catch (RuntimeException e) {
        throw Failures.aws(e);
      }
    }
  }

  private int enroll(PrintWriter out, PolicyOptions.Resolved policy, AccountSession session)
      throws InterruptedException {
    PolicyView view = policy.view();
    Instant awsNow = session.clock().now();
    Optional<BreakGlassWindow> window = view.window();
    if (window.isPresent() && !window.get().isOpenAt(awsNow)) {
      throw refused(
          window.get().whyClosedAt(awsNow).orElseThrow()
              + " (AWS's clock says "
              + awsNow.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + "); nothing was written");
    }
    window.ifPresent(
        w ->
            say(
                out,
                "break-glass window of ticket "
                    + w.ticket()
                    + " (approved by "
                    + w.approvedBy()
                    + ") is open until "
                    + w.expiresAt()));
    if (window.isEmpty()) {
      say(out, "explicit mode: no policy, so no break-glass window is checked");
    }
    // The person takes a while at the console: every custody write asks the window again first.
    WriteGate gate =
        window.isPresent()
            ? WriteGate.window(TargetRef.root(), window, session.clock()::now)
            : WriteGate.OPEN;
    SeedCustody custody = gate.guard(session.seedVault().at(view.seedLocation().get(), gate));
    Set<String> rootDevicesBefore = rootDevices(session);
    Optional<StoredSeed> current = custody.readCurrent();
    boolean currentDeviceEnabled =
        current
            .flatMap(c -> c.document().deviceSerial())
            .map(rootDevicesBefore::contains)
            .orElse(false);
    Custody.Judgement judgement = judge(current, policy, currentDeviceEnabled);
    if (judgement instanceof Custody.Foreign foreign) {
      if (currentDeviceEnabled
          && current.get().document().owner().map(policy.owner()::isSamePolicy).orElse(true)
          && current.get().document().target().equals(TargetRef.root().describe())) {
        say(
            out,
            "root's device "
                + current.get().document().deviceSerial().orElseThrow()
                + " is enabled and its seed is in custody in "
                + current.get().secretArn()
                + "; nothing to do");
        return ExitCodes.OK;
      }
      throw refused(
          "the seed secret "
              + secretName(view)
              + " cannot be written: "
              + foreign.why()
              + "; nothing "
              + "was written");
    }
    say(out, "in the AWS console, signed in as root:");
    say(out, "  1. account menu > Security credentials > Multi-factor authentication > Assign MFA");
    say(out, "  2. name the device, choose \"Authenticator app\", Next");
    say(
        out,
        "  3. under the QR code, choose \"Show secret key\" and copy it (never scan the code)");
    char[] typed =
        new SecretKeyPrompt(main.stdin, main.terminal).read(out, "  4. paste the secret key: ");
    Seed seed;
    try {
      seed = ConsoleSecretKey.parse(CharBuffer.wrap(typed));
    } finally {
      SecretKeyPrompt.wipe(typed);
    }
    say(out, "the secret key has the form AWS uses (64 Base32 characters)");

    StoredSeed pending;
    Optional<StoredSeed> resumable =
        current.filter(
            c ->
                c.document().state() == SeedDocument.State.pending
                    && c.document().seed().sameAs(seed));
    if (resumable.isPresent()) {
      pending = resumable.get();
      say(out, "resuming: " + pending.secretArn() + " already holds this key (pending)");
    } else {
      SeedDocument document =
          new SeedDocument(
              view.accountId(),
              TargetRef.root().describe(),
              Optional.empty(),
              "console-" + UUID.randomUUID(),
              seed,
              awsNow,
              Optional.of(policy.owner()),
              SeedDocument.State.pending);
      pending = writeAndReadBack(custody, document, current.isPresent(), policy);
      say(
          out,
          "stored the key (pending) in "
              + pending.secretArn()
              + " version "
              + pending.versionId()
              + ", read it back: identical");
    }

    Instant stepStart = waitForFreshStep(out, session);
    TotpCodes.ConsecutiveCodes codes = totp.consecutiveCodes(seed, stepStart);
    long left =
        Duration.between(session.clock().now(), stepStart.plus(TotpCodes.STEP.multipliedBy(2)))
            .toSeconds();
    say(out, "  5. type these two codes into the console, then click \"Add MFA\":");
    out.println("  MFA code 1: " + codes.first());
    out.println("  MFA code 2: " + codes.second());
    say(
        out,
        "(by AWS's clock the pair is good for about "
            + Math.max(left, 1)
            + " more seconds; if it expires, run this command again with the same key)");
    out.flush();

    String serial = awaitNewRootDevice(out, session, rootDevicesBefore);
    say(out, "AWS shows root's new device " + serial);
    Optional<StoredSeed> now = custody.readCurrent();
    if (now.isEmpty()
        || now.get().document().state() != SeedDocument.State.pending
        || !now.get().document().seed().sameAs(seed)
        || !now.get().document().owner().map(policy.owner()::isSamePolicy).orElse(false)) {
      throw refused(
          "the seed secret "
              + secretName(view)
              + " changed while waiting (another run?); not completing it. Device "
              + serial
              + " is enabled for root; run console-enroll again to check");
    }
    SeedDocument complete =
        new SeedDocument(
            view.accountId(),
            TargetRef.root().describe(),
            Optional.of(serial),
            pending.enrollmentId(),
            seed,
            pending.storedAt(),
            Optional.of(policy.owner()),
            SeedDocument.State.complete);
    StoredSeed done = writeAndReadBack(custody, complete, true, policy);
    say(
        out,
        "custody complete: "
            + done.secretArn()
            + " version "
            + done.versionId()
            + " holds the seed of "
            + serial);
    policy
        .policy()
        .ifPresent(
            p ->
                new PolicyEvents(policy.cluster().orElseThrow(), Clock.systemUTC())
                    .normal(
                        p,
                        "ConsoleEnrollmentStored",
                        session.callerArn()
                            + " enabled root's MFA device "
                            + serial
                            + " in the console; its seed is in "
                            + done.secretArn()
                            + " version "
                            + done.versionId()));
    say(out, "the operator reports Compliant with SeedStored=True at its next check");
    return ExitCodes.OK;
  }

  /**
   * The operator's {@code Stalled=True} condition for the policy's current generation, if it wrote
   * one: a policy the operator refuses (its seed belongs where this command does not reach, an
   * unbound account, an overlapping policy, ...) is refused here too.
   */
  private static Optional<Condition> stalledNow(RootMfaPolicy policy) {
    RootMfaPolicyStatus status = policy.getStatus();
    if (status == null
        || !Objects.equals(status.getObservedGeneration(), policy.getMetadata().getGeneration())) {
      return Optional.empty();
    }
    return status.condition("Stalled").filter(c -> "True".equals(c.getStatus()));
  }

  /** The ownership rule ({@link Custody}) applied to root's seed secret as it reads now. */
  private static Custody.Judgement judge(
      Optional<StoredSeed> current, PolicyOptions.Resolved policy, boolean deviceEnabled) {
    return Custody.judge(
        current.map(StoredSeed::document),
        policy.owner(),
        policy.view().accountId(),
        TargetRef.root(),
        deviceEnabled);
  }

  private StoredSeed writeAndReadBack(
      SeedCustody custody,
      SeedDocument document,
      boolean secretExists,
      PolicyOptions.Resolved policy)
      throws InterruptedException {
    SeedCustody.WriteOutcome written = custody.write(document, secretExists);
    if (!(written instanceof SeedCustody.Stored)) {
      // Created by someone else since it was read: apply the ownership rule to what it holds now.
      Optional<StoredSeed> now = custody.readCurrent();
      Custody.Judgement j = judge(now, policy, false);
      if (j instanceof Custody.Foreign foreign) {
        throw refused("the seed secret was just created by another writer: " + foreign.why());
      }
      written = custody.write(document, true);
    }
    SeedCustody.Stored stored = (SeedCustody.Stored) written;
    StoredSeed back = custody.readVersion(stored.versionId());
    SeedDocument read = back.document();
    boolean same =
        read.seed().sameAs(document.seed())
            && read.state() == document.state()
            && read.deviceSerial().equals(document.deviceSerial())
            && read.owner().equals(document.owner());
    if (!same) {
      throw new CliFailure(
          ExitCodes.AWS,
          "the document read back from "
              + stored.secretArn()
              + " is not the one just written (another writer?); stopping before any code");
    }
    return back;
  }

  /**
   * Waits until AWS's clock is 1.5 to 4.5 seconds into a 30-second step and returns that step's
   * start, so the person gets the longest time to type the pair and AWS is surely in that step.
   */
  private Instant waitForFreshStep(PrintWriter out, AccountSession session)
      throws InterruptedException {
    long step = TotpCodes.STEP.getSeconds();
    long stepMillis = step * 1000;
    Instant now = session.clock().now();
    long into = Math.floorMod(now.toEpochMilli(), stepMillis);
    // AWS's Date header has a one-second resolution, so our idea of its clock can be a second off:
    // never hand out a pair in the first moments of a step, when AWS may still be in the one
    // before.
    long margin = 1_500;
    long waitMillis =
        into > 3_000 + margin ? stepMillis - into + margin : into < margin ? margin - into : 0;
    if (waitMillis > 0) {
      if (waitMillis > 2_000) {
        say(
            out,
            "waiting " + (waitMillis / 1000 + 1) + " s for a fresh 30-second step of AWS's clock");
      }
      Thread.sleep(waitMillis);
      now = session.clock().now();
    }
    return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), step) * step);
  }

  private String awaitNewRootDevice(PrintWriter out, AccountSession session, Set<String> before)
      throws InterruptedException {
    say(out, "waiting for root's new device to appear in IAM (Ctrl-C is safe: run again)...");
    out.flush();
    Instant deadline = Instant.now().plusSeconds(waitSeconds);
    while (Instant.now().isBefore(deadline)) {
      Thread.sleep(Duration.ofSeconds(Math.max(1, pollSeconds)).toMillis());
      List<String> fresh =
          rootDevices(session).stream().filter(s -> !before.contains(s)).sorted().toList();
      if (!fresh.isEmpty()) {
        return fresh.get(0);
      }
    }
    throw new CliFailure(
        ExitCodes.TIMED_OUT,
        "no new MFA device appeared for root within "
            + waitSeconds
            + " s; the key stays pending in custody: finish the console wizard and run again");
  }

  private static Set<String> rootDevices(AccountSession session) {
    return session.iam().rootVirtualDevices().stream()
        .map(AssignedDevice::serialNumber)
        .collect(Collectors.toSet());
  }

  private static CliFailure refused(String message) {
    return new CliFailure(ExitCodes.REFUSED, message);
  }

  private static void say(PrintWriter out, String line) {
    out.println(line);
  }

  /** The seed secret's name, for messages. */
  private static String secretName(PolicyView view) {
    return view.seedLocation().map(l -> l.secretName()).orElse("-");
  }
}
