package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.RootMfaPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The generated CRD on a real API server: valid policies are admitted, invalid ones refused with a clear message. */
class CrdAdmissionTest {
  private static TestCluster cluster;
  private static String ns;

  @BeforeAll
  static void cluster() {
    cluster = TestCluster.get();
    ns = cluster.newNamespace("admission");
  }

  static final String VALID = """
      apiVersion: rootmfa.io/v1alpha1
      kind: RootMfaPolicy
      metadata: {name: NAME}
      spec:
        accountId: "123456789012"
        mode: Enforce
        target: {root: {}}
        credentials: {secretRef: {name: root-keys}}
        seedStore: {secretsManager: {secretName: rootmfa/123456789012/root}}
        breakGlass: {ticket: SEC-1, approvedBy: alice, expiresAt: "2099-01-01T00:00:00Z"}
      """;

  private static GenericKubernetesResource create(String name, String yaml) {
    GenericKubernetesResource r = Serialization.unmarshal(yaml.replace("NAME", name), GenericKubernetesResource.class);
    return cluster.admin().genericKubernetesResources("rootmfa.io/v1alpha1", "RootMfaPolicy").inNamespace(ns)
        .resource(r).create();
  }

  @Test
  void theGeneratedCrdIsServedWithDefaults() {
    create("valid", VALID);
    RootMfaPolicy p = cluster.admin().resources(RootMfaPolicy.class).inNamespace(ns).withName("valid").get();
    assertThat(p.getSpec().getRegion()).isEqualTo("us-east-1");
    assertThat(p.getSpec().getCheckInterval()).isEqualTo("10m");
    assertThat(p.getSpec().getCredentials().getSecretRef().getAccessKeyIdKey()).isEqualTo("accessKeyId");
  }

  static Stream<Arguments> invalidPolicies() {
    return Stream.of(
        Arguments.of("short-account", VALID.replace("\"123456789012\"", "\"12345\""),
            "accountId must be an AWS account id: exactly 12 digits"),
        Arguments.of("letters-account", VALID.replace("\"123456789012\"", "\"12345678901a\""),
            "accountId must be an AWS account id"),
        Arguments.of("bad-mode", VALID.replace("mode: Enforce", "mode: Fix"), "supported values: \"Audit\", \"Enforce\""),
        Arguments.of("two-targets", VALID.replace("target: {root: {}}", "target: {root: {}, iamUser: {userName: bg}}"),
            "target must name exactly one of root"),
        Arguments.of("no-target", VALID.replace("target: {root: {}}", "target: {}"),
            "target must name exactly one of root"),
        Arguments.of("user-without-name", VALID.replace("target: {root: {}}", "target: {iamUser: {}}"),
            "userName: Required value"),
        Arguments.of("user-bad-name", VALID.replace("target: {root: {}}", "target: {iamUser: {userName: \"a b\"}}"),
            "iamUser.userName must be an IAM user name"),
        Arguments.of("two-credentials", VALID.replace("credentials: {secretRef: {name: root-keys}}",
            "credentials: {secretRef: {name: root-keys}, default: {}}"), "credentials must name exactly one source"),
        Arguments.of("no-credentials", VALID.replace("credentials: {secretRef: {name: root-keys}}", "credentials: {}"),
            "credentials must name exactly one source"),
        Arguments.of("bad-role-arn", VALID.replace("credentials: {secretRef: {name: root-keys}}",
            "credentials: {assumeRole: {roleArn: \"arn:aws:iam::123:user/x\"}}"), "assumeRole.roleArn must be an IAM role ARN"),
        Arguments.of("enforce-without-store", VALID.replace(
            "  seedStore: {secretsManager: {secretName: rootmfa/123456789012/root}}\n", ""),
            "mode Enforce requires spec.seedStore"),
        Arguments.of("bad-expiry", VALID.replace("2099-01-01T00:00:00Z", "next tuesday"),
            "breakGlass.expiresAt must be an RFC 3339 timestamp"),
        Arguments.of("bad-interval", VALID + "  checkInterval: soon\n", "checkInterval must be a duration"),
        Arguments.of("tiny-interval", VALID + "  checkInterval: 1s\n", "checkInterval must be a duration of at least 10s"),
        Arguments.of("bad-device-name", VALID + "  device: {name: \"has space\"}\n", "device.name must be"),
        Arguments.of("bad-device-path", VALID + "  device: {path: \"rootmfa\"}\n", "device.path must begin and end with '/'"),
        Arguments.of("bad-region", VALID + "  region: Mars\n", "region must be an AWS region name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPolicies")
  void theApiServerRefusesInvalidPoliciesWithAReadableMessage(String name, String yaml, String expected) {
    assertThatThrownBy(() -> create(name, yaml))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(expected);
    assertThat(cluster.admin().resources(RootMfaPolicy.class).inNamespace(ns).withName(name).get()).isNull();
  }
}
