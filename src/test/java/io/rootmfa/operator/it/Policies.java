package io.rootmfa.operator.it;

/** RootMfaPolicy manifests for the tests, as a person would write them. */
public final class Policies {
  private Policies() {}

  public static String audit(String name, String account, String target, String secret) {
    return """
        apiVersion: rootmfa.io/v1alpha1
        kind: RootMfaPolicy
        metadata: {name: %s}
        spec:
          accountId: "%s"
          mode: Audit
          target: %s
          credentials: {secretRef: {name: %s}}
          checkInterval: 10s
        """
        .formatted(name, account, target, secret);
  }

  public static String enforce(
      String name, String account, String target, String secret, String expiresAt) {
    return """
        apiVersion: rootmfa.io/v1alpha1
        kind: RootMfaPolicy
        metadata: {name: %s}
        spec:
          accountId: "%s"
          mode: Enforce
          target: %s
          credentials: {secretRef: {name: %s}}
          seedStore: {secretsManager: {secretName: "rootmfa/%s/%s"}}
          breakGlass: {ticket: SEC-1234, approvedBy: alice@example.com, expiresAt: "%s"}
          checkInterval: 10s
        """
        .formatted(name, account, target, secret, account, name, expiresAt);
  }

  public static String enforceWithoutWindow(
      String name, String account, String target, String secret) {
    return enforce(name, account, target, secret, "X").replaceAll("  breakGlass: .*\\n", "");
  }

  /**
   * Root enrolled through the API: only the emulator's {@code allowed} root mode accepts it, as the
   * tests of the operator's own enrollment need.
   */
  public static final String ROOT = "{root: {enrollment: Api}}";

  /** Root as on real AWS: enrolled by a person in the console (the default). */
  public static final String ROOT_CONSOLE = "{root: {}}";

  public static String iamUser(String userName) {
    return "{iamUser: {userName: " + userName + "}}";
  }

  public static final String OPEN = "2099-01-01T00:00:00Z";
  public static final String EXPIRED = "2020-01-01T00:00:00Z";

  /** A root policy through sts:AssumeRoot (organization mode): audit only. */
  public static String assumeRootAudit(String name, String account) {
    return """
        apiVersion: rootmfa.io/v1alpha1
        kind: RootMfaPolicy
        metadata: {name: %s}
        spec:
          accountId: "%s"
          mode: Audit
          target: {root: {}}
          credentials: {assumeRoot: {}}
          checkInterval: 10s
        """
        .formatted(name, account);
  }

  /** A root policy through sts:AssumeRoot that removes root's credentials inside a window. */
  public static String removeRootCredentials(String name, String account, String expiresAt) {
    return """
        apiVersion: rootmfa.io/v1alpha1
        kind: RootMfaPolicy
        metadata: {name: %s}
        spec:
          accountId: "%s"
          mode: Enforce
          target: {root: {}}
          credentials: {assumeRoot: {}}
          remediation: RemoveRootCredentials
          breakGlass: {ticket: SEC-4321, approvedBy: alice@example.com, expiresAt: "%s"}
          checkInterval: 10s
        """
        .formatted(name, account, expiresAt);
  }
}
