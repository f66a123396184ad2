package io.rootmfa.operator.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** STS over the AWS Query protocol: {@code GetCallerIdentity} and {@code AssumeRole}. */
final class StsHandler {

  private static final int MIN_DURATION_SECONDS = 900;
  private static final int DEFAULT_DURATION_SECONDS = 3600;

  private final KeyRegistry keys;

  StsHandler(KeyRegistry keys) {
    this.keys = keys;
  }

  HttpReply handle(RequestContext ctx, Map<String, String> params) {
    return switch (ctx.operation()) {
      case "GetCallerIdentity" -> getCallerIdentity(ctx);
      case "AssumeRole" -> assumeRole(ctx, params);
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
