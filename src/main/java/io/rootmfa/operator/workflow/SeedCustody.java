package io.rootmfa.operator.workflow;

import java.util.Map;
import java.util.Optional;

/**
 * The port through which the enrollment reaches one seed secret: read the current document, write a
 * new version, read a version back. Implemented by {@code aws.SeedVault}; tests implement it in
 * memory. The ownership rule ({@link Custody}) is applied by the caller, never by the store.
 */
public interface SeedCustody {

  /**
   * What the secret holds now. An implementation that never creates a secret without its value may
   * report a secret without one as {@link Absent}.
   */
  Contents observe();

  /** The document in the secret's current version, if the secret exists and has one. */
  default Optional<StoredSeed> readCurrent() {
    return observe() instanceof Holds holds ? Optional.of(holds.seed()) : Optional.empty();
  }

  /** One version, read back: the proof that a written seed is durable. */
  StoredSeed readVersion(String versionId);

  /**
   * Writes the document as the secret's new current version: {@code CreateSecret} when {@code
   * secretExists} is false, else {@code PutSecretValue}, idempotent for the same device and
   * enrollment. A secret kept with a resource policy is created without a value, given its policy,
   * and only then given its value; a write interrupted in between leaves an {@link Unwritten}
   * secret, which the next write continues.
   *
   * @return the stored version, or {@link SecretExists} when CreateSecret found the secret created
   *     by someone else since it was read (nothing was written)
   */
  WriteOutcome write(SeedDocument document, boolean secretExists) throws InterruptedException;

  /** What a seed secret holds. */
  sealed interface Contents {}

  /** There is no such secret. */
  record Absent() implements Contents {}

  /**
   * The secret exists without a value: created (with its tags, key and resource policy) by a write
   * that did not finish, or by someone else. {@link Custody#judgeUnwritten} says whose it is.
   *
   * @param tags the secret's tags
   */
  record Unwritten(Map<String, String> tags) implements Contents {}

  /** The secret's current version holds this document. */
  record Holds(StoredSeed seed) implements Contents {}

  /** What a write did. */
  sealed interface WriteOutcome {}

  /** Written: the secret and its new version. */
  record Stored(String secretArn, String versionId) implements WriteOutcome {}

  /** CreateSecret found the secret already there; nothing was written. */
  record SecretExists() implements WriteOutcome {}
}
