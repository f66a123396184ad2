package io.rootmfa.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The operator's Kubernetes client reads every object without {@code metadata.managedFields}: the
 * server-side apply bookkeeping of every writer (the operator's finalizer and status, the user's
 * apply) that the operator never reads. It was as large as the rest of a policy, every informer
 * cache held it, and the operator SDK copies a policy out of its cache (a JSON round trip) before
 * every reconcile. Writes are unaffected: the operator never sets managed fields (server-side apply
 * wants them absent).
 *
 * <p>Done at deserialisation rather than in an informer item store, because the operator SDK hands
 * one item store instance to the informers of every watched namespace, and a store shared by two
 * informers loses one namespace's objects whenever the other namespace's informer lists (fabric8
 * drops every cached key its list did not return).
 */
@Singleton
public class WithoutManagedFields implements KubernetesClientObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    mapper.addMixIn(ObjectMeta.class, Mixin.class);
  }

  @JsonIgnoreProperties(value = "managedFields", ignoreUnknown = true)
  private interface Mixin {}
}
