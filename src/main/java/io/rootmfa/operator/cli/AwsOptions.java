package io.rootmfa.operator.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootmfa.operator.aws.AccountSession;
import io.rootmfa.operator.aws.AccountSessions;
import io.rootmfa.operator.aws.CredentialSource;
import io.rootmfa.operator.aws.WrongAccountException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The person's own AWS identity: the default credential chain, or a named profile. The commands
 * reach AWS through the operator's own session code ({@link AccountSessions}), so AWS's clock,
 * retries and error translation are the operator's.
 */
final class AwsOptions {

  @Option(names = "--profile", paramLabel = "PROFILE")
  @Nullable String profile;

  @Option(names = "--endpoint-url", paramLabel = "URL", defaultValue = "${env:AWS_ENDPOINT_URL}")
  @Nullable String endpointUrl;

  /** An open session in the account, checked to be that account, closed with the result. */
  record Opened(AccountSessions sessions, AccountSession session) implements AutoCloseable {
    @Override
    public void close() {
      sessions.close();
    }
  }

  /**
   * Opens a session for the account, or for the caller's own account when {@code accountId} is
   * empty.
   */
  Opened open(Optional<String> accountId, String region) {
    AwsCredentialsProvider credentials =
        profile == null
            ? DefaultCredentialsProvider.builder().build()
            : ProfileCredentialsProvider.builder().profileName(profile).build();
    try {
      credentials.resolveCredentials();
    } catch (SdkException e) {
      throw new CliFailure(
          ExitCodes.AWS,
          "no AWS credentials"
              + (profile == null ? " in the default chain" : " for profile " + profile)
              + ": sign in (e.g. aws sso login) or pass --profile; nothing was written");
    }
    AccountSessions sessions =
        new AccountSessions(
            new AccountSessions.Settings(
                Optional.ofNullable(endpointUrl).filter(u -> !u.isBlank()).map(URI::create),
                credentials,
                1.0,
                Duration.ofSeconds(10),
                3),
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    String account = accountId.orElse(null);
    try {
      if (account == null) {
        AccountSession probe =
            sessions.sessionFor(
                "rootmfa-cli-probe",
                new AccountSessions.Key("000000000000", region, new CredentialSource.PodIdentity()),
                Optional.empty());
        String arn = probe.callerArn();
        account = arn.split(":")[4];
        sessions.release("rootmfa-cli-probe");
      }
      AccountSession session =
          sessions.sessionFor(
              "rootmfa-cli",
              new AccountSessions.Key(account, region, new CredentialSource.PodIdentity()),
              Optional.empty());
      session.verifyIdentity();
      return new Opened(sessions, session);
    } catch (WrongAccountException e) {
      sessions.close();
      throw new CliFailure(
          ExitCodes.AWS, "your AWS credentials: " + e.getMessage() + "; nothing was written");
    } catch (RuntimeException e) {
      sessions.close();
      throw Failures.aws(e);
    }
  }
}
