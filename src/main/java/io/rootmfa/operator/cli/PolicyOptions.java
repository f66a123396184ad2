package io.rootmfa.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rootmfa.operator.api.v1alpha1.Mode;
import io.rootmfa.operator.api.v1alpha1.RootEnrollment;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicySpec;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.api.v1alpha1.SeedStatus;
import io.rootmfa.operator.aws.SeedVault;
import io.rootmfa.operator.reconciler.PolicyView;
import io.rootmfa.operator.workflow.PolicyRef;
import io.rootmfa.operator.workflow.TargetRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Which policy a command acts for: read from the cluster through the current kubeconfig (fabric8),
 * or given explicitly with {@code --account --secret-name --region} and no cluster at all. The
 * options' help texts, like every option's of {@code rootmfa}, are in {@code Usage.properties}.
 */
final class PolicyOptions {

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE")
  @Nullable String namespace;

  @Parameters(index = "0", arity = "0..1", paramLabel = "POLICY")
  @Nullable String policyName;

  @Option(names = "--account", paramLabel = "ACCOUNT_ID")
  @Nullable String accountId;

  @Option(names = "--secret-name", paramLabel = "NAME")
  @Nullable String secretName;

  @Option(names = "--region", paramLabel = "REGION")
  @Nullable String region;

  @Option(names = "--kms-key-id", paramLabel = "KEY")
  @Nullable String kmsKeyId;

  /** The policy as the operator sees it, and where it came from. */
  record Resolved(
      PolicyView view,
      PolicyRef owner,
      Optional<RootMfaPolicy> policy,
      Optional<KubernetesClient> cluster) {}

  boolean explicit() {
    return accountId != null || secretName != null;
  }

  /** Reads the policy from the cluster, or builds it from the explicit options. */
  Resolved resolve(String command) {
    if (explicit()) {
      if (accountId == null || !accountId.matches("[0-9]{12}")) {
        throw new CliFailure(
            ExitCodes.USAGE, "--account must be a 12-digit AWS account id in explicit mode");
      }
      if (secretName == null) {
        throw new CliFailure(ExitCodes.USAGE, "--secret-name is required with --account");
      }
      if (namespace == null || policyName == null) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "explicit mode still needs -n NAMESPACE and POLICY: they name the owner in the "
                + "custody document, as the operator's policy will");
      }
      PolicyView view =
          new PolicyView(
              accountId,
              region == null ? RootMfaPolicySpec.DEFAULT_REGION : region,
              TargetRef.root(),
              "rootmfa-root",
              "/rootmfa/",
              Map.of(),
              Optional.of(
                  new SeedVault.Location(
                      secretName, Optional.ofNullable(kmsKeyId), List.of(), Map.of())),
              Optional.empty(),
              PolicyView.DEFAULT_CHECK_INTERVAL,
              Mode.Enforce,
              RootEnrollment.Console,
              false,
              Optional.empty(),
              false);
      return new Resolved(
          view, new PolicyRef(namespace, policyName, ""), Optional.empty(), Optional.empty());
    }
    if (policyName == null) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "name the policy (rootmfa " + command + " -n NAMESPACE POLICY), or use --account");
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    String ns = namespace != null ? namespace : client.getNamespace();
    ns = ns == null ? "default" : ns;
    RootMfaPolicy policy;
    try {
      policy = client.resources(RootMfaPolicy.class).inNamespace(ns).withName(policyName).get();
    } catch (KubernetesClientException e) {
      client.close();
      throw new CliFailure(
          ExitCodes.NO_POLICY,
          "cannot read RootMfaPolicy "
              + ns
              + "/"
              + policyName
              + " from the cluster at "
              + client.getMasterUrl()
              + (e.getCode() > 0 ? ": HTTP " + e.getCode() : ": unreachable")
              + "; check the kubeconfig context, or use --account --secret-name --region");
    }
    if (policy == null) {
      client.close();
      throw new CliFailure(
          ExitCodes.NO_POLICY,
          "RootMfaPolicy " + ns + "/" + policyName + " not found in the cluster; nothing written");
    }
    PolicyView view;
    try {
      view = PolicyView.of(policy);
    } catch (RuntimeException e) {
      client.close();
      throw new CliFailure(
          ExitCodes.REFUSED, "RootMfaPolicy " + ns + "/" + policyName + ": " + e.getMessage());
    }
    // Named by the policy, or (the platform's default custody account, which only the operator's
    // configuration names) where the operator stored it.
    Optional<String> custody = view.custodyAccount().or(() -> storedElsewhere(policy, view));
    if (custody.isPresent()) {
      client.close();
      throw new CliFailure(
          ExitCodes.REFUSED,
          "RootMfaPolicy "
              + ns
              + "/"
              + policyName
              + " keeps its seed in custody account "
              + custody.get()
              + ", which rootmfa "
              + command
              + " does not reach yet; nothing written");
    }
    try {
      return new Resolved(view, PolicyView.owner(policy), Optional.of(policy), Optional.of(client));
    } catch (RuntimeException e) {
      client.close();
      throw new CliFailure(
          ExitCodes.REFUSED, "RootMfaPolicy " + ns + "/" + policyName + ": " + e.getMessage());
    }
  }

  /**
   * The account of the secret the operator stored the policy's seed in ({@code
   * status.seed.secretArn}, {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>}), when
   * it is not the policy's own.
   */
  static Optional<String> storedElsewhere(RootMfaPolicy policy, PolicyView view) {
    return Optional.ofNullable(policy.getStatus())
        .map(RootMfaPolicyStatus::getSeed)
        .map(SeedStatus::getSecretArn)
        .map(arn -> arn.split(":", 6))
        .filter(parts -> parts.length == 6)
        .map(parts -> parts[4])
        .filter(account -> !account.equals(view.accountId()));
  }
}
