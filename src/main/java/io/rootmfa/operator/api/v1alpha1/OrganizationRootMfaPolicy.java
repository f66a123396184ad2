package io.rootmfa.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One policy for every selected member account of an AWS organization: the operator lists the
 * accounts with AWS Organizations and keeps one child {@link RootMfaPolicy} per ACTIVE account, in
 * this resource's namespace, made from {@code spec.template}. Namespaced, so that who may write
 * organization-wide policies is decided by RBAC on one namespace, and so that the operator needs no
 * cluster-wide rights when it watches listed namespaces.
 */
@Group(RootMfaPolicy.GROUP)
@Version(RootMfaPolicy.VERSION)
@ShortNames("ormp")
@AdditionalPrinterColumn(
    name = "Accounts",
    jsonPath = ".status.accounts",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Compliant",
    jsonPath = ".status.compliant",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "NonCompliant",
    jsonPath = ".status.nonCompliant",
    type = AdditionalPrinterColumn.Type.INTEGER)
public class OrganizationRootMfaPolicy
    extends ConditionedResource<OrganizationRootMfaPolicySpec, OrganizationRootMfaPolicyStatus> {

  @Override
  protected OrganizationRootMfaPolicyStatus initStatus() {
    return new OrganizationRootMfaPolicyStatus();
  }
}
