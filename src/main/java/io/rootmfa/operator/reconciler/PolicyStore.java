package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;

/**
 * The informer's cache of policies, kept without {@code metadata.managedFields}: the server-side
 * apply bookkeeping of every writer (the operator's finalizer and status, the user's apply) that
 * the operator never reads. It was as large as the rest of a policy, and the operator SDK copies a
 * policy from this cache (a JSON round trip) before every reconcile; every check paid for it. The
 * strings that policies repeat (namespace, labels, owner, conditions) are kept once ({@link
 * SharedStrings}).
 */
public class PolicyStore extends BasicItemStore<RootMfaPolicy> {
  public PolicyStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public RootMfaPolicy put(String key, RootMfaPolicy policy) {
    if (policy.getMetadata() != null) {
      policy.getMetadata().setManagedFields(null);
    }
    SharedStrings.share(policy.getMetadata());
    if (policy.getSpec() != null) {
      policy.getSpec().setAccountId(SharedStrings.of(policy.getSpec().getAccountId()));
      policy.getSpec().setRegion(SharedStrings.of(policy.getSpec().getRegion()));
      policy.getSpec().setCheckInterval(SharedStrings.of(policy.getSpec().getCheckInterval()));
    }
    if (policy.getStatus() != null) {
      SharedStrings.share(policy.getStatus().getConditions());
      policy.getStatus().setTarget(SharedStrings.of(policy.getStatus().getTarget()));
      policy.getStatus().setLastCheckedAt(SharedStrings.of(policy.getStatus().getLastCheckedAt()));
    }
    return super.put(key, policy);
  }
}
