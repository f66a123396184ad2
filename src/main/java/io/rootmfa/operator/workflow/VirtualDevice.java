package io.rootmfa.operator.workflow;

import java.time.Instant;
import java.util.Optional;

/**
 * A virtual MFA device as IAM lists it.
 *
 * @param serialNumber its ARN
 * @param assignedTo the principal it is enabled for, if any, as {@link TargetRef#describe()} names
 *     it
 * @param enabledAt when it was enabled, if it is
 * @param enrollmentId the {@code rootmfa.io/enrollment-id} tag this operator puts on devices it
 *     creates; a device without it is not ours and is never deleted
 */
public record VirtualDevice(
    String serialNumber,
    Optional<String> assignedTo,
    Optional<Instant> enabledAt,
    Optional<String> enrollmentId) {

  public boolean isAssigned() {
    return assignedTo.isPresent();
  }

  public boolean isOurs() {
    return enrollmentId.isPresent();
  }
}
