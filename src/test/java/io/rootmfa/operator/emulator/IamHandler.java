package io.rootmfa.operator.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** IAM over the AWS Query protocol: the account summary, virtual MFA devices and users. */
final class IamHandler {

  private static final String NAME_PATTERN = "[\\w+=,.@-]+";
  private static final String PATH_PATTERN = "(/)|(/[\\u0021-\\u007E]+/)";
  static final int SEED_BYTES = 40;

  /** How many steps back a code pair may start (AWS accepts a little clock drift). */
  private static final int PAST_STEPS = 2;

  HttpReply handle(RequestContext ctx, Map<String, String> params) {
    EmulatedAccount account = ctx.account();
    synchronized (account) {
      return switch (ctx.operation()) {
        case "GetAccountSummary" -> getAccountSummary(ctx);
        case "CreateVirtualMFADevice" -> createVirtualMfaDevice(ctx, params);
        case "EnableMFADevice" -> enableMfaDevice(ctx, params);
        case "DeactivateMFADevice" -> deactivateMfaDevice(ctx, params);
        case "DeleteVirtualMFADevice" -> deleteVirtualMfaDevice(ctx, params);
        case "ListMFADevices" -> listMfaDevices(ctx, params);
        case "ListVirtualMFADevices" -> listVirtualMfaDevices(ctx, params);
        case "ListMFADeviceTags" -> listMfaDeviceTags(ctx, params);
        case "GetUser" -> getUser(ctx, params);
        case "GetLoginProfile" -> getLoginProfile(ctx, params);
        case "DeleteLoginProfile" -> deleteLoginProfile(ctx, params);
        case "ListAccessKeys" -> listAccessKeys(ctx, params);
        case "DeleteAccessKey" -> deleteAccessKey(ctx, params);
        case "ListSigningCertificates" -> listSigningCertificates(ctx, params);
        case "DeleteSigningCertificate" -> deleteSigningCertificate(ctx, params);
        default ->
            throw new AwsError(
                "InvalidAction",
                400,
                "Could not find operation " + ctx.operation() + " for version 2010-05-08");
      };
    }
  }

  private HttpReply getAccountSummary(RequestContext ctx) {
    ctx.authorize("iam:GetAccountSummary", "*");
    EmulatedAccount account = ctx.account();
    long inUse = account.devices.values().stream().filter(d -> d.assignedTo().isPresent()).count();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("GroupPolicySizeQuota", 5120);
    summary.put("InstanceProfilesQuota", 1000);
    summary.put("Policies", 0);
    summary.put("GroupsPerUserQuota", 10);
    summary.put("InstanceProfiles", 0);
    summary.put("AttachedPoliciesPerUserQuota", 10);
    summary.put("Users", account.users.size());
    summary.put("PoliciesQuota", 1500);
    summary.put("Providers", 0);
    summary.put("AccountMFAEnabled", account.rootMfaEnabled() ? 1 : 0);
    summary.put("AccessKeysPerUserQuota", 2);
    summary.put("AssumeRolePolicySizeQuota", 2048);
    summary.put("PolicyVersionsInUseQuota", 10000);
    summary.put("GlobalEndpointTokenVersion", 1);
    summary.put("VersionsPerPolicyQuota", 5);
    summary.put("AttachedPoliciesPerGroupQuota", 10);
    summary.put("PolicySizeQuota", 6144);
    summary.put("Groups", 0);
    summary.put(
        "AccountSigningCertificatesPresent", account.rootSigningCertificates().isEmpty() ? 0 : 1);
    summary.put("UsersQuota", 5000);
    summary.put("ServerCertificatesQuota", 20);
    summary.put("MFADevices", account.devices.size());
    summary.put("UserPolicySizeQuota", 2048);
    summary.put("PolicyVersionsInUse", 0);
    summary.put("ServerCertificates", 0);
    summary.put("Roles", account.roles.size());
    summary.put("RolesQuota", 1000);
    summary.put("SigningCertificatesPerUserQuota", 2);
    summary.put("MFADevicesInUse", inUse);
    summary.put("RolePolicySizeQuota", 10240);
    summary.put("AttachedPoliciesPerRoleQuota", 10);
    summary.put("AccountAccessKeysPresent", account.rootAccessKeysPresent() ? 1 : 0);
    summary.put("AccountPasswordPresent", account.rootPasswordPresent() ? 1 : 0);
    summary.put("GroupsQuota", 300);
    return QueryProtocol.success(
        Service.IAM,
        "GetAccountSummary",
        ctx.requestId(),
        xml -> {
          xml.open("SummaryMap");
          summary.forEach(
              (k, v) -> xml.open("entry").leaf("key", k).leaf("value", v).close("entry"));
          xml.close("SummaryMap");
        });
  }

