package io.rootmfa.operator.aws;

import io.rootmfa.operator.workflow.RoleSession;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** How a policy reaches its account; a key for sharing clients. Holds no secret values. */
public sealed interface CredentialSource {

  /**
   * Assume a role with the operator's own identity, sending the external id derived from the
   * binding that permits the policy, and a session name and tags naming the policy.
   */
  record AssumedRole(String roleArn, @Nullable String externalId, RoleSession session)
      implements CredentialSource {}

  /**
   * Static keys from a Kubernetes Secret; {@code version} is the Secret's resourceVersion, so new
   * keys give a new session. The keys themselves travel separately, in {@link StaticKeys}.
   */
  record FromSecret(String namespace, String name, String version) implements CredentialSource {}

  /**
   * A root session in the policy's (member) account from {@code sts:AssumeRoot}, called with the
   * operator's own identity, scoped by one root-task policy.
   */
  record RootSession(String taskPolicyArn) implements CredentialSource {}

  /** The operator pod's own identity (Pod Identity, IRSA, environment). */
  record PodIdentity() implements CredentialSource {}

  /** Access keys read from a Secret. {@link #toString()} hides them. */
  record StaticKeys(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
    @Override
    public String toString() {
      return "StaticKeys[redacted]";
    }
  }
}
