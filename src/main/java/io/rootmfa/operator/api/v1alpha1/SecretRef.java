package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** A Kubernetes Secret, in the policy's own namespace, that holds AWS access keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class SecretRef {
  @Required
  @Size(max = 253)
  @ValidationRule(
      value = "self.matches('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$')",
      message =
          "secretRef.name must be a Kubernetes Secret name (lower-case letters, digits, '-' and '.')")
  @JsonPropertyDescription("The Secret's name, in the policy's namespace.")
  private @Nullable String name;

  @Default("accessKeyId")
  @JsonPropertyDescription("The key holding the access key id. Default accessKeyId.")
  private @Nullable String accessKeyIdKey;

  @Default("secretAccessKey")
  @JsonPropertyDescription("The key holding the secret access key. Default secretAccessKey.")
  private @Nullable String secretAccessKeyKey;

  @JsonPropertyDescription("The key holding a session token, for temporary credentials. Optional.")
  private @Nullable String sessionTokenKey;
}
