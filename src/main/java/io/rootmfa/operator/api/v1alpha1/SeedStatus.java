package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/**
 * Where the seed is kept: the Secrets Manager secret and version, and the device whose seed it is.
 * Never the value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
@EqualsAndHashCode
public class SeedStatus {
  @JsonPropertyDescription("The secret's ARN.")
  private @Nullable String secretArn;

  @JsonPropertyDescription("The secret version that holds the seed of the current device.")
  private @Nullable String versionId;

  @JsonPropertyDescription("When the seed was stored, RFC 3339.")
  private @Nullable String storedAt;

  @JsonPropertyDescription(
      "The serial number of the device the stored seed opens. SeedStored is True only while this "
          + "is the device assigned to the target.")
  private @Nullable String deviceSerial;

  @JsonPropertyDescription(
      "Replica regions of the secret (spec.seedStore.secretsManager.replicaRegions) that do not hold "
          + "the seed, with AWS's status message, as Secrets Manager reported them when the seed was "
          + "last stored or re-read; absent when every replica is in sync or in progress.")
  private @Nullable String replicaProblem;

  public SeedStatus() {}

  public SeedStatus(
      @Nullable String secretArn,
      @Nullable String versionId,
      @Nullable String storedAt,
      @Nullable String deviceSerial) {
    this.secretArn = secretArn;
    this.versionId = versionId;
    this.storedAt = storedAt;
    this.deviceSerial = deviceSerial;
  }
}
