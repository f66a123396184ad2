package io.rootmfa.operator.workflow;

import io.rootmfa.operator.api.Mode;
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
 */
public record PolicyFacts(
    Mode mode,
    TargetRef target,
    Optional<BreakGlassWindow> window,
    boolean seedStoreConfigured,
    boolean rootRefusedForThisGeneration) {}
