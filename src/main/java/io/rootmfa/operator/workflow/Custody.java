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

  /** The tag naming the account whose seed a secret holds (put by the operator on create). */
  public static final String ACCOUNT_TAG = "rootmfa.io/account";

  /** The tag naming the target whose seed a secret holds. */
  public static final String TARGET_TAG = "rootmfa.io/target";

  /** The tag every secret the operator creates carries. */
  public static final String MANAGED_BY_TAG = "rootmfa.io/managed-by";

  public static final String MANAGED_BY = "rootmfa-operator";

  /**
   * May this policy give a value to a secret that exists without one? Only when the operator
   * created it for this account and target (its tags say so): a write that created the secret and
   * was interrupted before its policy or value. A secret without a value holds no seed, so
   * continuing never overwrites custody; anything else is left alone.
   *
   * @param tags the secret's tags
   * @param accountId the policy's account
   * @param target the policy's target
   */
  public static Judgement judgeUnwritten(
      java.util.Map<String, String> tags, String accountId, TargetRef target) {
    boolean ours =
        MANAGED_BY.equals(tags.get(MANAGED_BY_TAG))
            && accountId.equals(tags.get(ACCOUNT_TAG))
            && target.describe().equals(tags.get(TARGET_TAG));
    return ours
        ? new Ours()
        : new Foreign(
            "it exists without a value and was not created by the operator for "
                + target.describe()
                + " in account "
                + accountId
                + " (its tags say "
                + tags.getOrDefault(TARGET_TAG, "no target")
                + " in "
                + tags.getOrDefault(ACCOUNT_TAG, "no account")
                + ")");
  }
}
