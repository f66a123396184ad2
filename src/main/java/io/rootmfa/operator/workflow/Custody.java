package io.rootmfa.operator.workflow;

import java.util.Optional;

/**
 * The ownership rule of seed secrets: may this policy write a new version over what the secret
 * holds now? Pure, so a CLI can apply the same rule. A policy may write only when the secret is
 * absent, or holds its own document (owner = this policy's namespace/name) for the same account and
 * target whose device is not enabled. A v1 document (written before documents named an owner) for
 * the same account and target may be adopted by a policy for that target. Anything else is another
 * device's custody and is never overwritten.
 */
public final class Custody {

  private Custody() {}

  /** The answer of {@link #judge}. */
  public sealed interface Judgement {
    /** True when this policy may write. */
    default boolean mayWrite() {
      return !(this instanceof Foreign);
    }
  }

  /** The secret holds no document. */
  public record Free() implements Judgement {}

  /** The document is this policy's (or an adoptable v1 one) and its device is not enabled. */
  public record Ours() implements Judgement {}

  /** The document is another policy's, another target's, or the custody of an enabled device. */
  public record Foreign(String why) implements Judgement {}

  /**
   * @param current what the secret holds now
   * @param self the policy that wants to write
   * @param accountId the policy's account
   * @param target the policy's target
   * @param documentDeviceEnabled whether the device the current document names is enabled now
   */
  public static Judgement judge(
      Optional<SeedDocument> current,
      PolicyRef self,
      String accountId,
      TargetRef target,
      boolean documentDeviceEnabled) {
    if (current.isEmpty()) {
      return new Free();
    }
    SeedDocument d = current.get();
    String holder =
        "it holds the seed of "
            + d.target()
            + " device "
            + d.deviceSerial().orElse("(pending)")
            + " in account "
            + d.accountId()
            + d.owner().map(o -> " for policy " + o.key()).orElse(" (format v1)");
    if (!d.accountId().equals(accountId) || !d.target().equals(target.describe())) {
      return new Foreign(holder + ", another target");
    }
    if (d.owner().isPresent() && !d.owner().get().isSamePolicy(self)) {
      return new Foreign(holder + ", another policy");
    }
    if (documentDeviceEnabled) {
      return new Foreign(holder + ", which is enabled");
    }
    return new Ours();
  }
}
