package io.rootmfa.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapper;
import io.quarkus.kubernetes.client.KubernetesResources;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Kubernetes client's serialization, whose deep copies go through Jackson's token buffer
 * instead of JSON text. The operator SDK copies every policy out of its informer cache before each
 * reconcile ({@link KubernetesSerialization#clone}: written to a String, parsed back), a seventh of
 * a steady check's CPU with the C1 compiler. The buffer keeps the tokens the same mapper writes
 * (same modules, so the same copy: {@link CompactObjects} applies when it is read back) without
 * encoding or decoding characters, and the copy refers to the cached object's strings instead of
 * new ones.
 *
 * <p>It replaces the Quarkus extension's default bean, built the same way otherwise.
 */
@Singleton
public class BufferedCopies {
  @Produces
  @Singleton
  @SuppressWarnings({"rawtypes", "unchecked"}) // the extension's producer takes a raw Class[]
  KubernetesSerialization kubernetesSerialization(
      @KubernetesClientObjectMapper ObjectMapper mapper,
      @KubernetesResources Class[] kubernetesResources) {
    KubernetesSerialization serialization = new Serialization(mapper);
    for (Class resource : kubernetesResources) {
      serialization.registerKubernetesResource((Class<? extends KubernetesResource>) resource);
    }
    return serialization;
  }

  /** The fabric8 serialization with {@link #clone} through a token buffer. */
  static final class Serialization extends KubernetesSerialization {
    private final ObjectMapper mapper;

    Serialization(ObjectMapper mapper) {
      super(mapper, false);
      this.mapper = mapper;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T clone(T resource) {
      try (TokenBuffer buffer = new TokenBuffer(mapper, false)) {
        mapper.writeValue(buffer, resource);
        // The copy's strings are the cached object's own, already shared: not looked up again.
        return (T)
            mapper
                .readerFor(resource.getClass())
                .withAttribute(CompactObjects.COPY, Boolean.TRUE)
                .readValue(buffer.asParser());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
