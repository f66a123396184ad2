package io.rootmfa.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A policy that an AWS account's root user, or a named break-glass IAM user, must have MFA. The
 * operator audits it continuously and, in mode Enforce inside an approved break-glass window,
 * enrolls a virtual MFA device whose seed it keeps in AWS Secrets Manager.
 */
@Group(RootMfaPolicy.GROUP)
@Version(RootMfaPolicy.VERSION)
@ShortNames("rmp")
@AdditionalPrinterColumn(name = "Account", jsonPath = ".spec.accountId")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".status.target")
@AdditionalPrinterColumn(
    name = "MFA",
    jsonPath = ".status.mfaEnabled",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
public class RootMfaPolicy extends ConditionedResource<RootMfaPolicySpec, RootMfaPolicyStatus> {
  public static final String GROUP = "rootmfa.io";
  public static final String VERSION = "v1alpha1";

  /** Required at admission: a policy without a spec has nothing to enforce. */
  @Override
  @Required
  public RootMfaPolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  protected RootMfaPolicyStatus initStatus() {
    return new RootMfaPolicyStatus();
  }
}
