package io.rootmfa.operator.it;

import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatorClients;
import io.rootmfa.operator.emulator.Totp;
import io.rootmfa.operator.workflow.CustodyAccount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * Account states set up the way a person would, through the AWS API, as a separate fixture user.
 */
public final class EmulatorFixtures {
  private EmulatorFixtures() {}

  /** The alias of the customer-managed key of the seeds in a {@link #custodyAccount}. */
  public static final String CUSTODY_KEY_ALIAS = "alias/rootmfa-seed";

  /**
   * The key policy of a custody account's seeds: its administrators manage the key but do not use
   * it; the custodian and the break-glass reader use it only through Secrets Manager.
   */
  private static final String CUSTODY_KEY_POLICY =
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AdministerButNotUse", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::%1$s:root"},
         "Action": ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:EnableKey"], "Resource": "*"},
        {"Sid": "CustodianThroughSecretsManager", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::%1$s:root"},
         "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
         "Condition": {"ArnEquals": {"aws:PrincipalArn": "%2$s"},
                       "StringLike": {"kms:ViaService": "secretsmanager.*.amazonaws.com"}}},
        {"Sid": "ReaderThroughSecretsManager", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::%1$s:root"},
         "Action": "kms:Decrypt", "Resource": "*",
         "Condition": {"ArnEquals": {"aws:PrincipalArn": "%3$s"},
                       "StringLike": {"kms:ViaService": "secretsmanager.*.amazonaws.com"}}}
      ]}""";

  /**
   * A custody account as the platform team sets it up (docs/design.md §3.5): the custodian role
   * {@code RootMfaSeedCustodian} trusting {@code operatorPrincipalArn} (with {@code externalId} if
   * given), the break-glass reader role {@code RootMfaBreakGlass} trusting the account's user
   * {@code security}, and the customer-managed key {@value #CUSTODY_KEY_ALIAS}. Returns the account
   * as the operator is configured for it, requiring that key.
   */
  public static CustodyAccount custodyAccount(
      AwsEmulator aws, String accountId, String operatorPrincipalArn, Optional<String> externalId) {
    EmulatedAccount custody = aws.createAccount(accountId);
    custody.createRole(
        "RootMfaSeedCustodian", externalId.orElse(null), Set.of(operatorPrincipalArn));
    custody.createUser("security");
    custody.createRole(
        "RootMfaBreakGlass", null, Set.of("arn:aws:iam::" + accountId + ":user/security"));
    String custodian = "arn:aws:iam::" + accountId + ":role/RootMfaSeedCustodian";
    String reader = "arn:aws:iam::" + accountId + ":role/RootMfaBreakGlass";
    aws.createKmsKey(
        accountId,
        "0f0e0d0c-1111-2222-3333-" + accountId,
        CUSTODY_KEY_ALIAS,
        CUSTODY_KEY_POLICY.formatted(accountId, custodian, reader));
    return new CustodyAccount(
        accountId, custodian, externalId, reader, Optional.of(CUSTODY_KEY_ALIAS), true, List.of());
  }

  /**
   * Creates and enables a virtual device for root (the emulator must allow root API enrollment).
   */
  public static String enableRootMfa(AwsEmulator aws, EmulatedAccount account) {
    account.createUser("fixture-admin");
    AccessKey key = account.createAccessKey("fixture-admin");
    return enableVirtualMfa(aws, key, Optional.empty(), "console-root");
  }

  /**
   * Creates a virtual device at path {@code /} and enables it for the IAM user, or for root when no
   * user is named, as a person with {@code key} would; returns its serial.
   */
  static String enableVirtualMfa(
      AwsEmulator aws, AccessKey key, Optional<String> userName, String deviceName) {
    try (IamClient iam = EmulatorClients.iam(aws, key)) {
      VirtualMFADevice d =
          iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(deviceName).path("/"))
              .virtualMFADevice();
      String seed = new String(d.base32StringSeed().asByteArray(), StandardCharsets.US_ASCII);
      long step = Totp.step(aws.clock());
      iam.enableMFADevice(
          b -> {
            userName.ifPresent(b::userName);
            b.serialNumber(d.serialNumber())
                .authenticationCode1(Totp.codeAtStep(seed, step - 1))
                .authenticationCode2(Totp.codeAtStep(seed, step));
          });
      return d.serialNumber();
    }
  }
}
