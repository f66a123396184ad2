package io.rootmfa.operator.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every access key the emulator knows, across all accounts. */
final class KeyRegistry {

  private final Map<String, AccessKey> keys = new ConcurrentHashMap<>();

  /** The task policy of each {@code sts:AssumeRoot} session, by access key id. */
  private final Map<String, RootTaskPolicy> rootSessionPolicies = new ConcurrentHashMap<>();

  AccessKey issueLongTerm(Principal principal) {
    AccessKey key = new AccessKey(Ids.awsId("AKIA"), Ids.secretAccessKey(), null, null, principal);
    keys.put(key.accessKeyId(), key);
    return key;
  }

  AccessKey issueSession(Principal principal, Instant expiration) {
    AccessKey key =
        new AccessKey(
            Ids.awsId("ASIA"), Ids.secretAccessKey(), Ids.sessionToken(), expiration, principal);
    keys.put(key.accessKeyId(), key);
    return key;
  }

  /** Issues root-session credentials scoped by a task policy ({@code sts:AssumeRoot}). */
  AccessKey issueRootSession(Principal root, Instant expiration, RootTaskPolicy policy) {
    AccessKey key = issueSession(root, expiration);
    rootSessionPolicies.put(key.accessKeyId(), policy);
    return key;
  }

  /** The task policy scoping these credentials, if they come from {@code sts:AssumeRoot}. */
  java.util.Optional<RootTaskPolicy> taskPolicyOf(AccessKey key) {
    return java.util.Optional.ofNullable(rootSessionPolicies.get(key.accessKeyId()));
  }

  /** Registers a caller-chosen long-term key (e.g. fixed demo credentials). */
  AccessKey register(String accessKeyId, String secretAccessKey, Principal principal) {
    AccessKey key = new AccessKey(accessKeyId, secretAccessKey, null, null, principal);
    if (keys.putIfAbsent(accessKeyId, key) != null) {
      throw new IllegalArgumentException("access key id already in use: " + accessKeyId);
    }
    return key;
  }

  /** Every key still registered, temporary ones included. */
  List<AccessKey> all() {
    return List.copyOf(keys.values());
  }

  AccessKey find(String accessKeyId) {
    return keys.get(accessKeyId);
  }

  boolean remove(String accessKeyId) {
    return keys.remove(accessKeyId) != null;
  }

  List<AccessKey> longTermKeysOf(String principalArn) {
    return keys.values().stream()
        .filter(k -> !k.isTemporary() && k.principal().arn().equals(principalArn))
        .toList();
  }
}
