package io.rootmfa.operator.workflow;

import java.util.List;

/**
 * What a root session read about the member account's root user, with exactly the actions
 * IAMAuditRootUserCredentials allows: {@code GetLoginProfile}, {@code ListAccessKeys}, {@code
 * ListSigningCertificates}, {@code ListMFADevices}. Ids only; never a secret.
 *
 * @param passwordPresent root has a console password (a login profile)
 * @param accessKeyIds root's access key ids
 * @param signingCertificateIds root's X.509 signing certificate ids
 * @param mfaDeviceSerials the serial numbers of root's MFA devices
 */
public record RootCredentials(
    boolean passwordPresent,
    List<String> accessKeyIds,
    List<String> signingCertificateIds,
    List<String> mfaDeviceSerials) {

  public RootCredentials {
    accessKeyIds = List.copyOf(accessKeyIds);
    signingCertificateIds = List.copyOf(signingCertificateIds);
    mfaDeviceSerials = List.copyOf(mfaDeviceSerials);
  }

  public boolean mfaEnabled() {
    return !mfaDeviceSerials.isEmpty();
  }

  /**
   * No password and no access key: nobody can sign in as root, the judgement AWS Config and
   * Security Hub make.
   */
  public boolean cannotSignIn() {
    return !passwordPresent && accessKeyIds.isEmpty();
  }

  /** Nothing left that RemoveRootCredentials removes. */
  public boolean noneRemovable() {
    return cannotSignIn() && signingCertificateIds.isEmpty();
  }

  /** "a password, 2 access keys and 1 signing certificate", for messages. */
  public String describeRemovable() {
    List<String> parts = new java.util.ArrayList<>();
    if (passwordPresent) {
      parts.add("a password");
    }
    if (!accessKeyIds.isEmpty()) {
      parts.add(count(accessKeyIds.size(), "access key"));
    }
    if (!signingCertificateIds.isEmpty()) {
      parts.add(count(signingCertificateIds.size(), "signing certificate"));
    }
    if (parts.isEmpty()) {
      return "no password, access key or signing certificate";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1);
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
