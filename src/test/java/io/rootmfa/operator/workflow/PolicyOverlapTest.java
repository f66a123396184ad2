package io.rootmfa.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyOverlapTest {
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  private static PolicyOverlap.Claim claim(
      String ns, String name, Instant created, String target, String secret) {
    return new PolicyOverlap.Claim(
        new PolicyRef(ns, name, ""),
        created,
        "123456789012",
        target,
        Optional.of("123456789012/us-east-1/" + secret));
  }

  @Test
  void theOlderOfTwoPoliciesForOneTargetWins() {
    var older = claim("a", "p", T0, "root", "s1");
    var newer = claim("b", "p", T0.plusSeconds(1), "root", "s2");
    assertThat(PolicyOverlap.winnerOver(newer, List.of(older, newer))).contains(older);
    assertThat(PolicyOverlap.winnerOver(older, List.of(older, newer))).isEmpty();
  }

  @Test
  void aSharedSecretIsAnOverlapEvenForDifferentTargets() {
    var alice = claim("a", "alice", T0, "iamUser/alice", "shared");
    var bob = claim("a", "bob", T0.plusSeconds(5), "iamUser/bob", "shared");
    assertThat(PolicyOverlap.winnerOver(bob, List.of(alice, bob))).contains(alice);
  }

  @Test
  void sameCreationTimeIsDecidedByNamespaceAndName() {
    var a = claim("a", "x", T0, "root", "s1");
    var b = claim("b", "x", T0, "root", "s2");
    assertThat(PolicyOverlap.winnerOver(b, List.of(a, b))).contains(a);
    assertThat(PolicyOverlap.winnerOver(a, List.of(a, b))).isEmpty();
  }

  @Test
  void differentTargetsAndSecretsDoNotOverlap() {
    var alice = claim("a", "alice", T0, "iamUser/alice", "s-alice");
    var bob = claim("a", "bob", T0.plusSeconds(5), "iamUser/bob", "s-bob");
    assertThat(PolicyOverlap.winnerOver(bob, List.of(alice, bob))).isEmpty();
  }

  @Test
  void aPolicyNeverOverlapsItself() {
    var self = claim("a", "p", T0, "root", "s");
    var sameNameNewObject = claim("a", "p", T0.plusSeconds(1), "root", "s");
    assertThat(PolicyOverlap.winnerOver(self, List.of(sameNameNewObject))).isEmpty();
  }
}
