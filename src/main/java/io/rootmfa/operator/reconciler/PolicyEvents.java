package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lombok.extern.jbosslog.JBossLog;

/**
 * Records Kubernetes Events on a policy. Callers pass only serials, ARNs, reasons and AWS error
 * codes; an Event failing to be written is logged and never fails the reconcile.
 *
 * <p>The Events of an enrollment ({@link #batch}) are written by {@code writer} while the
 * enrollment goes on with AWS, off the reconcile thread's path, and awaited before its status is
 * written: whoever sees the status sees its Events, as when they were written in line.
 */
@JBossLog
public class PolicyEvents {
  static final String COMPONENT = "rootmfa-operator";

  /** How long a reconcile waits for its Events before it writes its status anyway. */
  private static final long AWAIT_SECONDS = 30;

  private final KubernetesClient client;
  private final Clock clock;
  private final Executor writer;

  /** Events written in line, by the caller's thread (the CLI). */
  public PolicyEvents(KubernetesClient client, Clock clock) {
    this(client, clock, Runnable::run);
  }

  /** The Events of an enrollment written by {@code writer}; all others in line. */
  PolicyEvents(KubernetesClient client, Clock clock, Executor writer) {
    this.client = client;
    this.clock = clock;
    this.writer = writer;
  }

  /** The Events of one policy's enrollment, written in the background until awaited. */
  Batch batch(RootMfaPolicy policy) {
    return new Batch(policy);
  }

  /**
   * The Events of one enrollment: each is logged at once and written by the writer; {@link
   * #awaitWritten} waits for all of them (at most {@value #AWAIT_SECONDS} s; one not written by
   * then is logged, as a failed write is).
   */
  final class Batch implements EnrollmentRunner.EventSink {
    private final RootMfaPolicy policy;
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();

    private Batch(RootMfaPolicy policy) {
      this.policy = policy;
    }

    @Override
    public void normal(String reason, String message) {
      submit("Normal", reason, message);
    }

    @Override
    public void warning(String reason, String message) {
      submit("Warning", reason, message);
    }

    private void submit(String type, String reason, String message) {
      log(policy, type, reason, message);
      pending.add(CompletableFuture.runAsync(() -> write(policy, type, reason, message), writer));
    }

    void awaitWritten() throws InterruptedException {
      try {
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
            .get(AWAIT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        var meta = policy.getMetadata();
        LOG.warnf(
            "events on %s/%s not all written: %s",
            meta.getNamespace(), meta.getName(), e.getClass().getSimpleName());
      }
    }
  }

  public void normal(RootMfaPolicy policy, String reason, String message) {
    record(policy, "Normal", reason, message);
  }

  void warning(RootMfaPolicy policy, String reason, String message) {
    record(policy, "Warning", reason, message);
  }

  private void record(RootMfaPolicy policy, String type, String reason, String message) {
    log(policy, type, reason, message);
    write(policy, type, reason, message);
  }

  private static void log(RootMfaPolicy policy, String type, String reason, String message) {
    var meta = policy.getMetadata();
    LOG.infof(
        "event policy=%s/%s type=%s reason=%s message=%s",
        meta.getNamespace(), meta.getName(), type, reason, message);
  }

  private void write(RootMfaPolicy policy, String type, String reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var meta = policy.getMetadata();
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
