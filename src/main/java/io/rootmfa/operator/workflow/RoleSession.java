package io.rootmfa.operator.workflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the operator tells STS about whom it acts for when it assumes a role: a session name and
 * session tags that carry the policy's namespace and name, so that CloudTrail tells tenants apart
 * and a role's policies can condition on {@code aws:PrincipalTag/rootmfa:namespace}.
 *
 * @param name the role session name: {@code rootmfa.<namespace>.<policy>} within AWS's 2 to 64
 *     characters of {@code [\w+=,.@-]}; a longer one keeps its first 55 characters and ends in
 *     {@code -} and 8 hex digits of the SHA-256 of the full name, so two policies never share one
 * @param tags the session tags {@code rootmfa:namespace} and {@code rootmfa:policy} (AWS allows 50
 *     tags, keys of at most 128 and values of at most 256 characters; namespace and policy names
 *     are at most 63 and 253)
 */
public record RoleSession(String name, Map<String, String> tags) {
  public static final int MAX_NAME = 64;
  public static final String NAMESPACE_TAG = "rootmfa:namespace";
  public static final String POLICY_TAG = "rootmfa:policy";

  /**
   * The session in a custody account: shared by every policy whose seeds live there, so it names no
   * tenant (the seed secret's tags and the custody document name the policy).
   */
  public static RoleSession custody() {
    return new RoleSession("rootmfa.custody", Map.of());
  }

  public static RoleSession of(String namespace, String policy) {
    String full = "rootmfa." + namespace + "." + policy;
    String name =
        full.length() <= MAX_NAME
            ? full
            : full.substring(0, MAX_NAME - 9) + "-" + sha256Hex(full).substring(0, 8);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(NAMESPACE_TAG, namespace);
    tags.put(POLICY_TAG, policy);
    return new RoleSession(name, Map.copyOf(tags));
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
