package io.rootmfa.operator.emulator;

import java.util.List;

/**
 * The secret values an emulator run produced, for leak scans ({@link
 * AwsEmulator#issuedSecretsForAssertions()}). {@link #toString()} hides them.
 *
 * @param seeds the Base32 seed of every virtual MFA device ever created, deleted ones included
 * @param acceptedCodePairs the two consecutive TOTP codes of every accepted {@code EnableMFADevice}
 * @param credentials the secret access key and session token of every registered access key
 */
public record IssuedSecrets(
    List<String> seeds, List<List<String>> acceptedCodePairs, List<String> credentials) {

  @Override
  public String toString() {
    return "IssuedSecrets["
        + seeds.size()
        + " seeds, "
        + acceptedCodePairs.size()
        + " code pairs, "
        + credentials.size()
        + " credentials; values redacted]";
  }
}
