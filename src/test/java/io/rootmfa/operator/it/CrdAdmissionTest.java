package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRD on a real API server: valid policies are admitted, invalid ones refused with a
 * clear message.
 */
@Integration
class CrdAdmissionTest {
  private static final TestCluster cluster = TestCluster.get();
  private static Admission admission;
  private static String ns;

  @BeforeAll
  static void namespace() {
    admission = new Admission("admission");
    ns = admission.namespace();
  }

  static final String VALID =
      """
      apiVersion: rootmfa.io/v1alpha1
      kind: RootMfaPolicy
      metadata: {name: NAME}
      spec:
        accountId: "123456789012"
        mode: Enforce
        target: {root: {}}
        credentials: {secretRef: {name: root-keys}}
        seedStore: {secretsManager: {secretName: rootmfa/123456789012/root}}
        breakGlass: {ticket: SEC-1, approvedBy: alice, startsAt: "2099-01-01T00:00:00Z", expiresAt: "2099-01-01T04:00:00Z"}
      """;

  @Test
  void theGeneratedCrdIsServedWithDefaults() {
    admission.create("valid", VALID);
    RootMfaPolicy p = admission.read("valid");
    assertThat(p.getSpec().getRegion()).isEqualTo("us-east-1");
    assertThat(p.getSpec().getCheckInterval()).isEqualTo("10m");
    assertThat(p.getSpec().getCredentials().getSecretRef().getAccessKeyIdKey())
        .isEqualTo("accessKeyId");
  }

