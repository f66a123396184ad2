package io.rootmfa.operator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Secrets Manager over AWS JSON 1.1. Secrets live per account and region; replicas are read-only
 * views of the primary in other regions. {@code SecretId} is a name, a full ARN or a partial ARN
 * (without the random suffix).
 *
 * <p>{@code ClientRequestToken} is the version id. Reusing a token with the same value is ignored
 * (no new version); with a different value it fails with {@code ResourceExistsException}. {@code
 * CreateSecret} for an existing name succeeds only as such an idempotent retry (same token, same
 * value), else {@code ResourceExistsException}.
 */
final class SecretsManagerHandler {

  /** Operations counted against the per-account, per-region write quota. */
  static final Set<String> WRITE_OPERATIONS =
      Set.of(
          "CreateSecret",
          "PutSecretValue",
          "UpdateSecret",
          "TagResource",
          "UntagResource",
          "DeleteSecret",
          "RestoreSecret");

  private static final String CURRENT = "AWSCURRENT";
  private static final String NAME_PATTERN = "[A-Za-z0-9/_+=.@-]{1,512}";

  /** A secret as seen from one region. */
  private record Located(Secret secret, String region) {
    String arn() {
      return secret.arn(region);
    }

    boolean isReplica() {
      return !region.equals(secret.primaryRegion());
    }
  }

  HttpReply handle(RequestContext ctx, JsonNode request) {
    synchronized (homeAccount(ctx, text(request, "SecretId"))) {
      ObjectNode response =
          switch (ctx.operation()) {
            case "CreateSecret" -> createSecret(ctx, request);
            case "PutSecretValue" -> putSecretValue(ctx, request);
            case "GetSecretValue" -> getSecretValue(ctx, request);
            case "DescribeSecret" -> describeSecret(ctx, request);
            case "ListSecrets" -> listSecrets(ctx, request);
            case "TagResource" -> tagResource(ctx, request);
            case "UntagResource" -> untagResource(ctx, request);
            case "DeleteSecret" -> deleteSecret(ctx, request);
            case "RestoreSecret" -> restoreSecret(ctx, request);
            case "PutResourcePolicy" -> putResourcePolicy(ctx, request);
            case "GetResourcePolicy" -> getResourcePolicy(ctx, request);
            case "DeleteResourcePolicy" -> deleteResourcePolicy(ctx, request);
            default ->
                throw new AwsError(
                    "UnknownOperationException", 400, "Unknown operation " + ctx.operation());
          };
      return JsonProtocol.success(response);
    }
  }

  private ObjectNode createSecret(RequestContext ctx, JsonNode req) {
    EmulatedAccount account = ctx.account();
    String name = text(req, "Name");
    if (name == null || !name.matches(NAME_PATTERN)) {
      throw invalidParameter(
          "Invalid name. Must be a valid name containing alphanumeric characters, or any of "
              + "the following: -/_+=.@!");
    }
    String token = token(req);
    String string = text(req, "SecretString");
    byte[] binary = binary(req);
    boolean hasValue = string != null || binary != null;
    String kmsKeyId = text(req, "KmsKeyId");
    ctx.authorize(
        "secretsmanager:CreateSecret",
        "arn:aws:secretsmanager:" + ctx.region() + ":" + account.accountId() + ":secret:" + name);
    Located existing = find(ctx, name);
    if (existing != null) {
      return idempotentCreate(existing, name, token, string, binary);
    }
    if (hasValue) {
      requireKmsAccess(
          ctx,
          account.accountId(),
          kmsKeyId,
          "arn:aws:secretsmanager:" + ctx.region() + ":" + account.accountId() + ":secret:" + name,
          "kms:GenerateDataKey");
    }
    Secret secret =
        new Secret(
            account.accountId(),
            name,
            ctx.region(),
            kmsKeyId,
            text(req, "Description"),
            tags(req),
            ctx.now());
    if (hasValue) {
      secret.addVersion(
          new SecretVersion(token, string, binary, ctx.now()), List.of(CURRENT), ctx.now());
    }
    for (JsonNode replica : req.path("AddReplicaRegions")) {
      secret.addReplica(replica(ctx, name, replica));
    }
    account.secrets.put(ctx.region() + "/" + name, secret);
    ObjectNode out = JsonProtocol.object().put("ARN", secret.arn()).put("Name", name);
    if (hasValue) {
      out.put("VersionId", token);
    }
    if (!secret.replicas().isEmpty()) {
      writeReplicationStatus(out, secret);
    }
    return out;
  }

