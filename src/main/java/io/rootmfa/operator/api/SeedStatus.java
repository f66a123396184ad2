package io.rootmfa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Where the seed is kept: the Secrets Manager secret and version, and the device whose seed it is.
 * Never the value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SeedStatus {
  @JsonPropertyDescription("The secret's ARN.")
  private String secretArn;

  @JsonPropertyDescription("The secret version that holds the seed of the current device.")
  private String versionId;

  @JsonPropertyDescription("When the seed was stored, RFC 3339.")
  private String storedAt;

  @JsonPropertyDescription(
      "The serial number of the device the stored seed opens. SeedStored is True only while this "
          + "is the device assigned to the target.")
  private String deviceSerial;

  public SeedStatus() {}

  public SeedStatus(String secretArn, String versionId, String storedAt, String deviceSerial) {
    this.secretArn = secretArn;
    this.versionId = versionId;
    this.storedAt = storedAt;
    this.deviceSerial = deviceSerial;
  }

  public String getDeviceSerial() {
    return deviceSerial;
  }

  public void setDeviceSerial(String deviceSerial) {
    this.deviceSerial = deviceSerial;
  }

  public String getSecretArn() {
    return secretArn;
  }

  public void setSecretArn(String secretArn) {
    this.secretArn = secretArn;
  }

  public String getVersionId() {
    return versionId;
  }

  public void setVersionId(String versionId) {
    this.versionId = versionId;
  }

  public String getStoredAt() {
    return storedAt;
  }

  public void setStoredAt(String storedAt) {
    this.storedAt = storedAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeedStatus s
        && Objects.equals(secretArn, s.secretArn)
        && Objects.equals(versionId, s.versionId)
        && Objects.equals(storedAt, s.storedAt)
        && Objects.equals(deviceSerial, s.deviceSerial);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretArn, versionId, storedAt, deviceSerial);
  }
}
