package io.rootmfa.operator.aws;

import java.util.Optional;
import java.util.function.Supplier;
import lombok.Getter;
import lombok.experimental.Accessors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * AWS for one account, region and credential source, shared by every policy that uses the same
 * triple: views of the operator's shared clients whose requests carry this session's credentials
 * (see {@link AccountSessions}). Before first use it checks, once, that the credentials really
 * belong to the policy's account: with the account AWS named when it issued them (sts:AssumeRole
 * answers with the ARN of the assumed role's session), else with sts:GetCallerIdentity.
 */
@Accessors(fluent = true)
public final class AccountSession implements AutoCloseable {
  private final String accountId;
  private final IamClient iamClient;
  private final SecretsManagerClient secretsManager;
  private final StsClient sts;
  @Getter private final AwsClock clock;
  @Getter private final AccountIam iam;
  @Getter private final SeedVault seedVault;

  /** Root's credentials, for sessions whose source is a {@link CredentialSource.RootSession}. */
  @Getter private final RootUserIam rootUser;

  private final AutoCloseable credentials;

  /**
   * The account AWS named when it issued the credentials, obtaining them if needed; empty when the
   * credentials do not say (keys from a Secret, the operator's own, sts:AssumeRoot's).
   */
  private final Supplier<Optional<String>> issuedInAccount;

  private volatile boolean identityVerified;

  AccountSession(
      String accountId,
      IamClient iamClient,
      SecretsManagerClient secretsManager,
      StsClient sts,
      AwsClock clock,
      RatePacer writePacer,
      AutoCloseable credentials,
      Supplier<Optional<String>> issuedInAccount) {
    this.credentials = credentials;
    this.issuedInAccount = issuedInAccount;
    this.accountId = accountId;
    this.iamClient = iamClient;
    this.secretsManager = secretsManager;
    this.sts = sts;
    this.clock = clock;
    this.iam = new AccountIam(accountId, iamClient);
    this.seedVault = new SeedVault(accountId, secretsManager, writePacer);
    this.rootUser = new RootUserIam(accountId, iamClient);
  }

  /**
   * Fails with {@link WrongAccountException} when the credentials act in another account than the
   * policy names, so that a mistaken Secret or role can never enroll a device in the wrong account.
   * Checked once per session. Assumed-role credentials carry the account of the role's session
   * (from AssumeRole's {@code AssumedRoleUser}), the account in which they act, so they need no
   * GetCallerIdentity: one AWS call less per account.
   */
  public void verifyIdentity() {
    if (identityVerified) {
      return;
    }
    String actual =
        issuedInAccount
            .get()
            .orElseGet(
                () ->
                    AwsCallException.wrap(
                        accountId, "GetCallerIdentity", () -> sts.getCallerIdentity().account()));
    if (!accountId.equals(actual)) {
      throw new WrongAccountException(accountId, actual);
    }
    identityVerified = true;
  }

  /** The ARN of the caller (GetCallerIdentity), e.g. to name who read a seed. */
  public String callerArn() {
    return AwsCallException.wrap(
        accountId, "GetCallerIdentity", () -> sts.getCallerIdentity().arn());
  }

  @Override
  public void close() {
    iamClient.close();
    secretsManager.close();
    sts.close();
    try {
      credentials.close();
    } catch (Exception e) {
      // Closing an idle credentials provider cannot fail in a way that matters here.
    }
  }
}
