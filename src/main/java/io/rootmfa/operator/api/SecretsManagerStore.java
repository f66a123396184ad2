package io.rootmfa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A Secrets Manager secret that holds the seed as JSON (format rootmfa.io/seed/v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretsManagerStore {
  @Required
  @Size(max = 512)
  @ValidationRule(
      value = "self.matches('^[\\\\w/+=.@-]{1,512}$')",
      message =
          "seedStore.secretsManager.secretName must be 1 to 512 letters, digits or any of /_+=.@-")
  @JsonPropertyDescription(
      "The secret's name, e.g. rootmfa/123456789012/root. One secret per target.")
  private @Nullable String secretName;

  @Size(max = 2048)
  @JsonPropertyDescription(
      "The KMS key (id, ARN or alias) that encrypts the secret. Default: the account's "
          + "aws/secretsmanager key.")
  private @Nullable String kmsKeyId;

  @JsonPropertyDescription("Regions the secret is replicated to, for disaster recovery.")
  private @Nullable List<String> replicaRegions;

  @JsonPropertyDescription("Tags put on the secret when it is created.")
  private @Nullable Map<String, String> tags;

  public @Nullable String getSecretName() {
    return secretName;
  }

  public void setSecretName(@Nullable String secretName) {
    this.secretName = secretName;
  }

  public @Nullable String getKmsKeyId() {
    return kmsKeyId;
  }

  public void setKmsKeyId(@Nullable String kmsKeyId) {
    this.kmsKeyId = kmsKeyId;
  }

  public @Nullable List<String> getReplicaRegions() {
    return replicaRegions;
  }

  public void setReplicaRegions(@Nullable List<String> replicaRegions) {
    this.replicaRegions = replicaRegions;
  }

  public @Nullable Map<String, String> getTags() {
    return tags;
  }

  public void setTags(@Nullable Map<String, String> tags) {
    this.tags = tags;
  }
}
