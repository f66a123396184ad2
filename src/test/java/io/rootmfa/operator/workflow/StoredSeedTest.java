package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.OTHER_SERIAL;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SEED;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SERIAL;
import static io.rootmfa.operator.workflow.WorkflowFixtures.stored;
import static io.rootmfa.operator.workflow.WorkflowFixtures.unassignedOurs;
import static io.rootmfa.operator.workflow.WorkflowFixtures.unassignedUntagged;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoredSeedTest {

  @Test
  void belongsToTheDeviceOfItsSerialAndEnrollment() {
    assertThat(stored(SERIAL, "enr-1", SEED).belongsTo(unassignedOurs("enr-1"))).isTrue();
  }

  @Test
  void doesNotBelongToADeviceAtAnotherSerial() {
    assertThat(stored(OTHER_SERIAL, "enr-1", SEED).belongsTo(unassignedOurs("enr-1"))).isFalse();
  }

  @Test
  void doesNotBelongToADeviceOfAnotherEnrollment() {
    assertThat(stored(SERIAL, "enr-1", SEED).belongsTo(unassignedOurs("enr-2"))).isFalse();
  }

  @Test
  void doesNotBelongToAnUntaggedDevice() {
    assertThat(stored(SERIAL, "enr-1", SEED).belongsTo(unassignedUntagged())).isFalse();
  }
}
