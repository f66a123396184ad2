package io.rootmfa.operator.emulator;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One version of a secret. Stage labels change under the owning account's lock. {@link #toString()}
 * never shows the value.
 */
public final class SecretVersion {

  private final String versionId;
  private final String secretString;
  private final byte[] secretBinary;
  private final Instant createdDate;
  private final Set<String> stages = new LinkedHashSet<>();
  private final SeedRecord seedRecord;

  SecretVersion(String versionId, String secretString, byte[] secretBinary, Instant createdDate) {
    this.versionId = versionId;
    this.secretString = secretString;
    this.secretBinary = secretBinary == null ? null : secretBinary.clone();
    this.createdDate = createdDate;
    this.seedRecord = SeedRecord.parse(secretString);
  }

  /** The version id (the {@code ClientRequestToken} that created it). */
  public String versionId() {
    return versionId;
  }

  /** When the version was created. */
  public Instant createdDate() {
    return createdDate;
  }

  /** A snapshot of the stage labels. */
  public synchronized Set<String> stages() {
    return Set.copyOf(stages);
  }

  /** The secret string, for test assertions only. Never print it. */
  public String secretStringForAssertions() {
    return secretString;
  }

  /** The secret binary (copy), for test assertions only. Never print it. */
  public byte[] secretBinaryForAssertions() {
    return secretBinary == null ? null : secretBinary.clone();
  }

  String secretString() {
    return secretString;
  }

  byte[] secretBinary() {
    return secretBinary;
  }

  /** The operator's seed record in this value, or {@code null} if the value is not one. */
  SeedRecord seedRecord() {
    return seedRecord;
  }

  /**
   * Whether this value is the operator's custody document of {@code device}: its serial and its
   * seed (compared here, never returned).
   */
  public boolean holdsSeedOf(VirtualMfaDevice device) {
    return seedRecord != null
        && device.serialNumber().equals(seedRecord.deviceSerial())
        && device.seed().equals(seedRecord.seed());
  }

  boolean sameValue(String string, byte[] binary) {
    return Objects.equals(secretString, string) && Arrays.equals(secretBinary, binary);
  }

  synchronized boolean hasStage(String stage) {
    return stages.contains(stage);
  }

  synchronized void addStage(String stage) {
    stages.add(stage);
  }

  synchronized void removeStage(String stage) {
    stages.remove(stage);
  }

  @Override
  public String toString() {
    return "SecretVersion[" + versionId + ", stages=" + stages() + "]";
  }
}
