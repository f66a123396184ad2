package io.rootmfa.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.workflow.ReplicaSync.NotInSync;
import io.rootmfa.operator.workflow.ReplicaSync.Reported;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicaSyncTest {

  @Test
  void inSyncAndInProgressReplicasAreNoProblem() {
    List<NotInSync> problems =
        ReplicaSync.notInSync(
            List.of("eu-west-1", "us-west-2"),
            List.of(
                new Reported("eu-west-1", "InSync", "Replication succeeded"),
                new Reported("us-west-2", "InProgress", null)));
    assertThat(problems).isEmpty();
    assertThat(ReplicaSync.describe(problems)).isEmpty();
  }

  @Test
  void aFailedReplicaIsReportedWithAwsStatusMessage() {
    List<NotInSync> problems =
        ReplicaSync.notInSync(
            List.of("eu-west-1", "us-west-2"),
            List.of(
                new Reported("eu-west-1", "InSync", "Replication succeeded"),
                new Reported("us-west-2", "Failed", "Access to KMS is not allowed")));
    assertThat(problems)
        .containsExactly(new NotInSync("us-west-2", "Access to KMS is not allowed"));
    assertThat(ReplicaSync.describe(problems))
        .isEqualTo(Optional.of("its replica in us-west-2 failed: Access to KMS is not allowed"));
  }

  @Test
  void aRegionMissingFromTheListIsReportedAndExtraRegionsAreIgnored() {
    List<NotInSync> problems =
        ReplicaSync.notInSync(
            List.of("eu-west-1", "ap-south-1"),
            List.of(
                new Reported("eu-west-1", "Failed", " "),
                new Reported("ca-central-1", "Failed", "not asked for")));
    assertThat(problems).extracting(NotInSync::region).containsExactly("eu-west-1", "ap-south-1");
    assertThat(problems.get(0).why()).contains("no status message");
    assertThat(problems.get(1).why()).contains("no replica");
  }

  @Test
  void noReplicaRegionsAskedForMeansNothingToReport() {
    assertThat(ReplicaSync.notInSync(List.of(), List.of(new Reported("eu-west-1", "Failed", "x"))))
        .isEmpty();
  }
}
