package io.rootmfa.operator.emulator;

import java.time.Instant;
import java.util.Map;

/**
 * What a person does in the AWS console, as AWS documents it for the root user ("Assign MFA device"
 * → "Authenticator app" → "Show secret key" → two consecutive codes → "Add MFA"), and the sign-in
 * page's MFA check. The console is the only way AWS enables root MFA, so it works whatever the
 * account's root API mode. Its actions are not SDK calls and are not in the call log.
 */
public final class ConsoleWizard {
  private final AwsEmulator emulator;
  private final EmulatedAccount account;

  ConsoleWizard(AwsEmulator emulator, EmulatedAccount account) {
    this.emulator = emulator;
    this.account = account;
  }

  /** Step 5 of the wizard: the console created the device and shows its secret key. */
  public record ShownDevice(String serialNumber, String secretKey) {
    @Override
    public String toString() {
      return "ShownDevice[" + serialNumber + ", secretKey=redacted]";
    }
  }

  /**
   * The person named the device and chose "Authenticator app": the console creates a virtual device
   * at path {@code /} and shows its secret key (the 64-character Base32 seed).
   */
  public ShownDevice showSecretKey(String deviceName) {
    if (!deviceName.matches("[\\w+=,.@-]{1,128}")) {
      throw new IllegalArgumentException("invalid device name");
    }
    synchronized (account) {
      String serial = "arn:aws:iam::" + account.accountId() + ":mfa/" + deviceName;
      if (account.devices.values().stream().anyMatch(d -> d.name().equalsIgnoreCase(deviceName))) {
        throw new IllegalArgumentException("a device with this name exists: " + deviceName);
      }
      String seed = Totp.base32Encode(Ids.bytes(IamHandler.SEED_BYTES));
      VirtualMfaDevice device =
          new VirtualMfaDevice(
              serial, deviceName, "/", seed, QrCodePng.create(), Map.of(), emulator.clock());
      account.devices.put(serial, device);
      emulator.noteIssuedSeed(seed);
      return new ShownDevice(serial, seed);
    }
  }

  /**
   * Step 6: the person typed two consecutive codes and clicked "Add MFA". Accepted as {@code
   * EnableMFADevice} accepts them; the device is then assigned to root.
   *
   * @return false when the console says the codes are not valid
   */
  public boolean addMfa(String serialNumber, String code1, String code2) {
    synchronized (account) {
      VirtualMfaDevice device = account.devices.get(serialNumber);
      if (device == null || device.assignedTo().isPresent()) {
        throw new IllegalArgumentException("no unassigned device " + serialNumber);
      }
      if (code1 == null || code2 == null || !code1.matches("\\d{6}") || !code2.matches("\\d{6}")) {
        return false;
      }
      Instant now = emulator.clock();
      long first = IamHandler.matchingConsecutivePair(device, code1, code2, Totp.step(now));
      if (first == Long.MIN_VALUE) {
        return false;
      }
      if (!device.seedReadBackFromSecretsManager()) {
        account.countEnableBeforeStoredSeed("root");
      }
      device.assign(MfaTarget.root(account.accountId()), now, first + 1);
      emulator.noteAcceptedCodes(code1, code2);
      return true;
    }
  }

  /**
   * The sign-in page's MFA step for root or an IAM user: true when the code is the one of the
   * current 30-second step, or of the step just before or after it, of a device assigned to the
   * target.
   *
   * @param target {@code root} or {@code iamUser/<name>}
   */
  public boolean signIn(String target, String code) {
    if (code == null || !code.matches("\\d{6}")) {
      return false;
    }
    long now = Totp.step(emulator.clock());
    for (VirtualMfaDevice d : account.devicesAssignedTo(target)) {
      for (long k = now - 1; k <= now + 1; k++) {
        if (IamHandler.equal(Totp.codeAtStep(d.seed(), k), code)) {
          return true;
        }
      }
    }
    return false;
  }
}
