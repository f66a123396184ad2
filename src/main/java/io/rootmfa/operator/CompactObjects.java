package io.rootmfa.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import io.rootmfa.operator.reconciler.SharedStrings;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The operator's Kubernetes client reads every object compactly, for the informer caches that hold
 * thousands of policies:
 *
 * <ul>
 *   <li>without {@code metadata.managedFields}: the server-side apply bookkeeping of every writer
 *       (the operator's finalizer and status, the user's apply) that the operator never reads. It
 *       was as large as the rest of a policy, and the operator SDK copies a policy out of its cache
 *       (a JSON round trip) before every reconcile. Writes are unaffected: the operator never sets
 *       managed fields (server-side apply wants them absent);
 *   <li>with one copy of the strings objects repeat ({@link SharedStrings}): namespace, labels,
 *       annotations, finalizers, owner, and each condition's type, status, reason, message and
 *       time. Each watch event deserialises a fresh copy of every string; 5,000 children of an
 *       organization policy held some twenty copies each of the same few dozen strings.
 * </ul>
 *
 * <p>Done at deserialisation rather than in an informer item store, because the operator SDK hands
 * one item store instance to the informers of every watched namespace, and a store shared by two
 * informers loses one namespace's objects whenever the other namespace's informer lists (fabric8
 * drops every cached key its list did not return).
 */
@Singleton
public class CompactObjects implements KubernetesClientObjectMapperCustomizer {
  /**
   * Set on a read that copies an object already read ({@link BufferedCopies}): its strings are
   * already shared, and looking each up again cost a fifth of the copy.
   */
  static final Object COPY = new Object();

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.addMixIn(ObjectMeta.class, WithoutManagedFields.class);
    mapper.registerModule(
        new SimpleModule("rootmfa-compact-objects")
            .setDeserializerModifier(
                new BeanDeserializerModifier() {
                  @Override
                  public JsonDeserializer<?> modifyDeserializer(
                      DeserializationConfig config,
                      BeanDescription description,
                      JsonDeserializer<?> deserializer) {
                    Class<?> type = description.getBeanClass();
                    if (type == ObjectMeta.class) {
                      return new Sharing<ObjectMeta>(
                          deserializer, meta -> SharedStrings.share(meta));
                    }
                    if (type == Condition.class) {
                      return new Sharing<Condition>(deserializer, SharedStrings::share);
                    }
                    return deserializer;
                  }
                }));
  }

  @JsonIgnoreProperties(value = "managedFields", ignoreUnknown = true)
  private interface WithoutManagedFields {}

  /** Reads as the bean's own deserialiser does, then shares the result's repeated strings. */
  private static final class Sharing<T> extends DelegatingDeserializer {
    private final Consumer<T> share;

    Sharing(JsonDeserializer<?> delegate, Consumer<T> share) {
      super(delegate);
      this.share = share;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Sharing<>(delegate, share);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      Object read = super.deserialize(parser, context);
      if (read != null && context.getAttribute(COPY) == null) {
        share.accept((T) read);
      }
      return read;
    }
  }
}
