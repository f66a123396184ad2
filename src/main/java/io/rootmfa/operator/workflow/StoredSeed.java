package io.rootmfa.operator.workflow;

import java.time.Instant;

/**
 * A custody document as read from the seed vault (Secrets Manager), with where it is. Only ever
 * built from a successful read, so holding one proves the seed is durable.
 *
 * @param document the decoded document
 * @param secretArn the secret
 * @param versionId the version it was read from
 */
public record StoredSeed(SeedDocument document, String secretArn, String versionId) {

  public Seed seed() {
    return document.seed();
  }

  public String enrollmentId() {
    return document.enrollmentId();
  }

  public Instant storedAt() {
    return document.createdAt();
  }

  /** True when the document is the complete custody of that device serial. */
  public boolean names(String serialNumber) {
    return document.names(serialNumber);
  }

  /**
   * True when this is the seed of that device, created by that enrollment, and the document is this
   * policy's (or an adoptable v1 document without an owner).
   */
  public boolean belongsTo(VirtualDevice device, PolicyRef owner) {
    return document.names(device.serialNumber())
        && device.enrollmentId().map(document.enrollmentId()::equals).orElse(false)
        && document.owner().map(owner::isSamePolicy).orElse(true);
  }
}
