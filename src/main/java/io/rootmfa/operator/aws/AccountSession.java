package io.rootmfa.operator.aws;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * AWS for one account, region and credential source, shared by every policy that uses the same
 * triple: views of the operator's shared clients whose requests carry this session's credentials
 * (see {@link AccountSessions}). Before first use it checks, once, that the credentials really
 * belong to the policy's account.
 */
public final class AccountSession implements AutoCloseable {
  private final String accountId;
  private final IamClient iam;
  private final SecretsManagerClient secretsManager;
  private final StsClient sts;
  private final AwsClock clock;
  private final AccountIam accountIam;
  private final SeedVault seedVault;
  private final RootUserIam rootUser;
  private final AutoCloseable credentials;
  private volatile boolean identityVerified;

  AccountSession(
      String accountId,
      IamClient iam,
      SecretsManagerClient secretsManager,
      StsClient sts,
      AwsClock clock,
      RatePacer writePacer,
      AutoCloseable credentials) {
    this.credentials = credentials;
    this.accountId = accountId;
    this.iam = iam;
    this.secretsManager = secretsManager;
    this.sts = sts;
    this.clock = clock;
    this.accountIam = new AccountIam(accountId, iam);
    this.seedVault = new SeedVault(accountId, secretsManager, writePacer);
    this.rootUser = new RootUserIam(accountId, iam);
  }

  /**
   * Fails with {@link WrongAccountException} when the credentials act in another account than the
   * policy names, so that a mistaken Secret or role can never enroll a device in the wrong account.
   * Checked once per session.
   */
  public void verifyIdentity() {
    if (identityVerified) {
      return;
    }
    String actual =
        AwsCallException.wrap(
            accountId, "GetCallerIdentity", () -> sts.getCallerIdentity().account());
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

  public AccountIam iam() {
    return accountIam;
  }

  /** Root's credentials, for sessions whose source is a {@link CredentialSource.RootSession}. */
  public RootUserIam rootUser() {
    return rootUser;
  }

  public SeedVault seedVault() {
    return seedVault;
  }

  public AwsClock clock() {
    return clock;
  }

  @Override
  public void close() {
    iam.close();
    secretsManager.close();
    sts.close();
    try {
      credentials.close();
    } catch (Exception e) {
      // Closing an idle credentials provider cannot fail in a way that matters here.
    }
  }
}
