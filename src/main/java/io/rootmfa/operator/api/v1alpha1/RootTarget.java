package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** Selects the account's root user: write {@code root: {}}, or name the enrollment path. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class RootTarget {

  @Default("Console")
  @JsonPropertyDescription(
      "How mode Enforce enrolls root: Console (default; a person enables MFA in the AWS console "
          + "with `rootmfa console-enroll`, which keeps the seed in custody; the operator makes no "
          + "IAM write for root) or Api (the operator calls EnableMFADevice; real AWS refuses it "
          + "for root, only an emulator accepts it).")
  private @Nullable RootEnrollment enrollment;
}