  private HttpReply createVirtualMfaDevice(RequestContext ctx, Map<String, String> params) {
    EmulatedAccount account = ctx.account();
    String name = required(params, "VirtualMFADeviceName", "virtualMFADeviceName");
    String path = params.getOrDefault("Path", "/");
    validatePattern(name, NAME_PATTERN, 226, "virtualMFADeviceName");
    validatePattern(path, PATH_PATTERN, 512, "path");
    Map<String, String> tags = QueryProtocol.tags(params);
    if (tags.size() > 50) {
      throw new AwsError("LimitExceeded", 409, "Cannot exceed quota for TagsPerMFADevice: 50");
    }
    String serial = "arn:aws:iam::" + account.accountId() + ":mfa" + path + name;
    ctx.authorize("iam:CreateVirtualMFADevice", serial);
    boolean nameTaken =
        account.devices.values().stream().anyMatch(d -> d.name().equalsIgnoreCase(name));
    if (nameTaken) {
      throw new AwsError(
          "EntityAlreadyExists", 409, "MFADevice entity at the same path and name already exists.");
    }
    String seed = Totp.base32Encode(Ids.bytes(SEED_BYTES));
    byte[] png = QrCodePng.create();
    VirtualMfaDevice device = new VirtualMfaDevice(serial, name, path, seed, png, tags, ctx.now());
    account.devices.put(serial, device);
    ctx.emulator().noteIssuedSeed(seed);
    Base64.Encoder b64 = Base64.getEncoder();
    return QueryProtocol.success(
        Service.IAM,
        "CreateVirtualMFADevice",
        ctx.requestId(),
        xml -> {
          xml.open("VirtualMFADevice")
              .leaf("SerialNumber", serial)
              .leaf(
                  "Base32StringSeed", b64.encodeToString(seed.getBytes(StandardCharsets.US_ASCII)))
              .leaf("QRCodePNG", b64.encodeToString(png));
          writeTags(xml, tags);
          xml.close("VirtualMFADevice");
        });
  }

  private HttpReply enableMfaDevice(RequestContext ctx, Map<String, String> params) {
    EmulatedAccount account = ctx.account();
    MfaTarget target = enableTarget(ctx, params.get("UserName"));
    ctx.authorize("iam:EnableMFADevice", target.arn());
    String serial = required(params, "SerialNumber", "serialNumber");
    String code1 = params.get("AuthenticationCode1");
    String code2 = params.get("AuthenticationCode2");
    validateCode(code1, "authenticationCode1");
    validateCode(code2, "authenticationCode2");
    VirtualMfaDevice device = account.devices.get(serial);
    if (device == null) {
      throw AwsError.noSuchEntity("MFA Device with serial number " + serial + " does not exist.");
    }
    if (device.assignedTo().isPresent()) {
      throw new AwsError("EntityAlreadyExists", 409, "MFA Device is already in use.");
    }
    if (account.devicesAssignedTo(target.label()).size()
        >= EmulatedAccount.MAX_MFA_DEVICES_PER_PRINCIPAL) {
      throw new AwsError(
          "LimitExceeded",
          409,
          "Cannot exceed quota for MFADevicesPerUser: "
              + EmulatedAccount.MAX_MFA_DEVICES_PER_PRINCIPAL);
    }
    long firstStep = matchingConsecutivePair(device, code1, code2, Totp.step(ctx.now()));
    if (firstStep == Long.MIN_VALUE) {
      throw new AwsError(
          "InvalidAuthenticationCode", 403, "Authentication code for device is not valid.");
    }
    if (!device.seedReadBackFromSecretsManager()) {
      account.countEnableBeforeStoredSeed(target.label());
    }
    device.assign(target, ctx.now(), firstStep + 1);
    ctx.emulator()
        .noteAcceptedCodes(
            Totp.codeAtStep(device.seed(), firstStep),
            Totp.codeAtStep(device.seed(), firstStep + 1));
    return QueryProtocol.success(Service.IAM, "EnableMFADevice", ctx.requestId(), null);
  }

  /**
   * The first step k of a pair (k, k+1) with k in [T-2, T] matching the two codes and not reusing
   * an already accepted step, or {@link Long#MIN_VALUE}.
   */
  static long matchingConsecutivePair(
      VirtualMfaDevice device, String code1, String code2, long now) {
    for (long k = now - PAST_STEPS; k <= now; k++) {
      if (k <= device.lastAcceptedStep()) {
        continue;
      }
      if (equal(Totp.codeAtStep(device.seed(), k), code1)
          && equal(Totp.codeAtStep(device.seed(), k + 1), code2)) {
        return k;
      }
    }
    return Long.MIN_VALUE;
  }