  static Stream<Arguments> invalidPolicies() {
    return Stream.of(
        Arguments.of(
            "short-account",
            VALID.replace("\"123456789012\"", "\"12345\""),
            "accountId must be an AWS account id: exactly 12 digits"),
        Arguments.of(
            "letters-account",
            VALID.replace("\"123456789012\"", "\"12345678901a\""),
            "accountId must be an AWS account id"),
        Arguments.of(
            "bad-mode",
            VALID.replace("mode: Enforce", "mode: Fix"),
            "supported values: \"Audit\", \"Enforce\""),
        Arguments.of(
            "two-targets",
            VALID.replace("target: {root: {}}", "target: {root: {}, iamUser: {userName: bg}}"),
            "target must name exactly one of root"),
        Arguments.of(
            "no-target",
            VALID.replace("target: {root: {}}", "target: {}"),
            "target must name exactly one of root"),
        Arguments.of(
            "user-without-name",
            VALID.replace("target: {root: {}}", "target: {iamUser: {}}"),
            "userName: Required value"),
        Arguments.of(
            "user-bad-name",
            VALID.replace("target: {root: {}}", "target: {iamUser: {userName: \"a b\"}}"),
            "iamUser.userName must be an IAM user name"),
        Arguments.of(
            "two-credentials",
            VALID.replace(
                "credentials: {secretRef: {name: root-keys}}",
                "credentials: {secretRef: {name: root-keys}, default: {}}"),
            "credentials must name exactly one source"),
        Arguments.of(
            "no-credentials",
            VALID.replace("credentials: {secretRef: {name: root-keys}}", "credentials: {}"),
            "credentials must name exactly one source"),
        Arguments.of(
            "bad-role-arn",
            VALID.replace(
                "credentials: {secretRef: {name: root-keys}}",
                "credentials: {assumeRole: {roleArn: \"arn:aws:iam::123:user/x\"}}"),
            "assumeRole.roleArn must be an IAM role ARN"),
        Arguments.of(
            "enforce-without-store",
            VALID.replace(
                "  seedStore: {secretsManager: {secretName: rootmfa/123456789012/root}}\n", ""),
            "mode Enforce requires spec.seedStore"),
        Arguments.of(
            "bad-expiry",
            VALID.replace("2099-01-01T04:00:00Z", "next tuesday"),
            "breakGlass.expiresAt must be an RFC 3339 timestamp"),
        Arguments.of(
            "bad-interval", VALID + "  checkInterval: soon\n", "checkInterval must be a duration"),
        Arguments.of(
            "tiny-interval",
            VALID + "  checkInterval: 1s\n",
            "checkInterval must be a duration of at least 10s"),
        Arguments.of(
            "bad-device-name", VALID + "  device: {name: \"has space\"}\n", "device.name must be"),
        Arguments.of(
            "bad-device-path",
            VALID + "  device: {path: \"rootmfa\"}\n",
            "device.path must begin and end with '/'"),
        Arguments.of("bad-region", VALID + "  region: Mars\n", "region must be an AWS region name"),
        Arguments.of(
            "tenant-external-id",
            VALID.replace(
                "credentials: {secretRef: {name: root-keys}}",
                "credentials: {assumeRole: {roleArn: \"arn:aws:iam::123456789012:role/x\", externalId: ext-1}}"),
            "assumeRole.externalId is not set by tenants: the operator sends rootmfa:<binding>:<namespace>"),
        Arguments.of(
            "long-kms-key",
            VALID.replace(
                "secretName: rootmfa/123456789012/root",
                "secretName: rootmfa/123456789012/root, kmsKeyId: " + "k".repeat(2049)),
            "kmsKeyId: Too long: may not be more than 2048"),
        Arguments.of(
            "secret-name-with-space",
            VALID.replace("secretName: rootmfa/123456789012/root", "secretName: \"rootmfa root\""),
            "seedStore.secretsManager.secretName must be 1 to 512 letters"),
        Arguments.of(
            "no-account",
            VALID.replace("  accountId: \"123456789012\"\n", ""),
            "spec.accountId: Required value"),
        Arguments.of(
            "no-mode", VALID.replace("  mode: Enforce\n", ""), "spec.mode: Required value"),
        Arguments.of(
            "no-ticket",
            VALID.replace("ticket: SEC-1, ", ""),
            "spec.breakGlass.ticket: Required value"),
        Arguments.of(
            "empty-ticket",
            VALID.replace("ticket: SEC-1", "ticket: \"\""),
            "spec.breakGlass.ticket in body should be at least 1 chars long"),
        Arguments.of(
            "no-expiry",
            VALID.replace(", expiresAt: \"2099-01-01T04:00:00Z\"", ""),
            "spec.breakGlass.expiresAt: Required value"),
        Arguments.of(
            "date-without-time",
            VALID.replace("2099-01-01T04:00:00Z", "2099-01-01"),
            "breakGlass.expiresAt must be an RFC 3339 timestamp"),
        Arguments.of(
            "no-start",
            VALID.replace("startsAt: \"2099-01-01T00:00:00Z\", ", ""),
            "spec.breakGlass.startsAt: Required value"),
        Arguments.of(
            "bad-start",
            VALID.replace("2099-01-01T00:00:00Z", "now"),
            "breakGlass.startsAt must be an RFC 3339 timestamp"),
        Arguments.of(
            "start-after-expiry",
            VALID.replace("2099-01-01T00:00:00Z", "2099-01-01T05:00:00Z"),
            "breakGlass.startsAt must be before breakGlass.expiresAt"),
        Arguments.of(
            "empty-window",
            VALID.replace("2099-01-01T00:00:00Z", "2099-01-01T04:00:00Z"),
            "breakGlass.startsAt must be before breakGlass.expiresAt"),
        Arguments.of(
            "window-over-24h",
            VALID.replace("2099-01-01T04:00:00Z", "2099-01-02T00:00:01Z"),
            "a break-glass window may last at most 24h"),
        Arguments.of(
            "window-over-24h-across-offsets",
            VALID.replace("2099-01-01T04:00:00Z", "2099-01-01T23:00:00-02:00"),
            "a break-glass window may last at most 24h"),
        Arguments.of(
            "long-approver",
            VALID.replace("approvedBy: alice", "approvedBy: " + "a".repeat(257)),
            "approvedBy: Too long: may not be more than 256"),
        // An unknown key is pruned by the structural schema, which leaves a target that names
        // nothing.
        Arguments.of(
            "unknown-target",
            VALID.replace("target: {root: {}}", "target: {user: {}}"),
            "target must name exactly one of root"),
        Arguments.of(
            "numeric-account",
            VALID.replace("accountId: \"123456789012\"", "accountId: 123456789012"),
            "spec.accountId in body must be of type string"),
        Arguments.of(
            "bad-secret-ref-name",
            VALID.replace("{secretRef: {name: root-keys}}", "{secretRef: {name: Root_Keys}}"),
            "secretRef.name must be a Kubernetes Secret name"),
        Arguments.of(
            "lower-case-mode",
            VALID.replace("mode: Enforce", "mode: enforce"),
            "Unsupported value: \"enforce\": supported values: \"Audit\", \"Enforce\""),
        Arguments.of(
            "long-user-name",
            VALID.replace(
                "target: {root: {}}", "target: {iamUser: {userName: " + "u".repeat(65) + "}}"),
            "userName: Too long: may not be more than 64"),
        Arguments.of(
            "empty-device-name",
            VALID + "  device: {name: \"\"}\n",
            "device.name must be 1 to 226"),
        Arguments.of(
            "assume-root-and-secret",
            VALID.replace(
                "{secretRef: {name: root-keys}}", "{secretRef: {name: root-keys}, assumeRoot: {}}"),
            "credentials must name exactly one source: assumeRole, secretRef, default or assumeRoot"),
        Arguments.of(
            "assume-root-for-iam-user",
            ASSUME_ROOT_AUDIT.replace("target: {root: {}}", "target: {iamUser: {userName: bob}}"),
            "credentials.assumeRoot opens root sessions: target must be root: {}"),
        Arguments.of(
            "assume-root-enforce-without-remediation",
            ASSUME_ROOT_AUDIT.replace("mode: Audit", "mode: Enforce"),
            "mode Enforce with credentials.assumeRoot requires remediation: RemoveRootCredentials"),
        Arguments.of(
            "remediation-in-audit",
            ASSUME_ROOT_AUDIT + "  remediation: RemoveRootCredentials\n",
            "remediation needs mode Enforce and credentials.assumeRoot"),
        Arguments.of(
            "remediation-without-assume-root",
            VALID + "  remediation: RemoveRootCredentials\n",
            "remediation needs mode Enforce and credentials.assumeRoot"),
        Arguments.of(
            "unknown-remediation",
            ASSUME_ROOT_AUDIT.replace("mode: Audit", "mode: Enforce")
                + "  remediation: DeleteEverything\n",
            "supported values: \"RemoveRootCredentials\""));
  }

