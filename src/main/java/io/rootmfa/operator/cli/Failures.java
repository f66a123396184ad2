package io.rootmfa.operator.cli;

import io.rootmfa.operator.aws.AwsFailures;
import io.rootmfa.operator.workflow.Verdict;
import java.util.Optional;

/** One line for a failed AWS call, worded as the operator words it in a condition. */
final class Failures {
  private Failures() {}

  static CliFailure aws(RuntimeException e) {
    if (e instanceof CliFailure f) {
      return f;
    }
    return new CliFailure(
        ExitCodes.AWS,
        AwsFailures.verdict(e, Optional.empty())
            .map(Verdict::message)
            .map(m -> m.replace("Grant it to the operator's role", "Grant it to your role"))
            .map(
                m ->
                    m.replace("; retrying with backoff", "").replace("retrying with backoff: ", ""))
            .orElse("unexpected " + e.getClass().getSimpleName()));
  }
}
