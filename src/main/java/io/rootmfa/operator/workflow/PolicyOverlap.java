package io.rootmfa.operator.workflow;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Two live Enforce policies overlap when they protect the same account and target, or keep their
 * seed in the same secret (account, region, name). Of overlapping policies the oldest
 * (creationTimestamp, then namespace/name) proceeds; every other one makes no AWS write. Audit
 * policies never write, so they neither win nor lose. Pure: the reconciler feeds it the policies of
 * its informer cache.
 */
public final class PolicyOverlap {

  private PolicyOverlap() {}

  /**
   * What decides overlaps about one policy.
   *
   * @param ref the policy
   * @param createdAt its creationTimestamp
   * @param accountId its account
   * @param target {@link TargetRef#describe()}
   * @param seedSecret {@code account/region/secretName} of its seed store, if any
   */
  public record Claim(
      PolicyRef ref,
      Instant createdAt,
      String accountId,
      String target,
      Optional<String> seedSecret) {

    boolean overlaps(Claim o) {
      if (ref.isSamePolicy(o.ref)) {
        return false;
      }
      boolean sameTarget = accountId.equals(o.accountId) && target.equals(o.target);
      boolean sameSecret = seedSecret.isPresent() && seedSecret.equals(o.seedSecret);
      return sameTarget || sameSecret;
    }
  }

  private static final Comparator<Claim> AGE =
      Comparator.comparing(Claim::createdAt).thenComparing(c -> c.ref().key());

  /** The policy that proceeds instead of {@code self}, or empty when {@code self} may proceed. */
  public static Optional<Claim> winnerOver(Claim self, Collection<Claim> live) {
    return live.stream()
        .filter(self::overlaps)
        .filter(other -> AGE.compare(other, self) < 0)
        .min(AGE);
  }
}
