package io.rootmfa.operator.workflow;

/**
 * A seed secret whose value is not a custody document this operator can read. The message says
 * where and what is wrong, never the value.
 */
public final class MalformedSeedDocument extends RuntimeException {
  public MalformedSeedDocument(String message) {
    super(message);
  }
}
