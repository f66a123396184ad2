package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rootmfa.operator.api.v1alpha1.Credentials;
import io.rootmfa.operator.api.v1alpha1.SecretRef;
import io.rootmfa.operator.aws.CredentialSource;
import io.rootmfa.operator.workflow.AccountPermission;
import io.rootmfa.operator.workflow.CredentialKind;
import io.rootmfa.operator.workflow.RoleSession;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns spec.credentials into a {@link CredentialSource}, reading a referenced Secret (get only,
 * never list).
 */
final class CredentialResolver {

  record Resolved(CredentialSource source, Optional<CredentialSource.StaticKeys> keys) {}

  private final KubernetesClient client;

  CredentialResolver(KubernetesClient client) {
    this.client = client;
  }

  /** The kind of spec.credentials, which a binding must permit before anything else happens. */
  static CredentialKind kindOf(@Nullable Credentials credentials) {
    Credentials c = required(credentials);
    if (c.getAssumeRole() != null) {
      return CredentialKind.AssumeRole;
    }
    if (c.getSecretRef() != null) {
      return CredentialKind.SecretRef;
    }
    if (c.getAssumeRoot() != null) {
      return CredentialKind.AssumeRoot;
    }
    return CredentialKind.Default;
  }

  private static Credentials required(@Nullable Credentials credentials) {
    if (credentials == null) {
      throw new SpecProblem(
          "spec.credentials must name exactly one source: assumeRole, secretRef, default or "
              + "assumeRoot");
    }
    return credentials;
  }

  /**
   * The credentials of a policy in {@code namespace} named {@code policy}, permitted by a binding:
   * an assumed role gets the external id that binding derives and a session naming the policy.
   */
  Resolved resolve(
      String namespace,
      String policy,
      @Nullable Credentials spec,
      AccountPermission.Permitted permitted) {
    Credentials credentials = required(spec);
    if (credentials.getAssumeRole() != null) {
      var role = credentials.getAssumeRole();
      if (role.getExternalId() != null) {
        throw new SpecProblem(
            "spec.credentials.assumeRole.externalId is derived by the operator ("
                + permitted.externalId()
                + " for this namespace, from RootMfaAccountBinding "
                + permitted.binding()
                + "); remove it from the spec");
      }
      return new Resolved(
          new CredentialSource.AssumedRole(
              PolicyView.required(role.getRoleArn(), "credentials.assumeRole.roleArn"),
              permitted.externalId(),
              RoleSession.of(namespace, policy)),
          Optional.empty());
    }
    if (credentials.getSecretRef() != null) {
      return fromSecret(namespace, credentials.getSecretRef());
    }
    return new Resolved(new CredentialSource.PodIdentity(), Optional.empty());
  }

  private Resolved fromSecret(String namespace, SecretRef ref) {
    String name = PolicyView.required(ref.getName(), "credentials.secretRef.name");
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        throw new SpecProblem(
            "the operator may not read Secrets in namespace "
                + namespace
                + " (spec.credentials.secretRef): the platform team lists the namespace in the "
                + "chart's rbac.secretNamespaces");
      }
      throw e;
    }
    if (secret == null) {
      throw new SpecProblem(
          "Secret "
              + namespace
              + "/"
              + name
              + " named by spec.credentials.secretRef "
              + "does not exist");
    }
    String idKey = orDefault(ref.getAccessKeyIdKey(), "accessKeyId");
    String secretKey = orDefault(ref.getSecretAccessKeyKey(), "secretAccessKey");
    String accessKeyId = value(secret, idKey, namespace, name);
    String secretAccessKey = value(secret, secretKey, namespace, name);
    Optional<String> token =
        Optional.ofNullable(ref.getSessionTokenKey()).map(k -> value(secret, k, namespace, name));
    return new Resolved(
        new CredentialSource.FromSecret(namespace, name, secret.getMetadata().getResourceVersion()),
        Optional.of(new CredentialSource.StaticKeys(accessKeyId, secretAccessKey, token)));
  }

  private static String value(Secret secret, String key, String namespace, String name) {
    Map<String, String> data = secret.getData();
    String encoded = data == null ? null : data.get(key);
    if (encoded != null && !encoded.isBlank()) {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).trim();
    }
    Map<String, String> plain = secret.getStringData();
    if (plain != null && plain.get(key) != null && !plain.get(key).isBlank()) {
      return plain.get(key).trim();
    }
    throw new SpecProblem(
        "Secret "
            + namespace
            + "/"
            + name
            + " has no key '"
            + key
            + "' (named by "
            + "spec.credentials.secretRef)");
  }

  private static String orDefault(@Nullable String v, String d) {
    return v == null || v.isBlank() ? d : v;
  }
}
