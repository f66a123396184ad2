package io.rootmfa.operator.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * STS over the AWS Query protocol: {@code GetCallerIdentity}, {@code AssumeRole} and {@code
 * AssumeRoot}.
 */
final class StsHandler {

  private static final int MIN_DURATION_SECONDS = 900;
  private static final int DEFAULT_DURATION_SECONDS = 3600;
  private static final int MAX_ROOT_SESSION_SECONDS = 900;

  private final KeyRegistry keys;

  StsHandler(KeyRegistry keys) {
    this.keys = keys;
  }

  HttpReply handle(RequestContext ctx, Map<String, String> params) {
    return switch (ctx.operation()) {
      case "GetCallerIdentity" -> getCallerIdentity(ctx);
      case "AssumeRole" -> assumeRole(ctx, params);
      case "AssumeRoot" -> assumeRoot(ctx, params);
      default ->
          throw new AwsError(
              "InvalidAction",
              400,
              "Could not find operation " + ctx.operation() + " for version 2011-06-15");
    };
  }

  /** Never subject to deny rules, as in AWS. */
  private HttpReply getCallerIdentity(RequestContext ctx) {
    Principal caller = ctx.caller();
    return QueryProtocol.success(
        Service.STS,
        "GetCallerIdentity",
        ctx.requestId(),
        xml ->
            xml.leaf("Arn", caller.arn())
                .leaf("UserId", caller.userId())
                .leaf("Account", caller.accountId()));
  }

  private HttpReply assumeRole(RequestContext ctx, Map<String, String> params) {
    String roleArn = params.get("RoleArn");
    String sessionName = params.get("RoleSessionName");
    if (roleArn == null || roleArn.length() < 20) {
      throw AwsError.validation(
          "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: "
              + "Member must have length greater than or equal to 20");
    }
    if (sessionName == null || !sessionName.matches("[\\w+=,.@-]{2,64}")) {
      throw AwsError.validation(
          "1 validation error detected: Value '"
              + sessionName
              + "' at 'roleSessionName' "
              + "failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
    }
    Principal caller = ctx.caller();
    AwsError denied =
        new AwsError(
            "AccessDenied",
            403,
            "User: "
                + caller.arn()
                + " is not authorized to perform: sts:AssumeRole on resource: "
                + roleArn);
    ctx.authorize("sts:AssumeRole", roleArn);
    if (caller.isRoot()) {
      throw new AwsError("AccessDenied", 403, "Roles may not be assumed by root accounts.");
    }
    Role role = findRole(ctx.emulator(), roleArn);
    if (role == null || !role.trusts(caller)) {
      throw denied;
    }
    String externalId = params.get("ExternalId");
    if (role.externalId() != null && !role.externalId().equals(externalId)) {
      throw denied;
    }
    Map<String, String> tags = sessionTags(params);
    if (!tags.isEmpty() && !role.allowsTagSession()) {
      throw new AwsError(
          "AccessDenied",
          403,
          "User: "
              + caller.arn()
              + " is not authorized to perform: sts:TagSession on resource: "
              + roleArn);
    }
    int durationSeconds = duration(params.get("DurationSeconds"), role);
    Instant expiration = ctx.now().plus(Duration.ofSeconds(durationSeconds));
    String sessionArn =
        "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.roleName() + "/" + sessionName;
    String assumedRoleId = role.roleId() + ":" + sessionName;
    Principal session =
        new Principal(
            Principal.Kind.ASSUMED_ROLE,
            role.accountId(),
            sessionArn,
            assumedRoleId,
            role.roleName());
    AccessKey credentials = keys.issueSession(session, expiration);
    return QueryProtocol.success(
        Service.STS,
        "AssumeRole",
        ctx.requestId(),
        xml ->
            xml.open("Credentials")
                .leaf("AccessKeyId", credentials.accessKeyId())
                .leaf("SecretAccessKey", credentials.secretAccessKey())
                .leaf("SessionToken", credentials.sessionToken())
                .leaf("Expiration", expiration)
                .close("Credentials")
                .open("AssumedRoleUser")
                .leaf("AssumedRoleId", assumedRoleId)
                .leaf("Arn", sessionArn)
                .close("AssumedRoleUser"));
  }

  /**
   * The session tags of an AssumeRole ({@code Tags.member.N.Key/Value}), checked as AWS documents
   * them: at most 50, keys of 1 to 128 and values of at most 256 characters of {@code
   * [\p{L}\p{Z}\p{N}_.:/=+\-@]}, no key twice (case-insensitively).
   */
  static Map<String, String> sessionTags(Map<String, String> params) {
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    java.util.Set<String> lowerKeys = new java.util.HashSet<>();
    for (int n = 1; params.containsKey("Tags.member." + n + ".Key"); n++) {
      String key = params.get("Tags.member." + n + ".Key");
      String value = params.getOrDefault("Tags.member." + n + ".Value", "");
      if (n > 50) {
        throw AwsError.validation(
            "1 validation error detected: Value at 'tags' failed to satisfy constraint: "
                + "Member must have length less than or equal to 50");
      }
      if (!key.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}")
          || !value.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}")) {
        throw AwsError.validation(
            "1 validation error detected: Value at 'tags."
                + n
                + "' failed to satisfy constraint: the key must be 1 to 128 and the value at most "
                + "256 characters of [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]");
      }
      if (!lowerKeys.add(key.toLowerCase(java.util.Locale.ROOT))) {
        throw AwsError.validation(
            "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
      }
      tags.put(key, value);
    }
    return tags;
  }

