package io.rootmfa.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Which namespaces may target which AWS accounts, with which credential kinds: written by the
 * platform team (cluster-scoped, so a tenant with rights in its own namespace cannot write one).
 * Nothing is permitted until bound: a policy outside every binding makes no AWS call and is Stalled
 * with reason AccountNotPermitted. The operator sends the external id {@code
 * rootmfa:<binding>:<namespace>} when it assumes a role for a policy that this binding permits.
 */
@Group(RootMfaPolicy.GROUP)
@Version(RootMfaPolicy.VERSION)
@ShortNames("rmab")
@AdditionalPrinterColumn(name = "Namespaces", jsonPath = ".spec.namespaces")
// A binding may name thousands of accounts: the accounts and kinds are shown with -o wide only.
@AdditionalPrinterColumn(name = "Accounts", jsonPath = ".spec.accounts", priority = 1)
@AdditionalPrinterColumn(name = "OUs", jsonPath = ".spec.organizationalUnits")
@AdditionalPrinterColumn(name = "Kinds", jsonPath = ".spec.credentialKinds", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RootMfaAccountBinding extends CustomResource<RootMfaAccountBindingSpec, Void> {

  @Override
  @Required
  public RootMfaAccountBindingSpec getSpec() {
    return super.getSpec();
  }
}
