package io.rootmfa.operator.aws;

import io.rootmfa.operator.workflow.RootCredentialRemoval;
import io.rootmfa.operator.workflow.RootCredentials;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.SigningCertificate;

/**
 * The member account's root user as a root session ({@code sts:AssumeRoot}) sees it. Every request
 * names no user, so IAM applies it to root. The reads are exactly the actions both
 * IAMAuditRootUserCredentials and IAMDeleteRootUserCredentials allow; the deletes are those of
 * {@link RootCredentialRemoval.Step}. Nothing here deactivates or deletes an MFA device.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public final class RootUserIam {
  private final String accountId;
  private final IamClient iam;

  /**
   * {@code GetLoginProfile}, {@code ListAccessKeys}, {@code ListSigningCertificates}, {@code
   * ListMFADevices}.
   */
  public RootCredentials credentials() {
    boolean password = loginProfilePresent();
    List<String> keys =
        ids(
            "ListAccessKeys",
            iam.listAccessKeysPaginator().accessKeyMetadata(),
            AccessKeyMetadata::accessKeyId);
    List<String> certificates =
        ids(
            "ListSigningCertificates",
            iam.listSigningCertificatesPaginator().certificates(),
            SigningCertificate::certificateId);
    List<String> mfa =
        ids("ListMFADevices", iam.listMFADevicesPaginator().mfaDevices(), MFADevice::serialNumber);
    return new RootCredentials(password, keys, certificates, mfa);
  }

  private boolean loginProfilePresent() {
    try {
      call("GetLoginProfile", () -> iam.getLoginProfile(r -> {}));
      return true;
    } catch (AwsCallException e) {
      if (AwsFailures.isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Deletes one credential. One that is already gone (a retry after a crash) counts as deleted. */
  public void delete(RootCredentialRemoval.Step step) {
    String operation = step.action().substring("iam:".length());
    try {
      call(
          operation,
          () -> {
            if (step instanceof RootCredentialRemoval.DeleteLoginProfile) {
              return iam.deleteLoginProfile(r -> {});
            }
            if (step instanceof RootCredentialRemoval.DeleteAccessKey key) {
              return iam.deleteAccessKey(r -> r.accessKeyId(key.accessKeyId()));
            }
            RootCredentialRemoval.DeleteSigningCertificate certificate =
                (RootCredentialRemoval.DeleteSigningCertificate) step;
            return iam.deleteSigningCertificate(r -> r.certificateId(certificate.certificateId()));
          });
    } catch (AwsCallException e) {
      if (!AwsFailures.isNotFound(e)) {
        throw e;
      }
    }
  }

  /**
   * Every page of a listing, as ids. A paginator calls AWS only when iterated, so each page is read
   * inside {@link #call}.
   */
  private <T> List<String> ids(String operation, SdkIterable<T> items, Function<T, String> id) {
    return call(operation, () -> items.stream().map(id).toList());
  }

  private <T> T call(String operation, Supplier<T> call) {
    return AwsCallException.wrap(accountId, operation, call);
  }
}
