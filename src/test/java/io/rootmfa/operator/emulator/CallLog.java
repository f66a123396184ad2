package io.rootmfa.operator.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The ordered, thread-safe log of every AWS API call the emulator answered. */
public final class CallLog {

  /**
   * Request parameters that may be recorded. Everything else (authentication codes, secret values,
   * external ids, tags' values, …) is never stored.
   */
  public static final Set<String> SAFE_PARAMETERS =
      Set.of(
          "UserName",
          "SerialNumber",
          "VirtualMFADeviceName",
          "Path",
          "AssignmentStatus",
          "RoleArn",
          "RoleSessionName",
          "DurationSeconds",
          "SecretId",
          "Name",
          "ClientRequestToken",
          "VersionId",
          "VersionStage",
          "KmsKeyId",
          "ForceDeleteWithoutRecovery",
          "RecoveryWindowInDays",
          "ParentId",
          "MaxResults",
          "TargetPrincipal",
          "TaskPolicyArn.arn",
          "CertificateId",
          "AccessKeyId");

  private final List<CallRecord> records = new ArrayList<>();

  synchronized void add(CallRecord record) {
    records.add(record);
  }

  /** A snapshot of all calls, oldest first. */
  public synchronized List<CallRecord> all() {
    return List.copyOf(records);
  }

  /** Calls of one operation, oldest first. */
  public List<CallRecord> of(String operation) {
    return matching(r -> r.operation().equals(operation));
  }

  /** Calls matching a predicate, oldest first. */
  public synchronized List<CallRecord> matching(Predicate<CallRecord> predicate) {
    return records.stream().filter(predicate).toList();
  }

  /** How many calls of {@code operation} arrived. */
  public int count(String operation) {
    return of(operation).size();
  }

  /**
   * How many calls of {@code operation} ended with {@code outcome} ({@code OK} or an error code).
   */
  public int count(String operation, String outcome) {
    return matching(r -> r.operation().equals(operation) && r.outcome().equals(outcome)).size();
  }

  /** The operation names in call order. */
  public synchronized List<String> operations() {
    return records.stream().map(CallRecord::operation).toList();
  }

  /** Forgets all calls. */
  public synchronized void clear() {
    records.clear();
  }

  /** Session tags of an AssumeRole ({@code Tags.member.N.Key} and {@code .Value}): not secret. */
  static final java.util.regex.Pattern SESSION_TAG =
      java.util.regex.Pattern.compile("Tags\\.member\\.[0-9]+\\.(Key|Value)");

  static Map<String, String> safe(Map<String, String> params) {
    Map<String, String> safe = new LinkedHashMap<>();
    params.forEach(
        (k, v) -> {
          if ((SAFE_PARAMETERS.contains(k) || SESSION_TAG.matcher(k).matches()) && v != null) {
            safe.put(k, v);
          }
        });
    return safe;
  }
}
