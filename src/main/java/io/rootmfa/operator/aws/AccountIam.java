package io.rootmfa.operator.aws;

import io.rootmfa.operator.workflow.AccountSummary;
import io.rootmfa.operator.workflow.AuditResult;
import io.rootmfa.operator.workflow.AuditResult.AssignedDevice;
import io.rootmfa.operator.workflow.FreshDevice;
import io.rootmfa.operator.workflow.MfaDevices;
import io.rootmfa.operator.workflow.Seed;
import io.rootmfa.operator.workflow.TargetRef;
import io.rootmfa.operator.workflow.VirtualDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * The IAM calls of the audit and the enrollment, for one account: the AWS adapter of the {@link
 * MfaDevices} port.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public final class AccountIam implements MfaDevices {
  /** How AWS answers an API attempt to enable MFA for root (it requires an IAM user name). */
  private static final Set<String> ROOT_REFUSALS =
      Set.of("ValidationError", "InvalidInput", "NoSuchEntity", "RootMfaApiUnsupported");

  private final String accountId;
  private final IamClient iam;

  /**
   * Root is judged by {@code GetAccountSummary} alone (one call), as AWS Config judges it; its
   * virtual device is named with {@code ListVirtualMFADevices} only when asked. An IAM user is
   * judged by {@code ListMFADevices}, which names the device too.
   */
  @Override
  public AuditResult audit(TargetRef target, boolean nameDevice) {
    if (target.isRoot()) {
      AuditResult r = AuditResult.ofRoot(accountSummary());
      return r.mfaEnabled() && nameDevice ? r.withDevice(rootVirtualDevice()) : r;
    }
    return AuditResult.ofIamUser(mfaDevicesOf(target.userName().orElseThrow()));
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
    return rootVirtualDevices().stream().findFirst();
  }

  /** Every virtual device assigned to root (AWS allows up to eight MFA devices for root). */
  public List<AssignedDevice> rootVirtualDevices() {
    return virtualDevices(AssignmentStatusType.ASSIGNED).stream()
        .filter(d -> d.user() != null && d.user().arn() != null && d.user().arn().endsWith(":root"))
        .map(d -> new AssignedDevice(d.serialNumber(), Optional.ofNullable(d.enableDate())))
        .toList();
  }

  /**
   * ListVirtualMFADevices returns no tags (AWS documents it), so the owner tags of an unassigned
   * device, which decide whether it is ours, come from ListMFADeviceTags.
   */
  @Override
  public Optional<VirtualDevice> find(String path, String name) {
    String suffix = ":mfa" + path + name;
    return virtualDevices(AssignmentStatusType.ANY).stream()
        .filter(d -> d.serialNumber().endsWith(suffix))
        .findFirst()
        .map(d -> toVirtualDevice(d, d.user() == null ? tagsOf(d.serialNumber()) : Map.of()));
  }

  private Map<String, String> tagsOf(String serialNumber) {
    return call(
            "ListMFADeviceTags",
            () -> iam.listMFADeviceTags(b -> b.serialNumber(serialNumber)).tags())
        .stream()
        .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
  }

  @Override
  public FreshDevice create(
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
      throw new MalformedResponseException(
          accountId, "CreateVirtualMFADevice", "no serial number or seed");
    }
    Seed seed =
        Seed.ofBase32(new String(d.base32StringSeed().asByteArray(), StandardCharsets.US_ASCII));
    return new FreshDevice(d.serialNumber(), enrollmentId, seed);
  }

  /** For root the request names no user, as a root caller's would. */
  @Override
  public EnableOutcome enable(
      TargetRef target, String serialNumber, String firstCode, String secondCode) {
    try {
      call(
          "EnableMFADevice",
          () ->
              iam.enableMFADevice(
                  b -> {
                    target.userName().ifPresent(b::userName);
                    b.serialNumber(serialNumber)
                        .authenticationCode1(firstCode)
                        .authenticationCode2(secondCode);
                  }));
      return EnableOutcome.ENABLED;
    } catch (AwsCallException e) {
      if (e.errorCode().equals("InvalidAuthenticationCode")) {
        return EnableOutcome.CODES_REFUSED;
      }
      if (e.errorCode().equals("EntityAlreadyExists")) {
        return EnableOutcome.ALREADY_ENABLED;
      }
      if (target.isRoot() && ROOT_REFUSALS.contains(e.errorCode())) {
        return EnableOutcome.ROOT_REFUSED;
      }
      throw e;
    }
  }

  @Override
  public void delete(String serialNumber) {
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

  private static VirtualDevice toVirtualDevice(VirtualMFADevice d, Map<String, String> tags) {
    Optional<String> assignedTo =
        Optional.ofNullable(d.user())
            .map(
                u ->
                    u.arn() != null && u.arn().endsWith(":root")
                        ? TargetRef.root().describe()
                        : TargetRef.iamUser(u.userName()).describe());
    return new VirtualDevice(
        d.serialNumber(),
        assignedTo,
        Optional.ofNullable(d.enableDate()),
        Optional.ofNullable(tags.get(ENROLLMENT_TAG)),
        Optional.ofNullable(tags.get(POLICY_TAG)));
  }

  private static boolean is(Map<SummaryKeyType, Integer> m, SummaryKeyType key) {
    Integer v = m.get(key);
    return v != null && v > 0;
  }

  private <T> T call(String operation, Supplier<T> call) {
    return AwsCallException.wrap(accountId, operation, call);
  }
}
