package io.rootmfa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A Kubernetes Secret, in the policy's own namespace, that holds AWS access keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretRef {
  @Required
  @Size(max = 253)
  @ValidationRule(
      value = "self.matches('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$')",
      message =
          "secretRef.name must be a Kubernetes Secret name (lower-case letters, digits, '-' and '.')")
  @JsonPropertyDescription("The Secret's name, in the policy's namespace.")
  private String name;

  @Default("accessKeyId")
  @JsonPropertyDescription("The key holding the access key id. Default accessKeyId.")
  private String accessKeyIdKey;

  @Default("secretAccessKey")
  @JsonPropertyDescription("The key holding the secret access key. Default secretAccessKey.")
  private String secretAccessKeyKey;

  @JsonPropertyDescription("The key holding a session token, for temporary credentials. Optional.")
  private String sessionTokenKey;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getAccessKeyIdKey() {
    return accessKeyIdKey;
  }

  public void setAccessKeyIdKey(String accessKeyIdKey) {
    this.accessKeyIdKey = accessKeyIdKey;
  }

  public String getSecretAccessKeyKey() {
    return secretAccessKeyKey;
  }

  public void setSecretAccessKeyKey(String secretAccessKeyKey) {
    this.secretAccessKeyKey = secretAccessKeyKey;
  }

  public String getSessionTokenKey() {
    return sessionTokenKey;
  }

  public void setSessionTokenKey(String sessionTokenKey) {
    this.sessionTokenKey = sessionTokenKey;
  }
}
