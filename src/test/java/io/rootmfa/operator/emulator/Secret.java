package io.rootmfa.operator.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Secrets Manager secret (the primary; replicas are views of it in other regions). Mutated only
 * under the owning account's lock; accessors return snapshots.
 */
public final class Secret {

  /**
   * A replica region.
   *
   * @param region the replica region
   * @param kmsKeyId the replica's KMS key, or {@code null} for the default key
   * @param status {@code InSync} or {@code Failed}
   * @param message the status message
   */
  public record Replica(String region, String kmsKeyId, String status, String message) {}

  private final String accountId;
  private final String name;
  private final String primaryRegion;
  private final String suffix;
  private final Instant createdDate;
  private final String kmsKeyId;
  private final String description;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private final Map<String, SecretVersion> versions = new LinkedHashMap<>();
  private final List<Replica> replicas = new ArrayList<>();
  private PolicyDocument resourcePolicy;
  private Boolean resourcePolicyAtFirstVersion;
  private Instant lastChangedDate;
  private Instant deletedDate;
  private Instant deletionDate;

  Secret(
      String accountId,
      String name,
      String primaryRegion,
      String kmsKeyId,
      String description,
      Map<String, String> tags,
      Instant createdDate) {
    this.accountId = accountId;
    this.name = name;
    this.primaryRegion = primaryRegion;
    this.suffix = Ids.secretSuffix();
    this.kmsKeyId = kmsKeyId;
    this.description = description;
    this.tags.putAll(tags);
    this.createdDate = createdDate;
    this.lastChangedDate = createdDate;
  }

  /** The secret name. */
  public String name() {
    return name;
  }

  /** The primary ARN. */
  public String arn() {
    return arn(primaryRegion);
  }

  /** The ARN of this secret (or its replica) in a region. */
  public String arn(String region) {
    return "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + name + "-" + suffix;
  }

  /** The region the secret was created in. */
  public String primaryRegion() {
    return primaryRegion;
  }

  /**
   * The KMS key id given at creation, or {@code null} for the default {@code aws/secretsmanager}
   * key.
   */
  public String kmsKeyId() {
    return kmsKeyId;
  }

  /** The account that owns the secret. */
  public String accountId() {
    return accountId;
  }

  /**
   * Whether the secret carried a resource policy when its first version was written; empty while it
   * has no version.
   */
  public synchronized Optional<Boolean> hadResourcePolicyAtFirstVersion() {
    return Optional.ofNullable(resourcePolicyAtFirstVersion);
  }

  /** The resource policy as it was put, if any. */
  public synchronized Optional<String> resourcePolicy() {
    return Optional.ofNullable(resourcePolicy).map(PolicyDocument::text);
  }

  synchronized PolicyDocument resourcePolicyDocument() {
    return resourcePolicy;
  }

  synchronized void setResourcePolicy(PolicyDocument policy, Instant now) {
    this.resourcePolicy = policy;
    this.lastChangedDate = now;
  }

  /** The description, or {@code null}. */
  public String description() {
    return description;
  }

  /** When the secret was created. */
  public Instant createdDate() {
    return createdDate;
  }

  /** A snapshot of the tags. */
  public synchronized Map<String, String> tags() {
    return Map.copyOf(tags);
  }

  /** A snapshot of the replica regions. */
  public synchronized List<Replica> replicas() {
    return List.copyOf(replicas);
  }

  /** The replica region names. */
  public List<String> replicaRegions() {
    return replicas().stream().map(Replica::region).toList();
  }

  /** A snapshot of the versions, oldest first. */
  public synchronized List<SecretVersion> versions() {
    return List.copyOf(versions.values());
  }

  /** The version carrying a stage label, e.g. {@code AWSCURRENT}. */
  public synchronized Optional<SecretVersion> versionWithStage(String stage) {
    return versions.values().stream().filter(v -> v.hasStage(stage)).findFirst();
  }

  /** When {@code DeleteSecret} was called, if it was (and the secret is still recoverable). */
  public synchronized Optional<Instant> deletedDate() {
    return Optional.ofNullable(deletedDate);
  }

  synchronized Instant deletionDate() {
    return deletionDate;
  }

  synchronized Instant lastChangedDate() {
    return lastChangedDate;
  }

  synchronized boolean isScheduledForDeletion() {
    return deletedDate != null;
  }

  synchronized SecretVersion version(String versionId) {
    return versions.get(versionId);
  }

  synchronized void addReplica(Replica replica) {
    replicas.add(replica);
  }

  synchronized boolean hasReplicaIn(String region) {
    return replicas.stream().anyMatch(r -> r.region().equals(region));
  }

  synchronized void putTags(Map<String, String> more, Instant now) {
    tags.putAll(more);
    lastChangedDate = now;
  }

  synchronized void removeTags(List<String> keys, Instant now) {
    keys.forEach(tags::remove);
    lastChangedDate = now;
  }

  /**
   * Adds a version and moves the given stage labels to it; moving {@code AWSCURRENT} moves the old
   * current version to {@code AWSPREVIOUS}.
   */
  synchronized void addVersion(SecretVersion version, List<String> stages, Instant now) {
    if (versions.isEmpty()) {
      resourcePolicyAtFirstVersion = resourcePolicy != null;
    }
    versions.put(version.versionId(), version);
    for (String stage : stages) {
      for (SecretVersion other : versions.values()) {
        if (other != version && other.hasStage(stage)) {
          other.removeStage(stage);
          if ("AWSCURRENT".equals(stage)) {
            versions.values().forEach(v -> v.removeStage("AWSPREVIOUS"));
            other.addStage("AWSPREVIOUS");
          }
        }
      }
      version.addStage(stage);
    }
    lastChangedDate = now;
  }

  synchronized void scheduleDeletion(Instant now, Instant deletionDate) {
    this.deletedDate = now;
    this.deletionDate = deletionDate;
    this.lastChangedDate = now;
  }

  synchronized void restore(Instant now) {
    this.deletedDate = null;
    this.deletionDate = null;
    this.lastChangedDate = now;
  }

  @Override
  public String toString() {
    return "Secret[" + arn() + "]";
  }
}
