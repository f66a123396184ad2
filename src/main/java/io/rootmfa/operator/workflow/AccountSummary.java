package io.rootmfa.operator.workflow;

/** The root-related facts of {@code iam:GetAccountSummary}. */
public record AccountSummary(
    boolean mfaEnabled, boolean passwordPresent, boolean accessKeysPresent) {

  /**
   * Root with neither a password nor access keys cannot sign in: AWS Config and Security Hub call
   * it compliant.
   */
  public boolean rootHasNoCredentials() {
    return !passwordPresent && !accessKeysPresent;
  }
}
