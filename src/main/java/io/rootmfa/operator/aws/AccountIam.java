package io.rootmfa.operator.aws;

import io.rootmfa.operator.totp.TotpCodes;
import io.rootmfa.operator.workflow.AccountSummary;
import io.rootmfa.operator.workflow.AuditResult.AssignedDevice;
import io.rootmfa.operator.workflow.FreshDevice;
import io.rootmfa.operator.workflow.Seed;
import io.rootmfa.operator.workflow.TargetRef;
import io.rootmfa.operator.workflow.VirtualDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/** The IAM calls of the audit and the enrollment, for one account, in the workflow's terms. */
public final class AccountIam {
  /** The tag that marks a device as created by this operator, and by which enrollment. */
  public static final String ENROLLMENT_TAG = "rootmfa.io/enrollment-id";

  private final String accountId;
  private final IamClient iam;

  AccountIam(String accountId, IamClient iam) {
    this.accountId = accountId;
    this.iam = iam;
  }

  public AccountSummary accountSummary() {
    Map<SummaryKeyType, Integer> m =
        call("GetAccountSummary", () -> iam.getAccountSummary().summaryMap());
    return new AccountSummary(
        is(m, SummaryKeyType.ACCOUNT_MFA_ENABLED),
        is(m, SummaryKeyType.ACCOUNT_PASSWORD_PRESENT),
        is(m, SummaryKeyType.ACCOUNT_ACCESS_KEYS_PRESENT));
  }

  /** The MFA devices (virtual or not) enabled for an IAM user. */
  public List<AssignedDevice> mfaDevicesOf(String userName) {
    return call(
        "ListMFADevices",
        () ->
            iam.listMFADevicesPaginator(r -> r.userName(userName)).mfaDevices().stream()
                .map(d -> new AssignedDevice(d.serialNumber(), Optional.ofNullable(d.enableDate())))
                .toList());
  }

  /** The virtual device enabled for root, if root's MFA is a virtual device. */
  public Optional<AssignedDevice> rootVirtualDevice() {
    return virtualDevices(AssignmentStatusType.ASSIGNED).stream()
        .filter(d -> d.user() != null && d.user().arn() != null && d.user().arn().endsWith(":root"))
        .map(d -> new AssignedDevice(d.serialNumber(), Optional.ofNullable(d.enableDate())))
        .findFirst();
  }

  /**
   * The virtual device at {@code path + name}, whoever made it. ListVirtualMFADevices returns no
   * tags (AWS documents it), so the enrollment tag of an unassigned device, which decides whether
   * it is ours, comes from ListMFADeviceTags. An assigned device is never touched, so its tags are
   * not needed.
   */
  public Optional<VirtualDevice> virtualDevice(String path, String name) {
    String suffix = ":mfa" + path + name;
    return virtualDevices(AssignmentStatusType.ANY).stream()
        .filter(d -> d.serialNumber().endsWith(suffix))
        .findFirst()
        .map(
            d ->
                toVirtualDevice(
                    d, d.user() == null ? enrollmentIdOf(d.serialNumber()) : Optional.empty()));
  }

  private Optional<String> enrollmentIdOf(String serialNumber) {
    return call(
            "ListMFADeviceTags",
            () -> iam.listMFADeviceTags(b -> b.serialNumber(serialNumber)).tags())
        .stream()
        .filter(t -> ENROLLMENT_TAG.equals(t.key()))
        .map(Tag::value)
        .findFirst();
  }

  public FreshDevice createVirtualDevice(
      String path, String name, String enrollmentId, Map<String, String> tags) {
    List<Tag> all = new ArrayList<>();
    tags.forEach((k, v) -> all.add(Tag.builder().key(k).value(v).build()));
    all.add(Tag.builder().key(ENROLLMENT_TAG).value(enrollmentId).build());
    CreateVirtualMfaDeviceResponse r =
        call(
            "CreateVirtualMFADevice",
            () ->
                iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(name).path(path).tags(all)));
    VirtualMFADevice d = r.virtualMFADevice();
    if (d == null || d.base32StringSeed() == null || d.serialNumber() == null) {
      throw new AwsCallException(
          accountId,
          "CreateVirtualMFADevice",
          "MalformedResponse",
          null,
          200,
          false,
          "the response holds no serial number or seed");
    }
    Seed seed =
        Seed.ofBase32(new String(d.base32StringSeed().asByteArray(), StandardCharsets.US_ASCII));
    return new FreshDevice(d.serialNumber(), enrollmentId, seed);
  }

  /**
   * Enables the device for the target. For root the request names no user, as a root caller's
   * would.
   */
  public void enable(TargetRef target, String serialNumber, TotpCodes.ConsecutiveCodes codes) {
    call(
        "EnableMFADevice",
        () ->
            iam.enableMFADevice(
                b -> {
                  target.userName().ifPresent(b::userName);
                  b.serialNumber(serialNumber)
                      .authenticationCode1(codes.first())
                      .authenticationCode2(codes.second());
                }));
  }

  public void deleteVirtualDevice(String serialNumber) {
    call(
        "DeleteVirtualMFADevice",
        () -> iam.deleteVirtualMFADevice(b -> b.serialNumber(serialNumber)));
  }

  private List<VirtualMFADevice> virtualDevices(AssignmentStatusType status) {
    return call(
        "ListVirtualMFADevices",
        () ->
            iam
                .listVirtualMFADevicesPaginator(b -> b.assignmentStatus(status))
                .virtualMFADevices()
                .stream()
                .toList());
  }

  private static VirtualDevice toVirtualDevice(VirtualMFADevice d, Optional<String> enrollmentId) {
    Optional<String> assignedTo =
        Optional.ofNullable(d.user())
            .map(
                u ->
                    u.arn() != null && u.arn().endsWith(":root")
                        ? TargetRef.root().describe()
                        : TargetRef.iamUser(u.userName()).describe());
    return new VirtualDevice(
        d.serialNumber(), assignedTo, Optional.ofNullable(d.enableDate()), enrollmentId);
  }

  private static boolean is(Map<SummaryKeyType, Integer> m, SummaryKeyType key) {
    Integer v = m.get(key);
    return v != null && v > 0;
  }

  private <T> T call(String operation, Supplier<T> call) {
    return AwsCallException.wrap(accountId, operation, call);
  }
}
