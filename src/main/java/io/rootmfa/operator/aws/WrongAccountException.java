package io.rootmfa.operator.aws;

/** The credentials of a policy act in another account than the policy names. */
public final class WrongAccountException extends RuntimeException {
  private final String accountId;
  private final String actualAccountId;

  public WrongAccountException(String accountId, String actualAccountId) {
    super("the credentials belong to account " + actualAccountId + ", not to " + accountId);
    this.accountId = accountId;
    this.actualAccountId = actualAccountId;
  }

  public String accountId() {
    return accountId;
  }

  public String actualAccountId() {
    return actualAccountId;
  }
}
