package io.rootmfa.operator.workflow;

/**
 * The policy that owns a device or a seed document. Ownership is by {@code namespace/name}, so a
 * policy deleted and re-created from Git keeps what it owned; the uid is recorded for diagnosis
 * only.
 *
 * @param namespace the policy's namespace
 * @param name the policy's name
 * @param uid the policy object's uid when it wrote (may be empty)
 */
public record PolicyRef(String namespace, String name, String uid) {

  /** {@code namespace/name}: the value of the {@code rootmfa.io/policy} tag and of owner checks. */
  public String key() {
    return namespace + "/" + name;
  }

  /** Same namespace and name; the uid does not matter. */
  public boolean isSamePolicy(PolicyRef other) {
    return key().equals(other.key());
  }

  @Override
  public String toString() {
    return key();
  }
}
