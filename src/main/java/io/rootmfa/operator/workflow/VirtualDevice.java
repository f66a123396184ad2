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
 *     creates
 * @param owner the {@code rootmfa.io/policy} tag ({@code namespace/name}) of the policy that
 *     created it; a device is ours only when this names the policy asking
 */
public record VirtualDevice(
    String serialNumber,
    Optional<String> assignedTo,
    Optional<Instant> enabledAt,
    Optional<String> enrollmentId,
    Optional<String> owner) {

  public boolean isAssigned() {
    return assignedTo.isPresent();
  }

  /** Created by this policy's enrollment: both the enrollment tag and this policy's owner tag. */
  public boolean isOwnedBy(PolicyRef policy) {
    return enrollmentId.isPresent() && owner.equals(Optional.of(policy.key()));
  }
}
