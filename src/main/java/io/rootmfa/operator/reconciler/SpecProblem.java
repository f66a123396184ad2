package io.rootmfa.operator.reconciler;

/**
 * Something in the spec that admission could not check is wrong: a missing Secret, key, user. Not
 * retried fast.
 */
final class SpecProblem extends RuntimeException {
  SpecProblem(String message) {
    super(message);
  }
}
