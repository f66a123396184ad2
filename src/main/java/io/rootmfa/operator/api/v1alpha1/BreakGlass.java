package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/**
 * An approved break-glass window: who approved which ticket, from when and until when. The CRD
 * bounds it (at most {@value #MAX_WINDOW}); the operator can be configured with a shorter maximum;
 * the chart's ValidatingAdmissionPolicy decides who may set it.
 */
@ValidationRule(
    value =
        "self.startsAt.matches("
            + BreakGlass.RFC_3339
            + ") && self.expiresAt.matches("
            + BreakGlass.RFC_3339
            + ")",
    messageExpression =
        "(self.startsAt.matches("
            + BreakGlass.RFC_3339
            + ") ? 'breakGlass.expiresAt' "
            + ": 'breakGlass.startsAt') + ' must be an RFC 3339 timestamp such as "
            + "2026-12-01T08:00:00Z'")
@ValidationRule(
    value = BreakGlass.UNLESS_UNPARSABLE + "timestamp(self.startsAt) < timestamp(self.expiresAt)",
    message = "breakGlass.startsAt must be before breakGlass.expiresAt")
@ValidationRule(
    value =
        BreakGlass.UNLESS_UNPARSABLE
            + "timestamp(self.expiresAt) - timestamp(self.startsAt) <= duration('"
            + BreakGlass.MAX_WINDOW
            + "')",
    message =
        "a break-glass window may last at most "
            + BreakGlass.MAX_WINDOW
            + ": breakGlass.expiresAt - breakGlass.startsAt is longer")
@Getter
@Setter
public class BreakGlass {
  /** The longest window the CRD admits; a cluster may configure a shorter one. */
  public static final String MAX_WINDOW = "24h";

  /**
   * The start of a rule on both instants that holds when either is not RFC 3339 (the first rule
   * reports that, and {@code timestamp()} would fail).
   */
  static final String UNLESS_UNPARSABLE =
      "!self.startsAt.matches("
          + BreakGlass.RFC_3339
          + ") || !self.expiresAt.matches("
          + BreakGlass.RFC_3339
          + ") || ";

  /** RFC 3339 date-time (upper-case T and Z, as CEL's {@code timestamp()} parses it). */
  static final String RFC_3339 =
      "'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$'";

  @Required
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("The change or incident ticket that approves the window, e.g. SEC-1234.")
  private @Nullable String ticket;

  @Required
  @Size(min = 1, max = 256)
  @JsonPropertyDescription(
      "Who approved the window. With the chart's ValidatingAdmissionPolicy, the Kubernetes user "
          + "who sets or changes the window, and a member of an approver group.")
  private @Nullable String approvedBy;

  @Required
  @Size(max = 64)
  @JsonPropertyDescription(
      "When the window opens, RFC 3339, e.g. 2026-12-01T08:00:00Z. Enforce writes nothing before.")
  private @Nullable String startsAt;

  @Required
  @Size(max = 64)
  @JsonPropertyDescription(
      "When the window closes, RFC 3339, e.g. 2026-12-01T12:00:00Z: after startsAt, and at most "
          + "24h after it (a cluster may allow less). No AWS write starts at or after it.")
  private @Nullable String expiresAt;
}
