package io.rootmfa.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import lombok.extern.jbosslog.JBossLog;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * One place that sees every AWS call of the shared clients: counts it by operation and outcome
 * ({@code rootmfa_aws_calls_total}), teaches the calling session's {@link AwsClock} AWS's time from
 * the {@code Date} header, and logs account, operation, outcome and request id at DEBUG. The
 * session travels with each request as execution attributes ({@link #ACCOUNT}, {@link #CLOCK}); a
 * call without them is the operator's own (AssumeRole). It never reads request or response bodies,
 * so no seed, code or key can pass through it.
 */
@JBossLog
final class AwsCallRecorder implements ExecutionInterceptor {

  /** The account a request acts in. */
  static final ExecutionAttribute<String> ACCOUNT = new ExecutionAttribute<>("rootmfa.account");

  /** The clock of the session that sent a request. */
  static final ExecutionAttribute<AwsClock> CLOCK = new ExecutionAttribute<>("rootmfa.aws-clock");

  private final MeterRegistry meters;

  /**
   * The counter of each operation and outcome, looked up in the registry once: a registry look-up
   * builds and sorts the meter's tags on every call.
   */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  AwsCallRecorder(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    AwsClock clock = attributes.getAttribute(CLOCK);
    if (clock != null) {
      context.httpResponse().firstMatchingHeader("Date").ifPresent(clock::observe);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(
        attributes,
        "OK",
        context.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null));
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable e = context.exception();
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      record(attributes, ase.awsErrorDetails().errorCode(), ase.requestId());
    } else {
      record(attributes, "ClientError", null);
    }
  }

  private void record(ExecutionAttributes attributes, String outcome, @Nullable String requestId) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counters
        .computeIfAbsent(
            operation + "/" + outcome,
            k ->
                meters.counter(
                    "rootmfa.aws.calls",
                    "operation",
                    String.valueOf(operation),
                    "outcome",
                    String.valueOf(outcome)))
        .increment();
    LOG.debugf(
        "aws call account=%s operation=%s outcome=%s requestId=%s",
        Objects.requireNonNullElse(attributes.getAttribute(ACCOUNT), "operator"),
        operation,
        outcome,
        requestId);
  }
}
