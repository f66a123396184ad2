package io.rootmfa.operator.it;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** RootMfaPolicy manifests for the tests, as a person would write them. */
public final class Policies {
  private Policies() {}

  public static String audit(String name, String account, String target, String secret) {
    return policy(name, account, "Audit", target, secretRef(secret));
  }

  public static String enforce(
      String name, String account, String target, String secret, String expiresAt) {
    return policy(
        name,
        account,
        "Enforce",
        target,
        secretRef(secret),
        "seedStore: {secretsManager: {secretName: \"rootmfa/%s/%s\"}}".formatted(account, name),
        "breakGlass: {ticket: SEC-1234, approvedBy: alice@example.com, %s}"
            .formatted(window(expiresAt)));
  }

  public static String enforceWithoutWindow(
      String name, String account, String target, String secret) {
    return enforce(name, account, target, secret, OPEN).replaceAll("  breakGlass: .*\\n", "");
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

  /** A window's length in the tests: short, as the CRD requires (at most 24h). */
  public static final Duration WINDOW = Duration.ofHours(12);

  /** The expiry of a window open for the next six hours (it opened six hours ago). */
  public static final String OPEN =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(6)).toString();

  /** The expiry of a window that closed an hour ago. */
  public static final String EXPIRED =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1)).toString();

  /**
   * The startsAt and expiresAt of a {@link #WINDOW}-long window that closes at {@code expiresAt}.
   */
  public static String window(String expiresAt) {
    return "startsAt: \"%s\", expiresAt: \"%s\""
        .formatted(Instant.parse(expiresAt).minus(WINDOW), expiresAt);
  }

  /** A root policy through sts:AssumeRoot (organization mode): audit only. */
  public static String assumeRootAudit(String name, String account) {
    return policy(name, account, "Audit", ROOT_CONSOLE, ASSUME_ROOT);
  }

  /** A root policy through sts:AssumeRoot that removes root's credentials inside a window. */
  public static String removeRootCredentials(String name, String account, String expiresAt) {
    return policy(
        name,
        account,
        "Enforce",
        ROOT_CONSOLE,
        ASSUME_ROOT,
        "remediation: RemoveRootCredentials",
        "breakGlass: {ticket: SEC-4321, approvedBy: alice@example.com, %s}"
            .formatted(window(expiresAt)));
  }

  private static final String ASSUME_ROOT = "{assumeRoot: {}}";

  private static String secretRef(String secret) {
    return "{secretRef: {name: " + secret + "}}";
  }

  /**
   * The manifest every policy of the tests shares, checked every 10s; {@code more} are further spec
   * fields, one {@code key: value} each, in the order given.
   */
  private static String policy(
      String name, String account, String mode, String target, String credentials, String... more) {
    StringBuilder fields = new StringBuilder();
    for (String field : more) {
      fields.append("  ").append(field).append('\n');
    }
    return """
        apiVersion: rootmfa.io/v1alpha1
        kind: RootMfaPolicy
        metadata: {name: %s}
        spec:
          accountId: "%s"
          mode: %s
          target: %s
          credentials: %s
        %s  checkInterval: 10s
        """
        .formatted(name, account, mode, target, credentials, fields);
  }
}
