package io.rootmfa.operator.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The resource policy of a seed secret in a custody account, attached before the secret's first
 * value (deploy/aws/secret-resource-policy.json is this document for the example roles, and a test
 * keeps the two equal). Only the enroller (the operator's custody role) and the break-glass reader
 * may read the seed; only the enroller writes it or changes this policy; nobody deletes it. The
 * denies name everyone else, so they also bind the custody account's own administrators, whose
 * identity policies would otherwise allow them (same-account access needs no resource policy).
 */
public final class SeedSecretPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every action that changes the seed, its versions or who may read it. */
  static final List<String> WRITES =
      List.of(
          "secretsmanager:PutSecretValue",
          "secretsmanager:UpdateSecret",
          "secretsmanager:UpdateSecretVersionStage",
          "secretsmanager:RotateSecret",
          "secretsmanager:PutResourcePolicy",
          "secretsmanager:DeleteResourcePolicy");

  private SeedSecretPolicy() {}

  /**
   * @param enrollerRoleArn the role the operator assumes in the custody account
   * @param readerRoleArn the break-glass reader role
   */
  public static String document(String enrollerRoleArn, String readerRoleArn) {
    List<String> readers = List.of(enrollerRoleArn, readerRoleArn);
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("Version", "2012-10-17");
    policy.put(
        "Statement",
        List.of(
            statement(
                "OnlyTheEnrollerAndTheBreakGlassReaderReadTheSeed",
                "Allow",
                Map.of("AWS", readers),
                List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                null),
            statement(
                "NobodyElseReadsTheSeed",
                "Deny",
                "*",
                "secretsmanager:GetSecretValue",
                Map.of("StringNotEquals", Map.of("aws:PrincipalArn", readers))),
            statement(
                "NobodyElseWritesTheSeedOrThisPolicy",
                "Deny",
                "*",
                WRITES,
                Map.of("StringNotEquals", Map.of("aws:PrincipalArn", enrollerRoleArn))),
            statement("NobodyDeletesTheSeed", "Deny", "*", "secretsmanager:DeleteSecret", null)));
    try {
      return JSON.writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a policy of strings", e);
    }
  }

  private static Map<String, Object> statement(
      String sid,
      String effect,
      Object principal,
      Object action,
      @Nullable Map<String, Object> condition) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("Sid", sid);
    s.put("Effect", effect);
    s.put("Principal", principal);
    s.put("Action", action);
    s.put("Resource", "*");
    if (condition != null) {
      s.put("Condition", condition);
    }
    return s;
  }
}
