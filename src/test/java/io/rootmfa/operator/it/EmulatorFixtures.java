package io.rootmfa.operator.it;

import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatorClients;
import io.rootmfa.operator.emulator.Totp;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * Account states set up the way a person would, through the AWS API, as a separate fixture user.
 */
public final class EmulatorFixtures {
  private EmulatorFixtures() {}

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
