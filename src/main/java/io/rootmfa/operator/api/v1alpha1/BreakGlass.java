package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** An approved break-glass window: who approved which ticket, and until when. */
@Getter
@Setter
public class BreakGlass {
  @Required
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("The change or incident ticket that approves the window, e.g. SEC-1234.")
  private @Nullable String ticket;

  @Required
  @Size(min = 1, max = 256)
  @JsonPropertyDescription("Who approved the window.")
  private @Nullable String approvedBy;

  @Required
  @Size(max = 64)
  @ValidationRule(
      value =
          "self.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$')",
      message = "breakGlass.expiresAt must be an RFC 3339 timestamp such as 2026-12-01T00:00:00Z")
  @JsonPropertyDescription("When the window closes, RFC 3339, e.g. 2026-12-01T00:00:00Z.")
  private @Nullable String expiresAt;
}
