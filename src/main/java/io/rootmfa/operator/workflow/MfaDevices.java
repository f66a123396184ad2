package io.rootmfa.operator.workflow;

import java.util.Map;
import java.util.Optional;

/**
 * The port through which the enrollment reaches IAM for one account: find, create, enable and
 * delete virtual MFA devices, and audit the target. Implemented by {@code aws.AccountIam}; tests
 * implement it in memory. Failures other than the outcomes named here are thrown.
 */
public interface MfaDevices {

  /** The tags that name a device's owner and enrollment. */
  String ENROLLMENT_TAG = "rootmfa.io/enrollment-id";

  String POLICY_TAG = "rootmfa.io/policy";
  String POLICY_UID_TAG = "rootmfa.io/policy-uid";

  /** The target's MFA as AWS reports it; names the device when asked (root needs one more call). */
  AuditResult audit(TargetRef target, boolean nameDevice);

  /**
   * The virtual device at {@code path + name}, whoever made it, with its owner tags when it is
   * unassigned (an assigned device is never touched, so its tags are not needed).
   */
  Optional<VirtualDevice> find(String path, String name);

  /** Creates a device tagged with the enrollment id and {@code tags}; its seed is in the result. */
  FreshDevice create(String path, String name, String enrollmentId, Map<String, String> tags);

  /** Enables the device for the target with two consecutive codes. */
  EnableOutcome enable(TargetRef target, String serialNumber, String firstCode, String secondCode);

  /** Deletes an unassigned device. */
  void delete(String serialNumber);

  /** How AWS answered EnableMFADevice, where the enrollment has a next step for it. */
  enum EnableOutcome {
    ENABLED,
    /** AWS refused the codes (InvalidAuthenticationCode). */
    CODES_REFUSED,
    /** The device is already enabled (EntityAlreadyExists): observe again. */
    ALREADY_ENABLED,
    /** AWS refused to enable MFA for root through the API, as it documents. */
    ROOT_REFUSED
  }
}
