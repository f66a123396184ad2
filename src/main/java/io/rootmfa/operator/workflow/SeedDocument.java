package io.rootmfa.operator.workflow;

import java.time.Instant;
import java.util.Optional;

/**
 * The custody document: the JSON value of a seed secret, as {@link SeedDocumentCodec} reads and
 * writes it. Format {@code rootmfa.io/seed/v2} names its owner and its state; format {@code
 * rootmfa.io/seed/v1} (written before ownership existed) has neither and reads as {@code complete}
 * with no owner. {@link #toString()} never shows the seed.
 *
 * @param accountId the account of the device
 * @param target {@code root} or {@code iamUser/<name>}
 * @param deviceSerial the device the seed opens; absent only while {@code pending}
 * @param enrollmentId the enrollment that created the device (its {@code rootmfa.io/enrollment-id}
 *     tag)
 * @param seed the Base32 seed
 * @param createdAt when the document was written
 * @param owner the policy that wrote it; absent for v1
 * @param state {@code pending} (a console-assisted enrollment wrote the seed before AWS named the
 *     device) or {@code complete}
 */
public record SeedDocument(
    String accountId,
    String target,
    Optional<String> deviceSerial,
    String enrollmentId,
    Seed seed,
    Instant createdAt,
    Optional<PolicyRef> owner,
    State state) {

  /** Whether the device of the document is known yet. */
  public enum State {
    pending,
    complete
  }

  public SeedDocument {
    if (state == State.complete && deviceSerial.isEmpty()) {
      throw new IllegalArgumentException("a complete seed document names its device");
    }
  }

  /** The v2 document an enrollment writes for a device it just created. */
  public static SeedDocument complete(
      String accountId, TargetRef target, FreshDevice device, PolicyRef owner, Instant now) {
    return new SeedDocument(
        accountId,
        target.describe(),
        Optional.of(device.serialNumber()),
        device.enrollmentId(),
        device.seed(),
        now,
        Optional.of(owner),
        State.complete);
  }

  /** True when the document is the complete custody of that device serial. */
  public boolean names(String serialNumber) {
    return state == State.complete && deviceSerial.equals(Optional.of(serialNumber));
  }

  @Override
  public String toString() {
    return "SeedDocument["
        + accountId
        + ", "
        + target
        + ", "
        + deviceSerial.orElse("-")
        + ", "
        + owner.map(PolicyRef::key).orElse("v1")
        + ", "
        + state
        + "]";
  }
}
