package io.rootmfa.operator.it;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootmfa.operator.api.v1alpha1.RootMfaAccountBinding;
import io.rootmfa.operator.api.v1alpha1.RootMfaAccountBindingSpec;
import io.rootmfa.operator.workflow.AccountPermission;
import java.util.Collection;
import java.util.List;

/**
 * RootMfaAccountBindings as the platform team writes them: without one, a policy makes no AWS call.
 * For tests and the processes they start (bench, chaos, image).
 */
public final class Bindings {
  private Bindings() {}

  /** Applies (server-side, forced) binding {@code name}: these namespaces, accounts, OUs, kinds. */
  public static RootMfaAccountBinding apply(
      KubernetesClient admin,
      String name,
      Collection<String> namespaces,
      Collection<String> accounts,
      Collection<String> units,
      Collection<String> kinds) {
    RootMfaAccountBinding binding = new RootMfaAccountBinding();
    binding.setMetadata(new ObjectMetaBuilder().withName(name).build());
    RootMfaAccountBindingSpec spec = new RootMfaAccountBindingSpec();
    spec.setNamespaces(List.copyOf(namespaces));
    spec.setAccounts(accounts.isEmpty() ? null : List.copyOf(accounts));
    spec.setOrganizationalUnits(units.isEmpty() ? null : List.copyOf(units));
    spec.setCredentialKinds(List.copyOf(kinds));
    binding.setSpec(spec);
    return admin.resource(binding).forceConflicts().serverSideApply();
  }

  /** One namespace, its accounts, one credential kind. */
  public static RootMfaAccountBinding apply(
      KubernetesClient admin,
      String name,
      String namespace,
      Collection<String> accounts,
      String kind) {
    return apply(admin, name, List.of(namespace), accounts, List.of(), List.of(kind));
  }

  /** The external id the operator sends for a policy in {@code namespace} bound by {@code name}. */
  public static String externalId(String name, String namespace) {
    return AccountPermission.externalId(name, namespace);
  }
}
