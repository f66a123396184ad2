package io.rootmfa.operator.workflow;

import java.util.Optional;

/**
 * The port through which the enrollment reaches one seed secret: read the current document, write a
 * new version, read a version back. Implemented by {@code aws.SeedVault}; tests implement it in
 * memory. The ownership rule ({@link Custody}) is applied by the caller, never by the store.
 */
public interface SeedCustody {

  /** The document in the secret's current version, if the secret exists. */
  Optional<StoredSeed> readCurrent();

  /** One version, read back: the proof that a written seed is durable. */
  StoredSeed readVersion(String versionId);

  /**
   * Writes the document as the secret's new current version: {@code CreateSecret} when {@code
   * secretExists} is false, else {@code PutSecretValue}, idempotent for the same device and
   * enrollment.
   *
   * @return the stored version, or {@link SecretExists} when CreateSecret found the secret created
   *     by someone else since it was read (nothing was written)
   */
  WriteOutcome write(SeedDocument document, boolean secretExists) throws InterruptedException;

  /** What a write did. */
  sealed interface WriteOutcome {}

  /** Written: the secret and its new version. */
  record Stored(String secretArn, String versionId) implements WriteOutcome {}

  /** CreateSecret found the secret already there; nothing was written. */
  record SecretExists() implements WriteOutcome {}
}
