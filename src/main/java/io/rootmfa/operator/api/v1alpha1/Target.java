package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** The principal that must have MFA. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.root) != has(self.iamUser)",
    message = "target must name exactly one of root: {} or iamUser: {userName: ...}")
@Getter
@Setter
public class Target {

  @JsonPropertyDescription(
      "The account's root user. AWS enables root MFA only in the console, so by default "
          + "(enrollment: Console) Enforce waits for a person to run `rootmfa console-enroll` "
          + "inside the window and reports AwaitingConsoleEnrollment.")
  private @Nullable RootTarget root;

  @JsonPropertyDescription("A named IAM user, typically a dedicated break-glass user.")
  private @Nullable IamUserTarget iamUser;

  /** A short, stable label: {@code root} or {@code iamUser/<userName>}. */
  @JsonIgnore
  public String describe() {
    return iamUser != null ? "iamUser/" + iamUser.getUserName() : "root";
  }
}
