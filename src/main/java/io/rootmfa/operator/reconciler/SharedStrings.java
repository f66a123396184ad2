package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One copy of each string that thousands of cached policies repeat: namespace, label and annotation
 * keys and values, owner, finalizer, and the type, status, reason and message of each condition
 * ("no enrollment in flight", "not stalled", ...). Each watch event deserializes a fresh copy of
 * every string in a policy; kept as it came, 5,000 children of an organization policy hold some
 * twenty copies per child of the same few dozen strings. The JVM's string table keeps one (and lets
 * it go when no policy refers to it any more).
 */
public final class SharedStrings {
  private SharedStrings() {}

  public static @Nullable String of(@Nullable String value) {
    return value == null ? null : value.intern();
  }

  /** The metadata's repeated strings, shared in place (not the resource version). */
  public static void share(@Nullable ObjectMeta meta) {
    if (meta == null) {
      return;
    }
    meta.setName(of(meta.getName()));
    meta.setNamespace(of(meta.getNamespace()));
    meta.setUid(of(meta.getUid()));
    meta.setCreationTimestamp(of(meta.getCreationTimestamp()));
    meta.setLabels(shared(meta.getLabels()));
    meta.setAnnotations(shared(meta.getAnnotations()));
    if (meta.getFinalizers() != null) {
      meta.setFinalizers(meta.getFinalizers().stream().map(SharedStrings::of).toList());
    }
    if (meta.getOwnerReferences() != null) {
      for (OwnerReference owner : meta.getOwnerReferences()) {
        owner.setApiVersion(of(owner.getApiVersion()));
        owner.setKind(of(owner.getKind()));
        owner.setName(of(owner.getName()));
        owner.setUid(of(owner.getUid()));
      }
    }
  }

  /** The condition's type, status, reason, message and transition time, shared in place. */
  public static void share(Condition condition) {
    condition.setType(of(condition.getType()));
    condition.setStatus(of(condition.getStatus()));
    condition.setReason(of(condition.getReason()));
    condition.setMessage(of(condition.getMessage()));
    condition.setLastTransitionTime(of(condition.getLastTransitionTime()));
  }

  /** A copy of {@code map} whose keys and values are shared. */
  private static @Nullable Map<String, String> shared(@Nullable Map<String, String> map) {
    if (map == null) {
      return null;
    }
    Map<String, String> copy = new LinkedHashMap<>(Math.max(2, map.size() * 2));
    map.forEach((k, v) -> copy.put(of(k), of(v)));
    return copy;
  }
}