  /**
   * {@code sts:AssumeRoot}: a root session in a member account, scoped by a root-task policy, for
   * at most 900 s. Only the management account or IAM's delegated administrator may call it, never
   * root itself, and only while the organization has centralized root access ({@code RootSessions};
   * the IAM credential tasks also need {@code RootCredentialsManagement}).
   */
  private HttpReply assumeRoot(RequestContext ctx, Map<String, String> params) {
    String targetPrincipal = params.get("TargetPrincipal");
    if (targetPrincipal == null
        || targetPrincipal.length() < 12
        || targetPrincipal.length() > 2048) {
      throw AwsError.validation(
          "1 validation error detected: Value at 'targetPrincipal' failed to satisfy constraint: "
              + "Member must have length greater than or equal to 12");
    }
    String targetAccount =
        targetPrincipal.matches("\\d{12}")
            ? targetPrincipal
            : targetPrincipal.matches("arn:aws:iam::\\d{12}:root")
                ? targetPrincipal.substring(13, 25)
                : null;
    if (targetAccount == null) {
      throw AwsError.validation(
          "TargetPrincipal must be a member account id or its root user ARN: " + targetPrincipal);
    }
    String policyArn = params.get("TaskPolicyArn.arn");
    if (policyArn == null) {
      throw AwsError.validation(
          "1 validation error detected: Value null at 'taskPolicyArn' failed to satisfy constraint: "
              + "Member must not be null");
    }
    RootTaskPolicy policy =
        RootTaskPolicy.byArn(policyArn)
            .orElseThrow(
                () ->
                    AwsError.validation(
                        "TaskPolicyArn must be an AWS managed root-task policy: " + policyArn));
    int durationSeconds = MAX_ROOT_SESSION_SECONDS;
    if (params.get("DurationSeconds") != null) {
      durationSeconds = Integer.parseInt(params.get("DurationSeconds"));
      if (durationSeconds < 0 || durationSeconds > MAX_ROOT_SESSION_SECONDS) {
        throw AwsError.validation(
            "1 validation error detected: Value '"
                + durationSeconds
                + "' at 'durationSeconds' failed to satisfy constraint: Member must have value "
                + "less than or equal to 900");
      }
    }
    String targetRootArn = "arn:aws:iam::" + targetAccount + ":root";
    ctx.authorize("sts:AssumeRoot", targetRootArn);
    Principal caller = ctx.caller();
    if (caller.isRoot()) {
      throw new AwsError(
          "AccessDenied", 403, "You cannot use root user credentials to call AssumeRoot.");
    }
    String callerAccount = caller.accountId();
    EmulatedOrganization org =
        ctx.emulator()
            .organizationOf(callerAccount)
            .filter(
                o ->
                    o.managementAccountId().equals(callerAccount)
                        || o.isDelegatedAdministrator(
                            callerAccount, EmulatedOrganization.IAM_SERVICE_PRINCIPAL))
            .orElseThrow(
                () ->
                    denied(
                        caller,
                        targetRootArn,
                        "the caller is neither the management account nor IAM's delegated "
                            + "administrator of an organization"));
    if (!org.isMember(targetAccount) || targetAccount.equals(org.managementAccountId())) {
      throw denied(
          caller, targetRootArn, "the target is not a member account of organization " + org.id());
    }
    // Every task policy modelled here is an IAM credential task.
    if (!org.rootSessions() || !org.rootCredentialsManagement()) {
      throw denied(
          caller,
          targetRootArn,
          "centralized root access is not enabled for organization " + org.id());
    }
    Instant expiration = ctx.now().plus(Duration.ofSeconds(durationSeconds));
    AccessKey credentials =
        keys.issueRootSession(Principal.root(targetAccount), expiration, policy);
    return QueryProtocol.success(
        Service.STS,
        "AssumeRoot",
        ctx.requestId(),
        xml ->
            xml.open("Credentials")
                .leaf("AccessKeyId", credentials.accessKeyId())
                .leaf("SecretAccessKey", credentials.secretAccessKey())
                .leaf("SessionToken", credentials.sessionToken())
                .leaf("Expiration", expiration)
                .close("Credentials"));
  }

  private static AwsError denied(Principal caller, String resource, String why) {
    return new AwsError(
        "AccessDenied",
        403,
        "User: "
            + caller.arn()
            + " is not authorized to perform: sts:AssumeRoot on resource: "
            + resource
            + " ("
            + why
            + ")");
  }

  private static int duration(String value, Role role) {
    if (value == null) {
      return DEFAULT_DURATION_SECONDS;
    }
    int seconds = Integer.parseInt(value);
    if (seconds < MIN_DURATION_SECONDS) {
      throw AwsError.validation(
          "1 validation error detected: Value '"
              + seconds
              + "' at 'durationSeconds' "
              + "failed to satisfy constraint: Member must have value greater than or equal to 900");
    }
    if (seconds > role.maxSessionDuration().toSeconds()) {
      throw AwsError.validation(
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    return seconds;
  }

  private static Role findRole(AwsEmulator emulator, String roleArn) {
    String[] parts = roleArn.split(":", 6);
    if (parts.length != 6 || !parts[5].startsWith("role/")) {
      return null;
    }
    String roleName = parts[5].substring(parts[5].lastIndexOf('/') + 1);
    return emulator
        .findAccount(parts[4])
        .flatMap(a -> a.role(roleName))
        .filter(r -> r.arn().equals(roleArn))
        .orElse(null);
  }
}
