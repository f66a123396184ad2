package io.rootmfa.operator.cli;

import io.rootmfa.operator.api.v1alpha1.RootMfaPolicySpec;
import io.rootmfa.operator.aws.AccountSession;
import io.rootmfa.operator.aws.SeedVault;
import io.rootmfa.operator.reconciler.PolicyEvents;
import io.rootmfa.operator.reconciler.PolicyView;
import io.rootmfa.operator.totp.TotpCodes;
import io.rootmfa.operator.workflow.SeedDocument;
import io.rootmfa.operator.workflow.StoredSeed;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A sign-in code for root or a break-glass IAM user, computed from the seed in custody on AWS's
 * clock; never the seed. The read is a {@code GetSecretValue} by the person in CloudTrail, and,
 * when the policy was read from a cluster, an Event {@code BreakGlassCodeIssued} on it names the
 * person's AWS ARN.
 */
@Command(
    name = "code",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 110,
    description = {
      "Print the current sign-in code for the policy's root or IAM user, from the seed in custody.",
      "Never prints the seed. Records an Event BreakGlassCodeIssued on the policy naming your AWS"
          + " ARN (when the policy comes from a cluster); CloudTrail shows your GetSecretValue."
    },
    footer = ExitCodes.HELP)
final class CodeCommand implements Callable<Integer> {
  static final String EVENT_REASON = "BreakGlassCodeIssued";

  @Spec CommandSpec spec;
  @Mixin PolicyOptions target;
  @Mixin AwsOptions aws;

  @Option(names = "--secret-id", paramLabel = "SECRET")
  @Nullable String secretId;

  private final TotpCodes totp = new TotpCodes();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (secretId != null) {
      String region = target.region == null ? RootMfaPolicySpec.DEFAULT_REGION : target.region;
      try (AwsOptions.Opened opened = aws.open(Optional.ofNullable(target.accountId), region)) {
        return print(out, opened.session(), secretId, Optional.empty(), Optional.empty());
      }
    }
    PolicyOptions.Resolved policy = target.resolve("code");
    try {
      PolicyView view = policy.view();
      String secret =
          view.seedLocation()
              .map(SeedVault.Location::secretName)
              .orElseThrow(
                  () ->
                      new CliFailure(
                          ExitCodes.REFUSED,
                          "policy " + policy.owner().key() + " has no spec.seedStore: no seed"));
      try (AwsOptions.Opened opened = aws.open(Optional.of(view.accountId()), view.region())) {
        return print(out, opened.session(), secret, Optional.of(view), Optional.of(policy));
      }
    } finally {
      policy.cluster().ifPresent(c -> c.close());
    }
  }

  private int print(
      PrintWriter out,
      AccountSession session,
      String secret,
      Optional<PolicyView> view,
      Optional<PolicyOptions.Resolved> policy)
      throws InterruptedException {
    try {
      StoredSeed stored =
          session
              .seedVault()
              .at(new SeedVault.Location(secret, Optional.empty(), List.of(), Map.of()))
              .readCurrent()
              .orElseThrow(
                  () ->
                      new CliFailure(
                          ExitCodes.REFUSED,
                          "no seed in custody: secret " + secret + " not found"));
      SeedDocument d = stored.document();
      if (view.isPresent()
          && (!d.accountId().equals(view.get().accountId())
              || !d.target().equals(view.get().target().describe()))) {
        throw new CliFailure(
            ExitCodes.REFUSED,
            "secret "
                + stored.secretArn()
                + " holds the seed of "
                + d.target()
                + " in account "
                + d.accountId()
                + ", not of this policy's target; no code given");
      }
      if (d.state() != SeedDocument.State.complete) {
        throw new CliFailure(
            ExitCodes.REFUSED,
            "the seed in "
                + stored.secretArn()
                + " is pending (no device named yet): finish `rootmfa console-enroll` first");
      }
      String caller = session.callerArn();
      long step = TotpCodes.STEP.getSeconds();
      Instant now = session.clock().now();
      long left = step - Math.floorMod(now.getEpochSecond(), step);
      if (left < 5) {
        Thread.sleep(left * 1000 + 200);
        now = session.clock().now();
        left = step - Math.floorMod(now.getEpochSecond(), step);
      }
      String code = totp.codeAt(d.seed(), now);
      String device = d.deviceSerial().orElseThrow();
      out.println(
          "sign-in code for "
              + d.target()
              + " of account "
              + d.accountId()
              + " (device "
              + device
              + "), read from "
              + stored.secretArn()
              + " as "
              + caller
              + ":");
      out.println(
          "  code: " + code + " (valid for about " + left + " more seconds by AWS's clock)");
      out.flush();
      policy
          .filter(p -> p.policy().isPresent())
          .ifPresent(
              p ->
                  new PolicyEvents(p.cluster().orElseThrow(), Clock.systemUTC())
                      .normal(
                          p.policy().get(),
                          EVENT_REASON,
                          caller
                              + " read a sign-in code for "
                              + d.target()
                              + " (device "
                              + device
                              + ") from "
                              + stored.secretArn()
                              + "; CloudTrail shows the GetSecretValue"));
      return ExitCodes.OK;
    } catch (CliFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw Failures.aws(e);
    }
  }
}
