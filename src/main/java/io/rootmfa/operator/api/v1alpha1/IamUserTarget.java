package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** Selects an IAM user by name. */
@Getter
@Setter
public class IamUserTarget {
  @Required
  @Size(max = 64)
  @ValidationRule(
      value = "self.matches('^[\\\\w+=,.@-]{1,64}$')",
      message =
          "iamUser.userName must be an IAM user name: 1 to 64 letters, digits or any of _+=,.@-")
  @JsonPropertyDescription("The IAM user name, e.g. breakglass-admin.")
  private @Nullable String userName;
}
