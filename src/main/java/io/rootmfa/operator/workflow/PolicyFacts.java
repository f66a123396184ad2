package io.rootmfa.operator.workflow;

import io.rootmfa.operator.api.v1alpha1.Mode;
import io.rootmfa.operator.api.v1alpha1.RootEnrollment;
import java.util.Optional;

/**
 * The spec, reduced to what the decisions need.
 *
 * @param mode Audit or Enforce
 * @param target root or an IAM user
 * @param window the break-glass window, if the spec has one
 * @param seedStoreConfigured whether spec.seedStore is set (admission already requires it for
 *     Enforce)
 * @param rootRefusedForThisGeneration AWS already refused root API enrollment for this spec
 *     generation: do not create another device until the spec changes
 * @param rootEnrollment how root is enrolled (spec.target.root.enrollment); ignored for an IAM user
 * @param policy the policy, to name it in the command a person runs
 * @param seedCustodyAccount the custody account that keeps the seed ({@link CustodyPlacement}),
 *     empty when the policy's own account does
 */
public record PolicyFacts(
    Mode mode,
    TargetRef target,
    Optional<BreakGlassWindow> window,
    boolean seedStoreConfigured,
    boolean rootRefusedForThisGeneration,
    RootEnrollment rootEnrollment,
    PolicyRef policy,
    Optional<String> seedCustodyAccount) {

  /** Facts of a policy whose root (if any) is enrolled through the API. */
  public PolicyFacts(
      Mode mode,
      TargetRef target,
      Optional<BreakGlassWindow> window,
      boolean seedStoreConfigured,
      boolean rootRefusedForThisGeneration) {
    this(
        mode,
        target,
        window,
        seedStoreConfigured,
        rootRefusedForThisGeneration,
        RootEnrollment.Api,
        new PolicyRef("default", "policy", ""),
        Optional.empty());
  }

  /** True when root's MFA is enabled by a person in the console, never through the API. */
  public boolean rootByConsole() {
    return target.isRoot() && rootEnrollment == RootEnrollment.Console;
  }
}
