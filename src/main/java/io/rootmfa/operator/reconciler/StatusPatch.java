package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.function.Supplier;

/** The status write that ends a reconcile, for both kinds of policy. */
public final class StatusPatch {
  private StatusPatch() {}

  /**
   * No write when {@code next} equals the status observed; otherwise a patch of the status alone,
   * built on a fresh object that carries only the resource's name and namespace, so nothing else of
   * the observed object is written back. Either way the resource is reconciled again after {@code
   * again}.
   */
  public static <S, R extends CustomResource<?, S>> UpdateControl<R> of(
      R observed, S next, Supplier<R> fresh, Duration again) {
    if (next.equals(observed.getStatus())) {
      return UpdateControl.<R>noUpdate().rescheduleAfter(again);
    }
    R patch = fresh.get();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(observed.getMetadata().getName())
            .withNamespace(observed.getMetadata().getNamespace())
            .build());
    patch.setStatus(next);
    return UpdateControl.patchStatus(patch).rescheduleAfter(again);
  }
}
