package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.OTHER_SEED;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SEED;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SERIAL;
import static io.rootmfa.operator.workflow.WorkflowFixtures.fresh;
import static io.rootmfa.operator.workflow.WorkflowFixtures.stored;
import static io.rootmfa.operator.workflow.WorkflowFixtures.unassignedOurs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeedTest {

  @Test
  void toStringNeverRevealsTheSeed() {
    assertThat(SEED.toString()).isEqualTo("Seed[redacted]").doesNotContain(SEED.reveal());
  }

  @Test
  void valuesThatCarryASeedNeverRevealItThroughToString() {
    String rendered =
        String.join(
            "\n",
            stored(SERIAL, "enr-1", SEED).toString(),
            fresh("enr-1", SEED).toString(),
            new EnrollmentStep.StoreSeed(fresh("enr-1", SEED)).toString(),
            new EnrollmentStep.Enable(unassignedOurs("enr-1"), stored(SERIAL, "enr-1", SEED))
                .toString());

    assertThat(rendered).doesNotContain(SEED.reveal()).contains("Seed[redacted]");
  }

  @Test
  void revealsTheBase32TextWithoutSurroundingBlanks() {
    assertThat(Seed.ofBase32("  JBSWY3DPEHPK3PXP\n").reveal()).isEqualTo("JBSWY3DPEHPK3PXP");
  }

  @Test
  void isSameAsASeedOfTheSameText() {
    assertThat(SEED.sameAs(Seed.ofBase32(SEED.reveal()))).isTrue();
  }

  @Test
  void isNotSameAsADifferentSeed() {
    assertThat(SEED.sameAs(OTHER_SEED)).isFalse();
  }

  @Test
  void isNotSameAsAPrefixOfItself() {
    assertThat(SEED.sameAs(Seed.ofBase32(SEED.reveal().substring(0, 16)))).isFalse();
  }

  @Test
  void equalSeedsHashAlike() {
    Seed copy = Seed.ofBase32(SEED.reveal());

    assertThat(copy).isEqualTo(SEED).hasSameHashCodeAs(SEED);
    assertThat(copy).isNotEqualTo(OTHER_SEED);
  }

  @Test
  void refusesAnEmptySeed() {
    assertThatThrownBy(() -> Seed.ofBase32(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Seed.ofBase32(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
