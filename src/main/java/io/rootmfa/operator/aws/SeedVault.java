package io.rootmfa.operator.aws;

import io.rootmfa.operator.workflow.Custody;
import io.rootmfa.operator.workflow.ReplicaSync;
import io.rootmfa.operator.workflow.SeedCustody;
import io.rootmfa.operator.workflow.SeedDocument;
import io.rootmfa.operator.workflow.SeedDocumentCodec;
import io.rootmfa.operator.workflow.StoredSeed;
import io.rootmfa.operator.workflow.WriteGate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ReplicaRegionType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Custody of seeds in AWS Secrets Manager: one secret per target whose current version holds a
 * custody document ({@link SeedDocumentCodec}, format {@value SeedDocumentCodec#FORMAT_V2}). One
 * write per enrollment, with a deterministic {@code ClientRequestToken} so a retried write is
 * idempotent; paced under the Secrets Manager write quota. {@link #at} gives the {@link
 * SeedCustody} port of one secret; it never decides whether a write is allowed (the enrollment
 * does, with {@code Custody}).
 */
public final class SeedVault {
  private final String accountId;
  private final SecretsManagerClient sm;
  private final RatePacer writePacer;

  SeedVault(String accountId, SecretsManagerClient sm, RatePacer writePacer) {
    this.accountId = accountId;
    this.sm = sm;
    this.writePacer = writePacer;
  }

  /**
   * Where and how a target's seed is kept (spec.seedStore.secretsManager).
   *
   * @param resourcePolicy the resource policy the secret must carry before its first value (a
   *     custody account's, {@link SeedSecretPolicy}); empty for none
   */
  public record Location(
      String secretName,
      Optional<String> kmsKeyId,
      List<String> replicaRegions,
      Map<String, String> tags,
      Optional<String> resourcePolicy) {

    public Location(
        String secretName,
        Optional<String> kmsKeyId,
        List<String> replicaRegions,
        Map<String, String> tags) {
      this(secretName, kmsKeyId, replicaRegions, tags, Optional.empty());
    }

    /** The same place, kept in a custody account: another key, and a resource policy. */
    public Location inCustody(Optional<String> key, String policy) {
      return new Location(secretName, key, replicaRegions, tags, Optional.of(policy));
    }
  }

  /** The pacer of this vault's writes: the one of the account and region its secrets live in. */
  RatePacer writePacer() {
    return writePacer;
  }

  /** The custody port of one secret, for reads and for writes no window bounds. */
  public SeedCustody at(Location where) {
    return at(where, WriteGate.OPEN);
  }

  /**
   * The custody port of one secret whose writes ask {@code gate} once more after waiting for their
   * Secrets Manager slot, immediately before the request: in a wave of enrollments the wait can
   * outlast a window.
   */
  public SeedCustody at(Location where, WriteGate gate) {
    return new Secret(where, gate);
  }

  /**
   * Where the replicas of a seed secret stand: one {@code DescribeSecret}, its {@code
   * ReplicationStatus} list (region, status, AWS's status message; never a value). Asked only when
   * the custody document is re-read or was just written, never on a steady check.
   */
  public List<ReplicaSync.Reported> replication(Location where) {
    return call("DescribeSecret", () -> sm.describeSecret(b -> b.secretId(where.secretName())))
        .replicationStatus()
        .stream()
        .map(r -> new ReplicaSync.Reported(r.region(), r.statusAsString(), r.statusMessage()))
        .toList();
  }

  private final class Secret implements SeedCustody {
    private final Location where;
    private final WriteGate gate;

    Secret(Location where, WriteGate gate) {
      this.where = where;
      this.gate = gate;
    }

    @Override
    public Contents observe() {
      try {
        return new Holds(
            parse(
                call(
                    "GetSecretValue",
                    () -> sm.getSecretValue(b -> b.secretId(where.secretName())))));
      } catch (AwsCallException e) {
        if (!e.errorCode().equals("ResourceNotFoundException")) {
          throw e;
        }
        if (where.resourcePolicy().isEmpty()) {
          // Created with its value in one call: a secret without a value is not ours to fill.
          return new Absent();
        }
      }
      // No current value: absent, or created by a write that stopped before its value.
      try {
        var described =
            call("DescribeSecret", () -> sm.describeSecret(b -> b.secretId(where.secretName())));
        Map<String, String> tags = new LinkedHashMap<>();
        described.tags().forEach(t -> tags.put(t.key(), t.value()));
        return new Unwritten(tags);
      } catch (AwsCallException e) {
        if (e.errorCode().equals("ResourceNotFoundException")) {
          return new Absent();
        }
        throw e;
      }
    }

    @Override
    public StoredSeed readVersion(String versionId) {
      return parse(
          call(
              "GetSecretValue",
              () -> sm.getSecretValue(b -> b.secretId(where.secretName()).versionId(versionId))));
    }

    @Override
    public WriteOutcome write(SeedDocument document, boolean secretExists)
        throws InterruptedException {
      String token = requestToken(document);
      String value = SeedDocumentCodec.encode(document);
      Optional<String> policy = where.resourcePolicy();
      if (!secretExists) {
        slot();
        try {
          // With a resource policy the secret is created empty: CreateSecret takes no policy, and
          // the value must never exist without it.
          var r =
              sm.createSecret(b -> create(b, document, policy.isPresent() ? null : value, token));
          if (policy.isEmpty()) {
            return new Stored(r.arn(), r.versionId());
          }
        } catch (ResourceExistsException raced) {
          // Created since it was read: the caller re-reads it and applies the ownership rule.
          return new SecretExists();
        } catch (SdkException e) {
          throw AwsCallException.of(accountId, "CreateSecret", e);
        }
      }
      if (policy.isPresent()) {
        // Idempotent: put again before every value, so an interrupted write is continued safely.
        slot();
        call(
            "PutResourcePolicy",
            () ->
                sm.putResourcePolicy(
                    b ->
                        b.secretId(where.secretName())
                            .resourcePolicy(policy.get())
                            .blockPublicPolicy(true)));
      }
      slot();
      var r =
          call(
              "PutSecretValue",
              () ->
                  sm.putSecretValue(
                      b ->
                          b.secretId(where.secretName())
                              .clientRequestToken(token)
                              .secretString(value)));
      return new Stored(r.arn(), r.versionId());
    }

    /**
     * Waits for a Secrets Manager slot, then asks the window once more: in a wave of enrollments
     * the wait can outlast it.
     */
    private void slot() throws InterruptedException {
      writePacer.acquire();
      gate.check();
    }

    private void create(
        CreateSecretRequest.Builder b,
        SeedDocument document,
        @Nullable String value,
        String token) {
      b.name(where.secretName())
          .description(
              "MFA seed of "
                  + document.target()
                  + " in account "
                  + document.accountId()
                  + " (rootmfa-operator)")
          .tags(tags(document));
      if (value != null) {
        b.clientRequestToken(token).secretString(value);
      }
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
    }

    private List<Tag> tags(SeedDocument document) {
      Map<String, String> all = new LinkedHashMap<>(where.tags());
      all.put(Custody.MANAGED_BY_TAG, Custody.MANAGED_BY);
      all.put(Custody.ACCOUNT_TAG, document.accountId());
      all.put(Custody.TARGET_TAG, document.target());
      List<Tag> tags = new ArrayList<>();
      all.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
      return tags;
    }
  }

  /**
   * Same device and enrollment give the same token: a retried write is ignored, never a second
   * version.
   */
  static String requestToken(SeedDocument document) {
    return UUID.nameUUIDFromBytes(
            ("rootmfa/v1|"
                    + document.deviceSerial().orElse("pending")
                    + "|"
                    + document.enrollmentId())
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private StoredSeed parse(GetSecretValueResponse r) {
    return new StoredSeed(
        SeedDocumentCodec.decode(r.secretString(), r.arn()), r.arn(), r.versionId());
  }

  private <T> T call(String operation, Supplier<T> call) {
    return AwsCallException.wrap(accountId, operation, call);
  }
}
