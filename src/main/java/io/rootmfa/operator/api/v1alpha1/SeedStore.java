package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** Where the seed of the device is kept; only AWS Secrets Manager today. */
@Getter
@Setter
public class SeedStore {
  @Required
  @JsonPropertyDescription("AWS Secrets Manager, in the target account and the policy's region.")
  private @Nullable SecretsManagerStore secretsManager;
}
