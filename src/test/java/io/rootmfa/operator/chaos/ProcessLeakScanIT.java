package io.rootmfa.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AccessKey;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.Fault;
import io.rootmfa.operator.it.Bindings;
import io.rootmfa.operator.it.Policies;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md §3 invariant 2 for the operator as a process, with every log category a person
 * might turn up while troubleshooting: io.rootmfa at TRACE and all of the AWS SDK, the operator SDK
 * and the Kubernetes client at DEBUG. It enrolls through an assumed role (session tokens) after a
 * spoiled CreateVirtualMFADevice answer (which carries the seed); then its whole output, the
 * Events, the policy and a /q/metrics scrape must hold no seed, accepted code, secret key or
 * session token.
 */
class ProcessLeakScanIT extends AgainstOperatorProcesses {
  @Test
  void theOperatorProcessAtTraceLogsNoSecret() throws Exception {
    EmulatedAccount hub = world.aws.createAccount("610000000000");
    hub.createUser("rootmfa-operator");
    AccessKey operatorKey = hub.createAccessKey("rootmfa-operator");
    EmulatedAccount target = world.aws.createAccount("610000000001");
    String namespace = world.cluster.newNamespace("process-leak");
    Bindings.apply(
        world.cluster.admin(), namespace, namespace, List.of("610000000001"), "assumeRole");
    target.createRole(
        "rootmfa-enroller",
        Bindings.externalId(namespace, namespace),
        Set.of("arn:aws:iam::610000000000:root"));
    RootMfaPolicy policy =
        Serialization.unmarshal(
            Policies.enforce("mfa", "610000000001", Policies.ROOT, "unused", Policies.OPEN)
                .replace(
                    "credentials: {secretRef: {name: unused}}",
                    "credentials: {assumeRole: {roleArn: "
                        + "\"arn:aws:iam::610000000001:role/rootmfa-enroller\"}}"),
            RootMfaPolicy.class);
    policy.getMetadata().setNamespace(namespace);
    world.cluster.admin().resource(policy).serverSideApply();
    world.aws.faults().failNextAfterEffect("CreateVirtualMFADevice", 1, Fault.MALFORMED);

    OperatorProcess operator =
        world.startOperator(
            "leak-scan",
            List.of(namespace),
            Map.of(
                "AWS_ACCESS_KEY_ID",
                operatorKey.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY",
                operatorKey.secretAccessKey(),
                "QUARKUS_LOG_CATEGORY__SOFTWARE_AMAZON_AWSSDK__LEVEL",
                "DEBUG",
                "QUARKUS_LOG_CATEGORY__IO_FABRIC8__LEVEL",
                "DEBUG",
                // Even asked for by name, the signer's DEBUG output (the canonical request) stays
                // off.
                "QUARKUS_LOG_CATEGORY__SOFTWARE_AMAZON_AWSSDK_HTTP_AUTH_AWS_INTERNAL_SIGNER__LEVEL",
                "DEBUG"));
    Awaitility.await("enrolled through the assumed role")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                io.rootmfa.operator.it.Conditions.readyReason(
                        world
                            .cluster
                            .admin()
                            .resources(RootMfaPolicy.class)
                            .inNamespace(namespace)
                            .withName("mfa")
                            .get())
                    .equals(Optional.of("Compliant")));
    assertThat(operator.awaitStarted(Duration.ofSeconds(30))).isTrue();

    Map<String, String> seen =
        new LinkedHashMap<>(
            world.kubernetesViews(
                List.of(new ChaosWorld.Target("610000000001", namespace, "mfa", "root"))));
    seen.put("metrics", operator.scrapeMetrics());
    assertThat(operator.stop()).isTrue();
    String log = operator.log();
    seen.put("operator output", log);
    assertThat(log)
        .as("the output really is at DEBUG")
        .contains("aws call account=610000000001")
        .contains("Sending Request");
    assertThat(seen.get("metrics")).contains("rootmfa_aws_calls_total");
    assertThat(world.aws.issuedSecretsForAssertions().credentials())
        .as("session tokens were issued")
        .anyMatch(c -> c.length() > 100);
    assertThat(LeakScan.scan(world.aws.issuedSecretsForAssertions(), seen)).isEmpty();
  }
}
