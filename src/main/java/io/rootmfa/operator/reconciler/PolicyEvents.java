package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on a policy. Callers pass only serials, ARNs, reasons and AWS error
 * codes; an Event failing to be written is logged and never fails the reconcile.
 */
public class PolicyEvents {
  private static final Logger LOG = Logger.getLogger(PolicyEvents.class);
  static final String COMPONENT = "rootmfa-operator";

  private final KubernetesClient client;
  private final Clock clock;

  public PolicyEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** The Events of one policy, as the enrollment records them. */
  EnrollmentRunner.EventSink on(RootMfaPolicy policy) {
    return new EnrollmentRunner.EventSink() {
      @Override
      public void normal(String reason, String message) {
        PolicyEvents.this.normal(policy, reason, message);
      }

      @Override
      public void warning(String reason, String message) {
        PolicyEvents.this.warning(policy, reason, message);
      }
    };
  }

  public void normal(RootMfaPolicy policy, String reason, String message) {
    record(policy, "Normal", reason, message);
  }

  void warning(RootMfaPolicy policy, String reason, String message) {
    record(policy, "Warning", reason, message);
  }

  private void record(RootMfaPolicy policy, String type, String reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var meta = policy.getMetadata();
    LOG.infof(
        "event policy=%s/%s type=%s reason=%s message=%s",
        meta.getNamespace(), meta.getName(), type, reason, message);
    try {
      client
          .v1()
          .events()
          .inNamespace(meta.getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(meta.getName() + ".")
                  .withNamespace(meta.getNamespace())
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(policy.getApiVersion())
                          .withKind(policy.getKind())
                          .withName(meta.getName())
                          .withNamespace(meta.getNamespace())
                          .withUid(meta.getUid())
                          .withResourceVersion(meta.getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(truncate(message))
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "could not record event %s on %s/%s: HTTP %d",
          reason, meta.getNamespace(), meta.getName(), e.getCode());
    }
  }

  private static String truncate(String m) {
    return m.length() > 1024 ? m.substring(0, 1021) + "..." : m;
  }
}
