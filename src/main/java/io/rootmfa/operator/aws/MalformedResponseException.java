package io.rootmfa.operator.aws;

/** AWS answered 200 with a response that lacks what the call exists for. Never quotes it. */
public final class MalformedResponseException extends RuntimeException {
  public MalformedResponseException(String accountId, String operation, String what) {
    super(operation + " in account " + accountId + " answered " + what);
  }
}
