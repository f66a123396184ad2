package io.rootmfa.operator.emulator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A virtual MFA device in an emulated account. Mutated only under the owning account's lock; fields
 * read by tests are volatile. {@link #toString()} never contains the seed.
 */
public final class VirtualMfaDevice {

  private final String serialNumber;
  private final String name;
  private final String path;
  private final String seed;
  private final byte[] qrCodePng;
  private final Map<String, String> tags;
  private final Instant createDate;
  private volatile MfaTarget assignedTo;
  private volatile Instant enableDate;
  private volatile long lastAcceptedStep = Long.MIN_VALUE;
  private volatile boolean seedReadBack;

  VirtualMfaDevice(
      String serialNumber,
      String name,
      String path,
      String seed,
      byte[] qrCodePng,
      Map<String, String> tags,
      Instant createDate) {
    this.serialNumber = serialNumber;
    this.name = name;
    this.path = path;
    this.seed = seed;
    this.qrCodePng = qrCodePng.clone();
    this.tags = Map.copyOf(tags);
    this.createDate = createDate;
  }

  /** {@code arn:aws:iam::<acct>:mfa<path><name>}. */
  public String serialNumber() {
    return serialNumber;
  }

  /** The device name. */
  public String name() {
    return name;
  }

  /** The device path, e.g. {@code /rootmfa/}. */
  public String path() {
    return path;
  }

  /** Tags given at creation. */
  public Map<String, String> tags() {
    return tags;
  }

  /** When the device was created. */
  public Instant createDate() {
    return createDate;
  }

  /** Whom the device is assigned to, if anyone. */
  public Optional<MfaTarget> assignedTo() {
    return Optional.ofNullable(assignedTo);
  }

  /** When the device was enabled (assigned), if it is. */
  public Optional<Instant> enableDate() {
    return Optional.ofNullable(enableDate);
  }

  /**
   * The Base32 seed, for test assertions and for computing codes with {@link Totp}. Never print it.
   */
  public String seedForAssertions() {
    return seed;
  }

  /** The QR code PNG (a copy) returned at creation, for test assertions only. */
  public byte[] qrCodePngForAssertions() {
    return qrCodePng.clone();
  }

  /** True once a {@code GetSecretValue} returned a secret value holding this device's seed. */
  public boolean seedReadBackFromSecretsManager() {
    return seedReadBack;
  }

  String seed() {
    return seed;
  }

  void markSeedReadBack() {
    seedReadBack = true;
  }

  long lastAcceptedStep() {
    return lastAcceptedStep;
  }

  void assign(MfaTarget target, Instant at, long lastStep) {
    this.assignedTo = target;
    this.enableDate = at;
    this.lastAcceptedStep = lastStep;
  }

  void unassign() {
    this.assignedTo = null;
    this.enableDate = null;
  }

  @Override
  public String toString() {
    return "VirtualMfaDevice["
        + serialNumber
        + ", assignedTo="
        + (assignedTo == null ? "-" : assignedTo.arn())
        + "]";
  }
}
