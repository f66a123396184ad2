package io.rootmfa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Where the seed is kept: the Secrets Manager secret and version. Never the value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SeedStatus {
  @JsonPropertyDescription("The secret's ARN.")
  private String secretArn;

  @JsonPropertyDescription("The secret version that holds the seed of the current device.")
  private String versionId;

  @JsonPropertyDescription("When the seed was stored, RFC 3339.")
  private String storedAt;

  public SeedStatus() {}

  public SeedStatus(String secretArn, String versionId, String storedAt) {
    this.secretArn = secretArn;
    this.versionId = versionId;
    this.storedAt = storedAt;
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
        && Objects.equals(storedAt, s.storedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretArn, versionId, storedAt);
  }
}
