package io.rootmfa.operator.it;

import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.EmulatorClients;
import io.rootmfa.operator.emulator.Totp;
import java.nio.charset.StandardCharsets;
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
    try (IamClient iam = EmulatorClients.iam(aws, key)) {
      VirtualMFADevice d =
          iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("console-root").path("/"))
              .virtualMFADevice();
      String seed = new String(d.base32StringSeed().asByteArray(), StandardCharsets.US_ASCII);
      long step = Totp.step(aws.clock());
      iam.enableMFADevice(
          b ->
              b.serialNumber(d.serialNumber())
                  .authenticationCode1(Totp.codeAtStep(seed, step - 1))
                  .authenticationCode2(Totp.codeAtStep(seed, step)));
      return d.serialNumber();
    }
  }
}
