package io.rootmfa.operator.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootmfa.operator.workflow.FreshDevice;
import io.rootmfa.operator.workflow.Seed;
import io.rootmfa.operator.workflow.StoredSeed;
import io.rootmfa.operator.workflow.TargetRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ReplicaRegionType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Custody of seeds in AWS Secrets Manager: one secret per target whose current version holds, as
 * JSON (format {@value #FORMAT}), the account, the target, the device serial, the enrollment id,
 * the Base32 seed and when it was created. One write per enrollment, with a deterministic {@code
 * ClientRequestToken} so a retried write is idempotent; paced under the Secrets Manager write
 * quota.
 */
public final class SeedVault {
  public static final String FORMAT = "rootmfa.io/seed/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String accountId;
  private final SecretsManagerClient sm;
  private final RatePacer writePacer;

  SeedVault(String accountId, SecretsManagerClient sm, RatePacer writePacer) {
    this.accountId = accountId;
    this.sm = sm;
    this.writePacer = writePacer;
  }

  /** Where and how a target's seed is kept (spec.seedStore.secretsManager). */
  public record Location(
      String secretName,
      Optional<String> kmsKeyId,
      List<String> replicaRegions,
      Map<String, String> tags) {}

  /** A stored version: ARN and version id, never the value. */
  public record StoredVersion(String secretArn, String versionId) {}

  /** The seed in the secret's current version, if the secret exists and has one. */
  public Optional<StoredSeed> readCurrent(String secretName) {
    try {
      return Optional.of(
          parse(call("GetSecretValue", () -> sm.getSecretValue(b -> b.secretId(secretName)))));
    } catch (AwsCallException e) {
      if (e.errorCode().equals("ResourceNotFoundException")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Reads one version back: the proof that a written seed is durable. */
  public StoredSeed readVersion(String secretName, String versionId) {
    return parse(
        call(
            "GetSecretValue",
            () -> sm.getSecretValue(b -> b.secretId(secretName).versionId(versionId))));
  }

  /**
   * Writes the fresh device's seed as the secret's new current version: exactly one write call on
   * success.
   */
  public StoredVersion write(
      Location where, TargetRef target, FreshDevice device, Instant now, boolean secretExists)
      throws InterruptedException {
    String token = requestToken(device);
    String value = document(target, device, now);
    writePacer.acquire();
    if (!secretExists) {
      try {
        var r =
            sm.createSecret(
                b -> {
                  b.name(where.secretName())
                      .clientRequestToken(token)
                      .secretString(value)
                      .description(
                          "MFA seed of "
                              + target.describe()
                              + " in account "
                              + accountId
                              + " (rootmfa-operator)")
                      .tags(tags(where, target));
                  where.kmsKeyId().ifPresent(b::kmsKeyId);
                  if (!where.replicaRegions().isEmpty()) {
                    b.addReplicaRegions(
                        where.replicaRegions().stream()
                            .map(
                                region ->
                                    ReplicaRegionType.builder()
                                        .region(region)
                                        .kmsKeyId(where.kmsKeyId().orElse(null))
                                        .build())
                            .toList());
                  }
                });
        return new StoredVersion(r.arn(), r.versionId());
      } catch (ResourceExistsException raced) {
        // Created by someone else since we looked: fall through to a new version of it.
        writePacer.acquire();
      } catch (SdkException e) {
        throw AwsCallException.of(accountId, "CreateSecret", e);
      }
    }
    var r =
        call(
            "PutSecretValue",
            () ->
                sm.putSecretValue(
                    b ->
                        b.secretId(where.secretName())
                            .clientRequestToken(token)
                            .secretString(value)));
    return new StoredVersion(r.arn(), r.versionId());
  }

  /**
   * Same device and enrollment give the same token: a retried write is ignored, never a second
   * version.
   */
  static String requestToken(FreshDevice device) {
    return UUID.nameUUIDFromBytes(
            ("rootmfa/v1|" + device.serialNumber() + "|" + device.enrollmentId())
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private String document(TargetRef target, FreshDevice device, Instant now) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("format", FORMAT);
    doc.put("accountId", accountId);
    doc.put("target", target.describe());
    doc.put("deviceSerial", device.serialNumber());
    doc.put("enrollmentId", device.enrollmentId());
    doc.put("seed", device.seed().reveal());
    doc.put("createdAt", now.toString());
    return doc.toString();
  }

  private List<Tag> tags(Location where, TargetRef target) {
    Map<String, String> all = new LinkedHashMap<>(where.tags());
    all.put("rootmfa.io/managed-by", "rootmfa-operator");
    all.put("rootmfa.io/account", accountId);
    all.put("rootmfa.io/target", target.describe());
    List<Tag> tags = new ArrayList<>();
    all.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    return tags;
  }

  private StoredSeed parse(GetSecretValueResponse r) {
    JsonNode doc;
    try {
      doc = JSON.readTree(r.secretString() == null ? "" : r.secretString());
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the input, which is secret: report only where and what.
      throw malformed(r.arn(), "is not JSON");
    }
    if (doc == null || !FORMAT.equals(doc.path("format").asText())) {
      throw malformed(r.arn(), "is not in format " + FORMAT);
    }
    for (String field : List.of("deviceSerial", "enrollmentId", "seed", "createdAt")) {
      if (!doc.path(field).isTextual() || doc.path(field).asText().isBlank()) {
        throw malformed(r.arn(), "has no " + field);
      }
    }
    Instant storedAt;
    try {
      storedAt = Instant.parse(doc.get("createdAt").asText());
    } catch (RuntimeException e) {
      throw malformed(r.arn(), "has a createdAt that is not an RFC 3339 time");
    }
    return new StoredSeed(
        doc.get("deviceSerial").asText(),
        doc.get("enrollmentId").asText(),
        r.arn(),
        r.versionId(),
        storedAt,
        Seed.ofBase32(doc.get("seed").asText()));
  }

  private AwsCallException malformed(String arn, String what) {
    return new AwsCallException(
        accountId,
        "GetSecretValue",
        "MalformedSeedSecret",
        null,
        200,
        false,
        "secret " + arn + " " + what);
  }

  private <T> T call(String operation, Supplier<T> call) {
    return AwsCallException.wrap(accountId, operation, call);
  }
}