  static boolean equal(String expected, String actual) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
  }

  private static MfaTarget enableTarget(RequestContext ctx, String userName) {
    if (userName != null) {
      return existingUser(ctx.account(), userName).target();
    }
    if (ctx.account().rootApiMode() == RootApiMode.REFUSED) {
      throw AwsError.validation(RootApiMode.REFUSED_MESSAGE);
    }
    return MfaTarget.root(ctx.account().accountId());
  }

  private HttpReply deactivateMfaDevice(RequestContext ctx, Map<String, String> params) {
    EmulatedAccount account = ctx.account();
    MfaTarget target = callerOrNamedTarget(ctx, params.get("UserName"));
    String serial = required(params, "SerialNumber", "serialNumber");
    ctx.authorize("iam:DeactivateMFADevice", target.arn());
    VirtualMfaDevice device = account.devices.get(serial);
    if (device == null || !device.assignedTo().map(t -> t.equals(target)).orElse(false)) {
      throw AwsError.noSuchEntity("MFA Device with serial number " + serial + " does not exist.");
    }
    device.unassign();
    return QueryProtocol.success(Service.IAM, "DeactivateMFADevice", ctx.requestId(), null);
  }

  private HttpReply deleteVirtualMfaDevice(RequestContext ctx, Map<String, String> params) {
    EmulatedAccount account = ctx.account();
    String serial = required(params, "SerialNumber", "serialNumber");
    ctx.authorize("iam:DeleteVirtualMFADevice", serial);
    VirtualMfaDevice device = account.devices.get(serial);
    if (device == null) {
      throw AwsError.noSuchEntity(
          "VirtualMFADevice with serial number " + serial + " doesn't exist.");
    }
    if (device.assignedTo().isPresent()) {
      throw new AwsError("DeleteConflict", 409, "MFA VirtualDevice in use. Must deactivate first.");
    }
    account.devices.remove(serial);
    return QueryProtocol.success(Service.IAM, "DeleteVirtualMFADevice", ctx.requestId(), null);
  }

  private HttpReply listMfaDevices(RequestContext ctx, Map<String, String> params) {
    MfaTarget target = callerOrNamedTarget(ctx, params.get("UserName"));
    ctx.authorize("iam:ListMFADevices", target.arn());
    List<VirtualMfaDevice> assigned = ctx.account().devicesAssignedTo(target.label());
    String userName = target.isRoot() ? "root" : target.userName();
    return QueryProtocol.success(
        Service.IAM,
        "ListMFADevices",
        ctx.requestId(),
        xml ->
            xml.members(
                    "MFADevices",
                    assigned,
                    (x, d) ->
                        x.leaf("UserName", userName)
                            .leaf("SerialNumber", d.serialNumber())
                            .leaf("EnableDate", d.enableDate().orElse(null)))
                .leaf("IsTruncated", false));
  }

  private HttpReply listVirtualMfaDevices(RequestContext ctx, Map<String, String> params) {
    EmulatedAccount account = ctx.account();
    String status = params.getOrDefault("AssignmentStatus", "Any");
    if (!List.of("Assigned", "Unassigned", "Any").contains(status)) {
      throw AwsError.validation(
          "1 validation error detected: Value '"
              + status
              + "' at 'assignmentStatus' "
              + "failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]");
    }
    ctx.authorize("iam:ListVirtualMFADevices", "arn:aws:iam::" + account.accountId() + ":mfa/");
    List<VirtualMfaDevice> devices =
        account.devices.values().stream()
            .filter(
                d ->
                    switch (status) {
                      case "Assigned" -> d.assignedTo().isPresent();
                      case "Unassigned" -> d.assignedTo().isEmpty();
                      default -> true;
                    })
            .toList();
    return QueryProtocol.success(
        Service.IAM,
        "ListVirtualMFADevices",
        ctx.requestId(),
        xml ->
            xml.members(
                    "VirtualMFADevices",
                    devices,
                    (x, d) -> {
                      x.leaf("SerialNumber", d.serialNumber());
                      d.assignedTo().ifPresent(t -> writeUser(x, "User", userFor(account, t)));
                      x.leaf("EnableDate", d.enableDate().orElse(null));
                      // Like AWS: "this operation does not return tags"; ListMFADeviceTags does.
                    })
                .leaf("IsTruncated", false));
  }

  private HttpReply listMfaDeviceTags(RequestContext ctx, Map<String, String> params) {
    String serial = required(params, "SerialNumber", "serialNumber");
    ctx.authorize("iam:ListMFADeviceTags", serial);
    VirtualMfaDevice device = ctx.account().devices.get(serial);
    if (device == null) {
      throw AwsError.noSuchEntity("MFA device with serial number " + serial + " cannot be found.");
    }
    return QueryProtocol.success(
        Service.IAM,
        "ListMFADeviceTags",
        ctx.requestId(),
        xml ->
            xml.members(
                    "Tags",
                    device.tags().entrySet(),
                    (x, e) -> x.leaf("Key", e.getKey()).leaf("Value", e.getValue()))
                .leaf("IsTruncated", false));
  }

  private HttpReply getUser(RequestContext ctx, Map<String, String> params) {
    MfaTarget target = callerOrNamedTarget(ctx, params.get("UserName"));
    ctx.authorize("iam:GetUser", target.arn());
    UserView user = userFor(ctx.account(), target);
    return QueryProtocol.success(
        Service.IAM, "GetUser", ctx.requestId(), xml -> writeUser(xml, "User", user));
  }

  // ---- root user credentials (login profile, access keys, signing certificates). IAM users of
  // the emulator have no console password and no signing certificates.

  private HttpReply getLoginProfile(RequestContext ctx, Map<String, String> params) {
    MfaTarget target = callerOrNamedTarget(ctx, params.get("UserName"));
    ctx.authorize("iam:GetLoginProfile", target.arn());
    requireRootPassword(ctx.account(), target);
    return QueryProtocol.success(
        Service.IAM,
        "GetLoginProfile",
        ctx.requestId(),
        xml ->
            xml.open("LoginProfile")
                .leaf("CreateDate", ctx.account().createDate())
                .leaf("PasswordResetRequired", false)
                .close("LoginProfile"));
  }

  private HttpReply deleteLoginProfile(RequestContext ctx, Map<String, String> params) {
    MfaTarget target = callerOrNamedTarget(ctx, params.get("UserName"));
    ctx.authorize("iam:DeleteLoginProfile", target.arn());
    requireRootPassword(ctx.account(), target);
    ctx.account().setRootPasswordPresent(false);
    return QueryProtocol.success(Service.IAM, "DeleteLoginProfile", ctx.requestId(), null);
  }

  private static void requireRootPassword(EmulatedAccount account, MfaTarget target) {
    if (!target.isRoot() || !account.rootPasswordPresent()) {
      throw AwsError.noSuchEntity(
          "Login Profile for User "
              + (target.isRoot() ? "root" : target.userName())
              + " cannot be found.");
    }
  }

  private HttpReply listAccessKeys(RequestContext ctx, Map<String, String> params) {
    MfaTarget target = callerOrNamedTarget(ctx, params.get("UserName"));
    ctx.authorize("iam:ListAccessKeys", target.arn());
    List<AccessKey> keys = ctx.account().longTermKeysOf(principalArn(ctx.account(), target));
    String userName = target.isRoot() ? null : target.userName();
    return QueryProtocol.success(
        Service.IAM,
        "ListAccessKeys",
        ctx.requestId(),
        xml ->
            xml.members(
                    "AccessKeyMetadata",
                    keys,
                    (x, k) ->
                        x.leaf("UserName", userName)
                            .leaf("AccessKeyId", k.accessKeyId())
                            .leaf("Status", "Active")
                            .leaf("CreateDate", ctx.account().createDate()))
                .leaf("IsTruncated", false));
  }

  private HttpReply deleteAccessKey(RequestContext ctx, Map<String, String> params) {
    MfaTarget target = callerOrNamedTarget(ctx, params.get("UserName"));
    String accessKeyId = required(params, "AccessKeyId", "accessKeyId");
    ctx.authorize("iam:DeleteAccessKey", target.arn());
    boolean owned =
        ctx.account().longTermKeysOf(principalArn(ctx.account(), target)).stream()
            .anyMatch(k -> k.accessKeyId().equals(accessKeyId));
    if (!owned || !ctx.account().deleteAccessKey(accessKeyId)) {
      throw AwsError.noSuchEntity("The Access Key with id " + accessKeyId + " cannot be found.");
    }
    return QueryProtocol.success(Service.IAM, "DeleteAccessKey", ctx.requestId(), null);
  }

  private HttpReply listSigningCertificates(RequestContext ctx, Map<String, String> params) {
    MfaTarget target = callerOrNamedTarget(ctx, params.get("UserName"));
    ctx.authorize("iam:ListSigningCertificates", target.arn());
    List<EmulatedAccount.SigningCertificate> certificates =
        target.isRoot() ? ctx.account().rootSigningCertificates() : List.of();
    return QueryProtocol.success(
        Service.IAM,
        "ListSigningCertificates",
        ctx.requestId(),
        xml ->
            xml.members(
                    "Certificates",
                    certificates,
                    (x, c) ->
                        x.leaf("CertificateId", c.certificateId())
                            .leaf(
                                "CertificateBody",
                                "-----BEGIN CERTIFICATE-----\n(emulated)\n-----END CERTIFICATE-----")
                            .leaf("Status", "Active")
                            .leaf("UploadDate", c.uploadDate()))
                .leaf("IsTruncated", false));
  }

  private HttpReply deleteSigningCertificate(RequestContext ctx, Map<String, String> params) {
    MfaTarget target = callerOrNamedTarget(ctx, params.get("UserName"));
    String certificateId = required(params, "CertificateId", "certificateId");
    ctx.authorize("iam:DeleteSigningCertificate", target.arn());
    if (!target.isRoot() || !ctx.account().deleteRootSigningCertificate(certificateId)) {
      throw AwsError.noSuchEntity("The Certificate with id " + certificateId + " cannot be found.");
    }
    return QueryProtocol.success(Service.IAM, "DeleteSigningCertificate", ctx.requestId(), null);
  }

  private static String principalArn(EmulatedAccount account, MfaTarget target) {
    return target.isRoot()
        ? account.rootPrincipal().arn()
        : existingUser(account, target.userName()).arn();
  }

  /** The user element as IAM renders it; root has no path and no user name. */
  private record UserView(
      String path, String userName, String userId, String arn, java.time.Instant createDate) {}

  private static UserView userFor(EmulatedAccount account, MfaTarget target) {
    if (target.isRoot()) {
      return new UserView(null, null, account.accountId(), target.arn(), account.createDate());
    }
    IamUser user = existingUser(account, target.userName());
    return new UserView("/", user.userName(), user.userId(), user.arn(), user.createDate());
  }

  private static void writeUser(Xml xml, String element, UserView user) {
    xml.open(element)
        .leaf("Path", user.path())
        .leaf("UserName", user.userName())
        .leaf("UserId", user.userId())
        .leaf("Arn", user.arn())
        .leaf("CreateDate", user.createDate())
        .close(element);
  }

  private static void writeTags(Xml xml, Map<String, String> tags) {
    if (!tags.isEmpty()) {
      xml.members(
          "Tags", tags.entrySet(), (x, e) -> x.leaf("Key", e.getKey()).leaf("Value", e.getValue()));
    }
  }

  /**
   * The named user, or the caller itself when no name is given (root or IAM user; not a role
   * session).
   */
  private static MfaTarget callerOrNamedTarget(RequestContext ctx, String userName) {
    if (userName != null) {
      return existingUser(ctx.account(), userName).target();
    }
    Principal caller = ctx.caller();
    return switch (caller.kind()) {
      case ROOT -> MfaTarget.root(caller.accountId());
      case IAM_USER -> existingUser(ctx.account(), caller.name()).target();
      case ASSUMED_ROLE ->
          throw AwsError.validation("Must specify userName when calling with non-User credentials");
    };
  }

  private static IamUser existingUser(EmulatedAccount account, String userName) {
    return Optional.ofNullable(account.users.get(userName))
        .orElseThrow(
            () -> AwsError.noSuchEntity("The user with name " + userName + " cannot be found."));
  }

  private static String required(Map<String, String> params, String name, String memberName) {
    String value = params.get(name);
    if (value == null) {
      throw AwsError.validation(
          "1 validation error detected: Value null at '"
              + memberName
              + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  private static void validatePattern(
      String value, String pattern, int maxLength, String memberName) {
    if (value.isEmpty() || value.length() > maxLength) {
      throw AwsError.validation(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + memberName
              + "' failed to satisfy constraint: Member must have length between 1 and "
              + maxLength);
    }
    if (!value.matches(pattern)) {
      throw AwsError.validation(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + memberName
              + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
              + pattern);
    }
  }

  /** Codes are never echoed back, not even in validation messages. */
  private static void validateCode(String code, String memberName) {
    if (code == null) {
      throw AwsError.validation(
          "1 validation error detected: Value null at '"
              + memberName
              + "' failed to satisfy constraint: Member must not be null");
    }
    if (!code.matches("\\d{6}")) {
      throw AwsError.validation(
          "1 validation error detected: Value at '"
              + memberName
              + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]+ "
              + "and have length 6");
    }
  }
}