  static final String ASSUME_ROOT_AUDIT =
      """
      apiVersion: rootmfa.io/v1alpha1
      kind: RootMfaPolicy
      metadata: {name: NAME}
      spec:
        accountId: "123456789012"
        mode: Audit
        target: {root: {}}
        credentials: {assumeRoot: {}}
      """;

  @Test
  void anAssumeRootRemediationPolicyIsAdmittedWithoutASeedStore() {
    admission.create(
        "assume-root-remediation",
        ASSUME_ROOT_AUDIT.replace("mode: Audit", "mode: Enforce")
            + "  remediation: RemoveRootCredentials\n");
    admission.create("assume-root-audit", ASSUME_ROOT_AUDIT);
    RootMfaPolicy p = admission.read("assume-root-remediation");
    assertThat(p.getSpec().getCredentials().getAssumeRoot()).isNotNull();
    assertThat(p.getSpec().getRemediation())
        .isEqualTo(io.rootmfa.operator.api.v1alpha1.Remediation.RemoveRootCredentials);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPolicies")
  void theApiServerRefusesInvalidPoliciesWithAReadableMessage(
      String name, String yaml, String expected) {
    admission.assertRefused(name, yaml).hasMessageContaining(expected);
  }

  static final String BINDING =
      """
      apiVersion: rootmfa.io/v1alpha1
      kind: RootMfaAccountBinding
      metadata: {name: NAME}
      spec:
        namespaces: [team-a]
        accounts: ["111111111111"]
        organizationalUnits: [ou-ab12-34cd56ef]
        credentialKinds: [assumeRole, secretRef]
      """;

  private static void createBinding(String name, String yaml) {
    cluster
        .admin()
        .genericKubernetesResources("rootmfa.io/v1alpha1", "RootMfaAccountBinding")
        .resource(
            Serialization.unmarshal(yaml.replace("NAME", name), GenericKubernetesResource.class))
        .create();
  }

  @Test
  void aBindingIsClusterScopedAndAdmittedAsThePlatformTeamWritesIt() {
    String name = ns + "-binding";
    createBinding(name, BINDING);
    io.rootmfa.operator.api.v1alpha1.RootMfaAccountBinding b =
        cluster
            .admin()
            .resources(io.rootmfa.operator.api.v1alpha1.RootMfaAccountBinding.class)
            .withName(name)
            .get();
    assertThat(b.getMetadata().getNamespace()).isNull();
    assertThat(b.getSpec().getAccounts()).containsExactly("111111111111");
    cluster
        .admin()
        .resources(io.rootmfa.operator.api.v1alpha1.RootMfaAccountBinding.class)
        .withName(name)
        .delete();
  }

  static Stream<Arguments> invalidBindings() {
    return Stream.of(
        Arguments.of(
            "short-account",
            BINDING.replace("\"111111111111\"", "\"11111\""),
            "spec.accounts[0] in body should match '^[0-9]{12}$'"),
        Arguments.of(
            "bad-ou",
            BINDING.replace("ou-ab12-34cd56ef", "team-b-ou"),
            "spec.organizationalUnits[0] in body should match"),
        Arguments.of(
            "unknown-kind",
            BINDING.replace("[assumeRole, secretRef]", "[assumeRole, rootKeys]"),
            "spec.credentialKinds[1] in body should match '^(assumeRole|secretRef|default|assumeRoot)$'"),
        Arguments.of(
            "bad-namespace",
            BINDING.replace("[team-a]", "[Team_A]"),
            "spec.namespaces[0] in body should match"),
        Arguments.of(
            "no-kind",
            BINDING.replace("[assumeRole, secretRef]", "[]"),
            "spec.credentialKinds: Invalid value: 0: spec.credentialKinds in body should have at least 1 items"),
        Arguments.of(
            "nothing-bound",
            BINDING
                .replace("  accounts: [\"111111111111\"]\n", "")
                .replace("  organizationalUnits: [ou-ab12-34cd56ef]\n", ""),
            "a binding must name at least one of accounts or organizationalUnits"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBindings")
  void theApiServerRefusesInvalidBindingsWithAReadableMessage(
      String name, String yaml, String expected) {
    assertThatThrownBy(() -> createBinding(ns + "-" + name, yaml))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(expected);
  }
}
