package io.rootmfa.operator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A resource policy (a Secrets Manager secret's) or a KMS key policy, evaluated as AWS documents it
 * for the subset the emulator serves: an explicit {@code Deny} wins over any {@code Allow}; with no
 * matching statement the answer is an implicit deny. {@code Principal} matches {@code "*"}, an
 * account ({@code arn:aws:iam::<id>:root} or the bare id: every principal of that account), or a
 * role or user ARN (a role matches its assumed-role sessions). {@code Action} and {@code Resource}
 * take {@code *} and {@code ?} wildcards, actions case-insensitively. Conditions: the {@code
 * String*} and {@code Arn*} operators (Equals, NotEquals, Like, NotLike), optionally with {@code
 * ForAnyValue:}; a key absent from the request makes a positive operator false and a negated one
 * true. Anything else ({@code NotAction}, {@code NotPrincipal}, other operators) is refused when
 * the policy is put, so a test never relies on a rule the emulator would misread.
 */
final class PolicyDocument {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> OPERATORS =
      Set.of(
          "StringEquals",
          "StringNotEquals",
          "StringLike",
          "StringNotLike",
          "ArnEquals",
          "ArnNotEquals",
          "ArnLike",
          "ArnNotLike");

  /** The outcome of an evaluation. */
  enum Decision {
    EXPLICIT_DENY,
    ALLOW,
    IMPLICIT_DENY
  }

  /**
   * One request as the policy sees it.
   *
   * @param caller who calls
   * @param action e.g. {@code secretsmanager:GetSecretValue}
   * @param resource the ARN acted on
   * @param context condition keys besides {@code aws:PrincipalArn} and {@code
   *     aws:PrincipalAccount}, which come from the caller
   */
  record Request(Principal caller, String action, String resource, Map<String, String> context) {
    String value(String key) {
      return switch (key.toLowerCase(Locale.ROOT)) {
        case "aws:principalarn" -> principalArn(caller);
        case "aws:principalaccount" -> caller.accountId();
        default ->
            context.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(key))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
      };
    }
  }

  private final String text;
  private final JsonNode statements;

  private PolicyDocument(String text, JsonNode statements) {
    this.text = text;
    this.statements = statements;
  }

  /** Parses a policy; throws {@link AwsError} {@code MalformedPolicyDocumentException}. */
  static PolicyDocument parse(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (Exception e) {
      throw malformed("This resource policy contains a syntax error.");
    }
    JsonNode statements = root == null ? null : root.get("Statement");
    if (statements == null || !"2012-10-17".equals(root.path("Version").asText())) {
      throw malformed("This resource policy contains a syntax error.");
    }
    List<JsonNode> list = new ArrayList<>();
    statements.forEach(list::add);
    if (statements.isObject()) {
      list = List.of(statements);
    }
    for (JsonNode s : list) {
      String effect = s.path("Effect").asText();
      if (!effect.equals("Allow") && !effect.equals("Deny")
          || !s.has("Action")
          || !s.has("Principal")
          || s.has("NotAction")
          || s.has("NotPrincipal")
          || s.has("NotResource")) {
        throw malformed(
            "This resource policy contains a statement the emulator does not evaluate: " + s);
      }
      s.path("Condition")
          .fieldNames()
          .forEachRemaining(
              op -> {
                if (!OPERATORS.contains(op.replaceFirst("^ForAnyValue:", ""))) {
                  throw malformed("The emulator does not evaluate condition operator " + op);
                }
              });
    }
    return new PolicyDocument(text, JSON.valueToTree(list));
  }

  /** The policy as it was put. */
  String text() {
    return text;
  }

  Decision evaluate(Request request) {
    boolean allowed = false;
    for (JsonNode s : statements) {
      if (principalMatches(s.get("Principal"), request.caller())
          && anyMatches(s.get("Action"), request.action(), true)
          && (!s.has("Resource") || anyMatches(s.get("Resource"), request.resource(), false))
          && conditionsHold(s.path("Condition"), request)) {
        if (s.path("Effect").asText().equals("Deny")) {
          return Decision.EXPLICIT_DENY;
        }
        allowed = true;
      }
    }
    return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
  }

  /**
   * True when an {@code Allow} statement grants access to anyone at all without naming principals
   * or restricting them by a principal condition: what {@code BlockPublicPolicy} refuses.
   */
  boolean allowsPublicAccess() {
    for (JsonNode s : statements) {
      if (s.path("Effect").asText().equals("Allow") && isWildcard(s.get("Principal"))) {
        boolean restricted = false;
        var operators = s.path("Condition").elements();
        while (operators.hasNext()) {
          var keys = operators.next().fieldNames();
          while (keys.hasNext()) {
            String key = keys.next().toLowerCase(Locale.ROOT);
            restricted |=
                key.equals("aws:principalarn")
                    || key.equals("aws:principalaccount")
                    || key.equals("aws:principalorgid")
                    || key.equals("aws:sourceaccount");
          }
        }
        if (!restricted) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isWildcard(JsonNode principal) {
    if (principal.isTextual()) {
      return principal.asText().equals("*");
    }
    for (JsonNode arn : iterable(principal.path("AWS"))) {
      if (arn.asText().equals("*")) {
        return true;
      }
    }
    return false;
  }

  private static boolean principalMatches(JsonNode principal, Principal caller) {
    if (isWildcard(principal)) {
      return true;
    }
    String callerArn = principalArn(caller);
    for (JsonNode node : iterable(principal.path("AWS"))) {
      String p = node.asText();
      if (p.equals(caller.accountId())
          || p.equals("arn:aws:iam::" + caller.accountId() + ":root")
          || p.equals(callerArn)) {
        return true;
      }
    }
    return false;
  }

  /** The ARN policies match a caller by: a session is matched by its role's ARN. */
  static String principalArn(Principal caller) {
    return caller.kind() == Principal.Kind.ASSUMED_ROLE
        ? "arn:aws:iam::" + caller.accountId() + ":role/" + caller.name()
        : caller.arn();
  }

  private static boolean conditionsHold(JsonNode conditions, Request request) {
    var operators = conditions.fields();
    while (operators.hasNext()) {
      var operator = operators.next();
      String op = operator.getKey().replaceFirst("^ForAnyValue:", "");
      boolean negated = op.contains("Not");
      boolean like = op.endsWith("Like");
      var keys = operator.getValue().fields();
      while (keys.hasNext()) {
        var key = keys.next();
        String actual = request.value(key.getKey());
        boolean matchesOne = false;
        if (actual != null) {
          for (JsonNode wanted : iterable(key.getValue())) {
            matchesOne |=
                like
                    ? glob(wanted.asText(), false).matcher(actual).matches()
                    : wanted.asText().equals(actual);
          }
        }
        boolean holds = actual == null ? negated : negated != matchesOne;
        if (!holds) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean anyMatches(JsonNode patterns, String value, boolean ignoreCase) {
    for (JsonNode p : iterable(patterns)) {
      if (glob(p.asText(), ignoreCase).matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Pattern glob(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(
          switch (c) {
            case '*' -> ".*";
            case '?' -> ".";
            default -> Pattern.quote(String.valueOf(c));
          });
    }
    return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    return node.isArray() ? node : List.of(node);
  }

  private static AwsError malformed(String message) {
    return new AwsError("MalformedPolicyDocumentException", 400, message);
  }
}
