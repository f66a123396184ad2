package io.rootmfa.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.workflow.OrganizationFanOut.Readiness;
import io.rootmfa.operator.workflow.OrganizationFanOut.Standing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The workflow's notions of ready, stalled and awaiting (for a policy's reason, and for an
 * organization policy's standing) are what hack/kstatus's tables say kstatus and Argo CD must
 * compute; hack/status-verdicts.sh checks those tables against both tools on objects the operator
 * wrote.
 */
class VerdictTablesTest {
  record Row(String kstatus, String argocd) {}

  /** The table's rows by their first column. */
  static Map<String, Row> table(String path) throws IOException {
    Map<String, Row> rows = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of(path))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] columns = line.trim().split("\\s+");
      rows.put(columns[0], new Row(columns[1], columns[2]));
    }
    return rows;
  }

  /** What kstatus and Argo CD compute for a standing. */
  static Row verdict(Standing standing) {
    return switch (standing) {
      case READY -> new Row("Current", "Healthy");
      case RECONCILING -> new Row("InProgress", "Progressing");
      case STALLED -> new Row("Failed", "Degraded");
      case SUSPENDED -> new Row("InProgress", "Suspended");
    };
  }

  @Test
  void everyPolicyReasonIsReadAsItsReadyStalledAndAwaitingPropertiesSay() throws IOException {
    Map<String, Row> table = table("hack/kstatus/verdicts.txt");
    for (Reason reason : Reason.values()) {
      Standing standing =
          reason.ready()
              ? Standing.READY
              : reason.stalled()
                  ? Standing.STALLED
                  : reason.awaitsEnrollment() ? Standing.SUSPENDED : Standing.RECONCILING;
      assertThat(table.get(reason.name())).as(reason.name()).isEqualTo(verdict(standing));
    }
  }

  @Test
  void everyStateOfAnOrganizationPolicyHasItsRowAndEveryRowIsAState() throws IOException {
    Map<String, Row> table = table("hack/kstatus/organization-verdicts.txt");
    List<Readiness> states =
        List.of(
            OrganizationFanOut.readiness(2, 1, Map.of("Compliant", 1)),
            OrganizationFanOut.readiness(1, 1, Map.of("Compliant", 1)),
            OrganizationFanOut.readiness(2, 2, Map.of("Compliant", 1, "NonCompliant", 1)),
            OrganizationFanOut.readiness(2, 2, Map.of("Compliant", 1, "Unknown", 1)),
            OrganizationFanOut.readiness(2, 2, Map.of("Compliant", 1, "AwaitingBreakGlass", 1)),
            OrganizationFanOut.refused(Reason.InvalidSpec, "why"),
            OrganizationFanOut.refused(Reason.AccountNotPermitted, "why"),
            OrganizationFanOut.refused(Reason.AccessDenied, "why"),
            OrganizationFanOut.refused(Reason.AwsUnavailable, "why"));
    Map<String, Row> reached = new TreeMap<>();
    for (Readiness state : states) {
      String qualified =
          state.reason()
              + (state.stalled() ? "/Stalled" : state.reconciling() ? "/Reconciling" : "");
      String key = table.containsKey(state.reason()) ? state.reason() : qualified;
      reached.put(key, verdict(state.standing()));
    }
    assertThat(reached).isEqualTo(table);
  }
}
