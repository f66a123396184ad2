package io.rootmfa.operator.workflow;

import java.time.Instant;

/**
 * A seed as read from the seed vault (Secrets Manager): which device and enrollment it belongs to,
 * where it is, and the seed itself (opaque). Only ever built from a successful read, so holding one
 * proves the seed is durable.
 */
public record StoredSeed(
    String deviceSerial,
    String enrollmentId,
    String secretArn,
    String versionId,
    Instant storedAt,
    Seed seed) {

  /** True when this seed is the one of that device, created by that enrollment. */
  public boolean belongsTo(VirtualDevice device) {
    return deviceSerial.equals(device.serialNumber())
        && device.enrollmentId().map(enrollmentId::equals).orElse(false);
  }
}