  private static ObjectNode idempotentCreate(
      Located existing, String name, String token, String string, byte[] binary) {
    Secret secret = existing.secret();
    if (secret.isScheduledForDeletion()) {
      throw invalidRequest(
          "You can't create this secret because a secret with this name is already scheduled "
              + "for deletion.");
    }
    SecretVersion version = token == null ? null : secret.version(token);
    if (existing.isReplica() || version == null || !version.sameValue(string, binary)) {
      throw new AwsError(
          "ResourceExistsException",
          400,
          "The operation failed because the secret " + name + " already exists.");
    }
    return JsonProtocol.object()
        .put("ARN", existing.arn())
        .put("Name", name)
        .put("VersionId", token);
  }

  private Secret.Replica replica(RequestContext ctx, String name, JsonNode spec) {
    String region = text(spec, "Region");
    String kmsKeyId = text(spec, "KmsKeyId");
    if (region == null || region.equals(ctx.region())) {
      throw invalidParameter("Invalid replica region.");
    }
    if (ctx.account().secrets.containsKey(region + "/" + name)) {
      return new Secret.Replica(
          region,
          kmsKeyId,
          "Failed",
          "Replication failed: Secret name already exists in region " + region + ".");
    }
    if (ctx.emulator().isKmsKeyRefused(kmsKeyId)) {
      return new Secret.Replica(region, kmsKeyId, "Failed", "Access to KMS is not allowed");
    }
    Optional<String> failure = ctx.emulator().replicationFailure(region);
    if (failure.isPresent()) {
      return new Secret.Replica(region, kmsKeyId, "Failed", failure.get());
    }
    return new Secret.Replica(region, kmsKeyId, "InSync", "Replication succeeded");
  }

  private ObjectNode putSecretValue(RequestContext ctx, JsonNode req) {
    Located located = writable(ctx, req, "secretsmanager:PutSecretValue");
    Secret secret = located.secret();
    String token = token(req);
    String string = text(req, "SecretString");
    byte[] binary = binary(req);
    if (string == null && binary == null) {
      throw invalidRequest("You must provide either SecretString or SecretBinary.");
    }
    SecretVersion version = secret.version(token);
    if (version != null) {
      if (!version.sameValue(string, binary)) {
        throw new AwsError(
            "ResourceExistsException",
            400,
            "You can't modify an existing version, you can only create new versions.");
      }
    } else {
      requireKmsAccess(ctx, secret, "kms:GenerateDataKey");
      List<String> stages = new ArrayList<>();
      req.path("VersionStages").forEach(s -> stages.add(s.asText()));
      version = new SecretVersion(token, string, binary, ctx.now());
      secret.addVersion(version, stages.isEmpty() ? List.of(CURRENT) : stages, ctx.now());
    }
    ObjectNode out =
        JsonProtocol.object()
            .put("ARN", located.arn())
            .put("Name", secret.name())
            .put("VersionId", version.versionId());
    ArrayNode stages = out.putArray("VersionStages");
    version.stages().forEach(stages::add);
    return out;
  }

