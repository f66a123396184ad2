package io.rootmfa.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RoleSessionTest {
  private static final String AWS_SESSION_NAME = "[\\w+=,.@-]{2,64}";

  @Test
  void aShortNameCarriesNamespaceAndPolicy() {
    RoleSession s = RoleSession.of("team-a", "prod-root");
    assertThat(s.name()).isEqualTo("rootmfa.team-a.prod-root").matches(AWS_SESSION_NAME);
    assertThat(s.tags())
        .isEqualTo(Map.of("rootmfa:namespace", "team-a", "rootmfa:policy", "prod-root"));
  }

  @Test
  void aLongNameIsCutAndEndsInAHashSoTwoPoliciesNeverShareOne() {
    String ns = "n".repeat(63);
    RoleSession a = RoleSession.of(ns, "policy-" + "a".repeat(200));
    RoleSession b = RoleSession.of(ns, "policy-" + "a".repeat(199) + "b");
    assertThat(a.name()).hasSize(64).matches(AWS_SESSION_NAME).startsWith("rootmfa.nnnn");
    assertThat(b.name()).hasSize(64).matches(AWS_SESSION_NAME).isNotEqualTo(a.name());
    assertThat(RoleSession.of(ns, "policy-" + "a".repeat(200))).isEqualTo(a);
  }

  @Test
  void tagsStayWithinAwsLimitsForTheLongestNames() {
    RoleSession s = RoleSession.of("n".repeat(63), "p".repeat(253));
    s.tags()
        .forEach(
            (k, v) -> {
              assertThat(k)
                  .hasSizeLessThanOrEqualTo(128)
                  .matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
              assertThat(v)
                  .hasSizeLessThanOrEqualTo(256)
                  .matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
            });
  }
}
