package io.rootmfa.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * One place that sees every AWS call: counts it by operation and outcome ({@code
 * rootmfa_aws_calls_total}), learns AWS's clock from the {@code Date} header, and logs operation,
 * outcome and request id at DEBUG. It never reads request or response bodies, so no seed, code or
 * key can pass through it.
 */
final class AwsCallRecorder implements ExecutionInterceptor {
  private static final Logger LOG = Logger.getLogger(AwsCallRecorder.class);

  private final MeterRegistry meters;
  private final AwsClock clock;
  private final String accountId;

  AwsCallRecorder(MeterRegistry meters, AwsClock clock, String accountId) {
    this.meters = meters;
    this.clock = clock;
    this.accountId = accountId;
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    context.httpResponse().firstMatchingHeader("Date").ifPresent(clock::observe);
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

  private void record(ExecutionAttributes attributes, String outcome, String requestId) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    meters
        .counter(
            "rootmfa.aws.calls",
            "operation",
            String.valueOf(operation),
            "outcome",
            String.valueOf(outcome))
        .increment();
    LOG.debugf(
        "aws call account=%s operation=%s outcome=%s requestId=%s",
        accountId, operation, outcome, requestId);
  }
}