  private ObjectNode getSecretValue(RequestContext ctx, JsonNode req) {
    Located located = existing(ctx, req);
    authorize(ctx, located, "secretsmanager:GetSecretValue");
    rejectIfDeleted(located.secret());
    Secret secret = located.secret();
    String versionId = text(req, "VersionId");
    String stage = text(req, "VersionStage");
    SecretVersion version;
    if (versionId != null) {
      version = secret.version(versionId);
      if (version == null) {
        throw notFound(
            "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
      }
      if (stage != null && !version.hasStage(stage)) {
        throw invalidParameter(
            "You provided a VersionStage that is not associated to the provided VersionId.");
      }
    } else {
      String wanted = stage == null ? CURRENT : stage;
      version =
          secret
              .versionWithStage(wanted)
              .orElseThrow(
                  () ->
                      notFound(
                          "Secrets Manager can't find the specified secret value for staging label: "
                              + wanted));
    }
    requireKmsAccess(ctx, secret, "kms:Decrypt");
    ctx.emulator().noteSeedReadBack(version.seedRecord());
    ObjectNode out =
        JsonProtocol.object()
            .put("ARN", located.arn())
            .put("Name", secret.name())
            .put("VersionId", version.versionId());
    if (version.secretString() != null) {
      out.put("SecretString", version.secretString());
    }
    if (version.secretBinary() != null) {
      out.put("SecretBinary", Base64.getEncoder().encodeToString(version.secretBinary()));
    }
    ArrayNode stages = out.putArray("VersionStages");
    version.stages().forEach(stages::add);
    out.put("CreatedDate", JsonProtocol.timestamp(version.createdDate()));
    return out;
  }

  private ObjectNode describeSecret(RequestContext ctx, JsonNode req) {
    Located located = existing(ctx, req);
    authorize(ctx, located, "secretsmanager:DescribeSecret");
    ObjectNode out = describe(located);
    ObjectNode stages = out.putObject("VersionIdsToStages");
    located
        .secret()
        .versions()
        .forEach(
            v -> {
              if (!v.stages().isEmpty()) {
                ArrayNode labels = stages.putArray(v.versionId());
                v.stages().forEach(labels::add);
              }
            });
    return out;
  }

  private ObjectNode listSecrets(RequestContext ctx, JsonNode req) {
    ctx.authorize("secretsmanager:ListSecrets", "*");
    boolean includeDeleted = req.path("IncludePlannedDeletion").asBoolean(false);
    Predicate<Secret> filter = filters(req.path("Filters"));
    ObjectNode out = JsonProtocol.object();
    ArrayNode list = out.putArray("SecretList");
    for (Secret secret : ctx.account().secrets()) {
      purgeIfDue(ctx, secret);
      boolean visible =
          secret.primaryRegion().equals(ctx.region()) || secret.hasReplicaIn(ctx.region());
      if (visible
          && ctx.account().secrets.containsValue(secret)
          && (includeDeleted || !secret.isScheduledForDeletion())
          && filter.test(secret)) {
        ObjectNode entry = describe(new Located(secret, ctx.region()));
        ObjectNode stages = entry.putObject("SecretVersionsToStages");
        secret
            .versions()
            .forEach(
                v -> {
                  ArrayNode labels = stages.putArray(v.versionId());
                  v.stages().forEach(labels::add);
                });
        list.add(entry);
      }
    }
    return out;
  }

  private ObjectNode tagResource(RequestContext ctx, JsonNode req) {
    Located located = writable(ctx, req, "secretsmanager:TagResource");
    located.secret().putTags(tags(req), ctx.now());
    return JsonProtocol.object();
  }

  private ObjectNode untagResource(RequestContext ctx, JsonNode req) {
    Located located = writable(ctx, req, "secretsmanager:UntagResource");
    List<String> keys = new ArrayList<>();
    req.path("TagKeys").forEach(k -> keys.add(k.asText()));
    located.secret().removeTags(keys, ctx.now());
    return JsonProtocol.object();
  }

  private ObjectNode deleteSecret(RequestContext ctx, JsonNode req) {
    Located located = existing(ctx, req);
    authorize(ctx, located, "secretsmanager:DeleteSecret");
    Secret secret = located.secret();
    rejectIfReplica(located);
    boolean force = req.path("ForceDeleteWithoutRecovery").asBoolean(false);
    JsonNode window = req.get("RecoveryWindowInDays");
    if (force && window != null) {
      throw invalidParameter(
          "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }
    long days = window == null ? 30 : window.asLong();
    if (!force && (days < 7 || days > 30)) {
      throw invalidParameter(
          "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    }
    if (!secret.replicas().isEmpty()) {
      throw invalidRequest(
          "You can't delete secret "
              + secret.name()
              + " that still has replica regions "
              + secret.replicaRegions()
              + ".");
    }
    if (secret.isScheduledForDeletion() && !force) {
      throw invalidRequest(
          "You can't perform this operation on the secret because it was marked for deletion.");
    }
    Instant deletionDate = force ? ctx.now() : ctx.now().plus(Duration.ofDays(days));
    if (force) {
      ctx.emulator()
          .account(secret.accountId())
          .secrets
          .remove(secret.primaryRegion() + "/" + secret.name());
    } else {
      secret.scheduleDeletion(ctx.now(), deletionDate);
    }
    return JsonProtocol.object()
        .put("ARN", located.arn())
        .put("Name", secret.name())
        .put("DeletionDate", JsonProtocol.timestamp(deletionDate));
  }

  private ObjectNode restoreSecret(RequestContext ctx, JsonNode req) {
    Located located = existing(ctx, req);
    authorize(ctx, located, "secretsmanager:RestoreSecret");
    rejectIfReplica(located);
    located.secret().restore(ctx.now());
    return JsonProtocol.object().put("ARN", located.arn()).put("Name", located.secret().name());
  }

  private ObjectNode putResourcePolicy(RequestContext ctx, JsonNode req) {
    Located located = writable(ctx, req, "secretsmanager:PutResourcePolicy");
    String text = text(req, "ResourcePolicy");
    if (text == null) {
      throw invalidParameter("You must provide a ResourcePolicy.");
    }
    PolicyDocument policy = PolicyDocument.parse(text);
    if (req.path("BlockPublicPolicy").asBoolean(false) && policy.allowsPublicAccess()) {
      throw new AwsError(
          "PublicPolicyException",
          400,
          "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent"
              + " broad access to the secret.");
    }
    located.secret().setResourcePolicy(policy, ctx.now());
    return JsonProtocol.object().put("ARN", located.arn()).put("Name", located.secret().name());
  }

  private ObjectNode getResourcePolicy(RequestContext ctx, JsonNode req) {
    Located located = existing(ctx, req);
    authorize(ctx, located, "secretsmanager:GetResourcePolicy");
    ObjectNode out =
        JsonProtocol.object().put("ARN", located.arn()).put("Name", located.secret().name());
    located.secret().resourcePolicy().ifPresent(p -> out.put("ResourcePolicy", p));
    return out;
  }

  private ObjectNode deleteResourcePolicy(RequestContext ctx, JsonNode req) {
    Located located = writable(ctx, req, "secretsmanager:DeleteResourcePolicy");
    located.secret().setResourcePolicy(null, ctx.now());
    return JsonProtocol.object().put("ARN", located.arn()).put("Name", located.secret().name());
  }

  // ---- authorization: identity deny rules, the secret's resource policy, its KMS key
  // -------------------------------------------------------------

  /**
   * As AWS evaluates a call on a secret: an explicit deny anywhere (the caller's identity rules,
   * the secret's resource policy) refuses it. A caller of the secret's own account needs no
   * resource policy (the emulator models identity policies as allowing what no deny rule denies); a
   * caller of another account needs an {@code Allow} in the resource policy too.
   */
  private static void authorize(RequestContext ctx, Located located, String action) {
    ctx.authorize(action, located.arn());
    Secret secret = located.secret();
    PolicyDocument policy = secret.resourcePolicyDocument();
    PolicyDocument.Decision decision =
        policy == null
            ? PolicyDocument.Decision.IMPLICIT_DENY
            : policy.evaluate(
                new PolicyDocument.Request(ctx.caller(), action, located.arn(), Map.of()));
    String denied =
        "User: "
            + ctx.caller().arn()
            + " is not authorized to perform: "
            + action
            + " on resource: "
            + located.arn();
    if (decision == PolicyDocument.Decision.EXPLICIT_DENY) {
      throw new AwsError(
          "AccessDeniedException",
          400,
          denied + " with an explicit deny in a resource-based policy");
    }
    boolean crossAccount = !ctx.caller().accountId().equals(secret.accountId());
    if (crossAccount && decision != PolicyDocument.Decision.ALLOW) {
      throw new AwsError(
          "AccessDeniedException",
          400,
          denied + " because no resource-based policy allows the " + action + " action");
    }
  }

  /**
   * Secrets Manager uses the secret's KMS key on the caller's behalf: the key policy of a key
   * created with {@link AwsEmulator#createKmsKey} must allow the caller {@code kmsAction} through
   * Secrets Manager. The AWS managed key aws/secretsmanager serves only callers of the secret's own
   * account.
   */
  private static void requireKmsAccess(RequestContext ctx, Secret secret, String kmsAction) {
    requireKmsAccess(ctx, secret.accountId(), secret.kmsKeyId(), secret.arn(), kmsAction);
  }

  private static void requireKmsAccess(
      RequestContext ctx,
      String ownerAccount,
      String kmsKeyId,
      String secretArn,
      String kmsAction) {
    if (ctx.emulator().isKmsKeyRefused(kmsKeyId)) {
      throw new AwsError("AccessDeniedException", 400, "Access to KMS is not allowed");
    }
    boolean crossAccount = !ctx.caller().accountId().equals(ownerAccount);
    if (kmsKeyId == null || kmsKeyId.endsWith("alias/aws/secretsmanager")) {
      if (crossAccount) {
        throw new AwsError(
            "InvalidRequestException",
            400,
            "You can't access a secret from a different AWS account if you encrypt the secret with"
                + " the default KMS service key.");
      }
      return;
    }
    var key = ctx.emulator().kmsKey(ownerAccount, kmsKeyId);
    if (key.isEmpty()) {
      return;
    }
    PolicyDocument.Decision decision =
        key.get()
            .policy()
            .evaluate(
                new PolicyDocument.Request(
                    ctx.caller(),
                    kmsAction,
                    "arn:aws:kms:"
                        + ctx.region()
                        + ":"
                        + ownerAccount
                        + ":key/"
                        + key.get().keyId(),
                    Map.of(
                        "kms:ViaService",
                        "secretsmanager." + ctx.region() + ".amazonaws.com",
                        "kms:CallerAccount",
                        ctx.caller().accountId(),
                        "kms:EncryptionContext:SecretARN",
                        secretArn)));
    if (decision != PolicyDocument.Decision.ALLOW) {
      throw new AwsError("AccessDeniedException", 400, "Access to KMS is not allowed");
    }
  }

  /**
   * The account whose secret a call names: the account in a full ARN (cross-account access takes
   * the full ARN), else the caller's own.
   */
  private static EmulatedAccount homeAccount(RequestContext ctx, String secretId) {
    if (secretId != null && secretId.startsWith("arn:")) {
      String[] parts = secretId.split(":", 6);
      if (parts.length == 6 && !parts[4].equals(ctx.account().accountId())) {
        return ctx.emulator().findAccount(parts[4]).orElse(ctx.account());
      }
    }
    return ctx.account();
  }

  // ---- shared rendering and lookup
  // ---------------------------------------------------------------------

  private static ObjectNode describe(Located located) {
    Secret secret = located.secret();
    ObjectNode out = JsonProtocol.object().put("ARN", located.arn()).put("Name", secret.name());
    if (secret.description() != null) {
      out.put("Description", secret.description());
    }
    if (secret.kmsKeyId() != null) {
      out.put("KmsKeyId", secret.kmsKeyId());
    }
    out.put("RotationEnabled", false);
    out.put("LastChangedDate", JsonProtocol.timestamp(secret.lastChangedDate()));
    secret.deletedDate().ifPresent(d -> out.put("DeletedDate", JsonProtocol.timestamp(d)));
    ArrayNode tags = out.putArray("Tags");
    secret.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
    out.put("CreatedDate", JsonProtocol.timestamp(secret.createdDate()));
    out.put("PrimaryRegion", secret.primaryRegion());
    if (!secret.replicas().isEmpty()) {
      writeReplicationStatus(out, secret);
    }
    return out;
  }

  private static void writeReplicationStatus(ObjectNode out, Secret secret) {
    ArrayNode status = out.putArray("ReplicationStatus");
    for (Secret.Replica replica : secret.replicas()) {
      ObjectNode entry = status.addObject().put("Region", replica.region());
      if (replica.kmsKeyId() != null) {
        entry.put("KmsKeyId", replica.kmsKeyId());
      }
      entry.put("Status", replica.status()).put("StatusMessage", replica.message());
    }
  }

  private static Predicate<Secret> filters(JsonNode filters) {
    Predicate<Secret> all = s -> true;
    for (JsonNode filter : filters) {
      String key = filter.path("Key").asText();
      List<String> values = new ArrayList<>();
      filter.path("Values").forEach(v -> values.add(v.asText()));
      Predicate<Secret> any = s -> values.isEmpty();
      for (String value : values) {
        boolean negate = value.startsWith("!");
        String prefix = negate ? value.substring(1) : value;
        Predicate<Secret> one =
            switch (key) {
              case "name" -> s -> s.name().startsWith(prefix);
              case "description" ->
                  s -> s.description() != null && s.description().startsWith(prefix);
              case "tag-key" -> s -> s.tags().keySet().stream().anyMatch(k -> k.startsWith(prefix));
              case "tag-value" ->
                  s -> s.tags().values().stream().anyMatch(v -> v.startsWith(prefix));
              case "primary-region" -> s -> s.primaryRegion().startsWith(prefix);
              case "all" ->
                  s ->
                      s.name().startsWith(prefix)
                          || (s.description() != null && s.description().startsWith(prefix))
                          || s.tags().entrySet().stream()
                              .anyMatch(
                                  e ->
                                      e.getKey().startsWith(prefix)
                                          || e.getValue().startsWith(prefix));
              default -> throw invalidParameter("Invalid filter key: " + key);
            };
        any = any.or(negate ? one.negate() : one);
      }
      all = all.and(any);
    }
    return all;
  }

  /**
   * Finds a secret by name or ARN in the caller's account and region, purging ones whose recovery
   * window ended.
   */
  private static Located find(RequestContext ctx, String secretId) {
    EmulatedAccount account = homeAccount(ctx, secretId);
    String region = ctx.region();
    for (Secret secret : account.secrets()) {
      boolean inRegion = secret.primaryRegion().equals(region) || secret.hasReplicaIn(region);
      if (inRegion && matches(secret, region, secretId) && !purgeIfDue(ctx, secret)) {
        return new Located(secret, region);
      }
    }
    return null;
  }

  private static boolean matches(Secret secret, String region, String secretId) {
    if (secretId.startsWith("arn:")) {
      String arn = secret.arn(region);
      return arn.equals(secretId) || arn.substring(0, arn.length() - 7).equals(secretId);
    }
    return secret.name().equals(secretId);
  }

  private static boolean purgeIfDue(RequestContext ctx, Secret secret) {
    Instant due = secret.deletionDate();
    if (due != null && !ctx.now().isBefore(due)) {
      ctx.emulator()
          .account(secret.accountId())
          .secrets
          .remove(secret.primaryRegion() + "/" + secret.name());
      return true;
    }
    return false;
  }

  private static Located existing(RequestContext ctx, JsonNode req) {
    String secretId = text(req, "SecretId");
    if (secretId == null) {
      throw invalidParameter("You must provide a SecretId.");
    }
    Located located = find(ctx, secretId);
    if (located == null) {
      throw notFound("Secrets Manager can't find the specified secret.");
    }
    return located;
  }

  private static Located writable(RequestContext ctx, JsonNode req, String action) {
    Located located = existing(ctx, req);
    authorize(ctx, located, action);
    rejectIfReplica(located);
    rejectIfDeleted(located.secret());
    return located;
  }

  private static void rejectIfReplica(Located located) {
    if (located.isReplica()) {
      throw invalidRequest(
          "Operation not permitted on a replica secret. Call must be made in primary secret's "
              + "region.");
    }
  }

  private static void rejectIfDeleted(Secret secret) {
    if (secret.isScheduledForDeletion()) {
      throw invalidRequest(
          "You can't perform this operation on the secret because it was marked for deletion.");
    }
  }

  private static String token(JsonNode req) {
    String token = text(req, "ClientRequestToken");
    if (token == null) {
      throw invalidRequest(
          "You must provide a ClientRequestToken value. We recommend a UUID-type value.");
    }
    if (token.length() < 32 || token.length() > 64) {
      throw new AwsError(
          "ValidationException",
          400,
          "1 validation error detected: Value at "
              + "'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 64");
    }
    return token;
  }

  private static byte[] binary(JsonNode req) {
    String encoded = text(req, "SecretBinary");
    if (encoded != null && text(req, "SecretString") != null) {
      throw invalidParameter(
          "You can't specify both a binary secret value and a string secret value in the "
              + "same secret.");
    }
    return encoded == null ? null : Base64.getDecoder().decode(encoded);
  }

  private static Map<String, String> tags(JsonNode req) {
    Map<String, String> tags = new LinkedHashMap<>();
    req.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText("")));
    return tags;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static AwsError notFound(String message) {
    return new AwsError("ResourceNotFoundException", 400, message);
  }

  private static AwsError invalidRequest(String message) {
    return new AwsError("InvalidRequestException", 400, message);
  }

  private static AwsError invalidParameter(String message) {
    return new AwsError("InvalidParameterException", 400, message);
  }
}
