package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.ACCOUNT;
import static io.rootmfa.operator.workflow.WorkflowFixtures.BREAKGLASS_USER;
import static io.rootmfa.operator.workflow.WorkflowFixtures.OTHER_OWNER;
import static io.rootmfa.operator.workflow.WorkflowFixtures.OWNER;
import static io.rootmfa.operator.workflow.WorkflowFixtures.ROOT;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SEED;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SERIAL;
import static io.rootmfa.operator.workflow.WorkflowFixtures.document;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustodyTest {

  private static Custody.Judgement judge(Optional<SeedDocument> current, boolean enabled) {
    return Custody.judge(current, OWNER, ACCOUNT, ROOT, enabled);
  }

  @Test
  void anAbsentSecretIsFree() {
    assertThat(judge(Optional.empty(), false)).isInstanceOf(Custody.Free.class);
  }

  @Test
  void ownDocumentOfAnUnassignedDeviceMayBeReplaced() {
    assertThat(judge(Optional.of(document(SERIAL, "e", SEED, ROOT, Optional.of(OWNER))), false))
        .isInstanceOf(Custody.Ours.class);
  }

  @Test
  void ownDocumentOfAnEnabledDeviceIsNeverReplaced() {
    Custody.Judgement j =
        judge(Optional.of(document(SERIAL, "e", SEED, ROOT, Optional.of(OWNER))), true);
    assertThat(j.mayWrite()).isFalse();
    assertThat(((Custody.Foreign) j).why()).contains("enabled");
  }

  @Test
  void anotherPolicysDocumentIsForeignAndNamesThatPolicy() {
    Custody.Judgement j =
        judge(Optional.of(document(SERIAL, "e", SEED, ROOT, Optional.of(OTHER_OWNER))), false);
    assertThat(j.mayWrite()).isFalse();
    assertThat(((Custody.Foreign) j).why()).contains("team-b/mfa").contains(SERIAL);
  }

  @Test
  void anotherTargetsDocumentIsForeignEvenWithoutOwner() {
    Custody.Judgement j =
        judge(Optional.of(document(SERIAL, "e", SEED, BREAKGLASS_USER, Optional.empty())), false);
    assertThat(j.mayWrite()).isFalse();
    assertThat(((Custody.Foreign) j).why()).contains("another target");
  }

  @Test
  void aV1DocumentOfTheSameTargetMayBeAdopted() {
    assertThat(judge(Optional.of(document(SERIAL, "e", SEED, ROOT, Optional.empty())), false))
        .isInstanceOf(Custody.Ours.class);
  }

  @Test
  void theSamePolicyRecreatedFromGitKeepsOwnership() {
    PolicyRef recreated = new PolicyRef(OWNER.namespace(), OWNER.name(), "a-new-uid");
    Custody.Judgement j =
        Custody.judge(
            Optional.of(document(SERIAL, "e", SEED, ROOT, Optional.of(OWNER))),
            recreated,
            ACCOUNT,
            ROOT,
            false);
    assertThat(j).isInstanceOf(Custody.Ours.class);
  }

  @Test
  void anEmptySecretTheOperatorCreatedForThisTargetIsOursToFill() {
    assertThat(
            Custody.judgeUnwritten(
                java.util.Map.of(
                    Custody.MANAGED_BY_TAG, Custody.MANAGED_BY,
                    Custody.ACCOUNT_TAG, "123456789012",
                    Custody.TARGET_TAG, "iamUser/breakglass"),
                "123456789012",
                TargetRef.iamUser("breakglass")))
        .isInstanceOf(Custody.Ours.class);
  }

  @Test
  void anEmptySecretOfAnotherTargetOrNotTheOperatorsIsForeign() {
    java.util.Map<String, String> otherTarget =
        java.util.Map.of(
            Custody.MANAGED_BY_TAG, Custody.MANAGED_BY,
            Custody.ACCOUNT_TAG, "123456789012",
            Custody.TARGET_TAG, "root");
    assertThat(Custody.judgeUnwritten(otherTarget, "123456789012", TargetRef.iamUser("breakglass")))
        .isInstanceOf(Custody.Foreign.class);
    assertThat(
            Custody.judgeUnwritten(
                    java.util.Map.of(), "123456789012", TargetRef.iamUser("breakglass"))
                .mayWrite())
        .isFalse();
  }
}
