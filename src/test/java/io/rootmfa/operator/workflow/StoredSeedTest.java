package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.OTHER_OWNER;
import static io.rootmfa.operator.workflow.WorkflowFixtures.OTHER_SERIAL;
import static io.rootmfa.operator.workflow.WorkflowFixtures.OWNER;
import static io.rootmfa.operator.workflow.WorkflowFixtures.ROOT;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SEED;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SERIAL;
import static io.rootmfa.operator.workflow.WorkflowFixtures.document;
import static io.rootmfa.operator.workflow.WorkflowFixtures.stored;
import static io.rootmfa.operator.workflow.WorkflowFixtures.unassignedOurs;
import static io.rootmfa.operator.workflow.WorkflowFixtures.unassignedUntagged;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoredSeedTest {

  @Test
  void belongsToTheDeviceOfItsSerialAndEnrollment() {
    assertThat(stored(SERIAL, "enr-1", SEED).belongsTo(unassignedOurs("enr-1"), OWNER)).isTrue();
  }

  @Test
  void doesNotBelongToADeviceAtAnotherSerial() {
    assertThat(stored(OTHER_SERIAL, "enr-1", SEED).belongsTo(unassignedOurs("enr-1"), OWNER))
        .isFalse();
  }

  @Test
  void doesNotBelongToADeviceOfAnotherEnrollment() {
    assertThat(stored(SERIAL, "enr-1", SEED).belongsTo(unassignedOurs("enr-2"), OWNER)).isFalse();
  }

  @Test
  void doesNotBelongToAnUntaggedDevice() {
    assertThat(stored(SERIAL, "enr-1", SEED).belongsTo(unassignedUntagged(), OWNER)).isFalse();
  }

  @Test
  void doesNotBelongToThisPolicyWhenAnotherPolicyWroteIt() {
    StoredSeed theirs =
        WorkflowFixtures.stored(document(SERIAL, "enr-1", SEED, ROOT, Optional.of(OTHER_OWNER)));
    assertThat(theirs.belongsTo(unassignedOurs("enr-1"), OWNER)).isFalse();
  }

  @Test
  void aV1DocumentWithoutOwnerIsAdoptedForItsDevice() {
    StoredSeed v1 =
        WorkflowFixtures.stored(document(SERIAL, "enr-1", SEED, ROOT, Optional.empty()));
    assertThat(v1.belongsTo(unassignedOurs("enr-1"), OWNER)).isTrue();
  }
}
