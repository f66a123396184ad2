package io.rootmfa.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootmfa.operator.chaos.ChaosWorld.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard asks only for what the operator exports: every query's metric
 * names, and the labels it groups or filters by, appear on {@code /q/metrics} of the operator
 * running as a process from the built jar after an enrollment.
 */
class GrafanaDashboardIT extends AgainstOperatorProcesses {
  static final Path DASHBOARD = Path.of("helm/rootmfa-operator/dashboards/rootmfa-operator.json");
  static final Pattern METRIC = Pattern.compile("\\b(rootmfa_[a-z_]+)\\b");
  static final Pattern GROUP_BY = Pattern.compile("by \\(([^)]*)\\)");
  static final Pattern MATCHER = Pattern.compile("\\{([^}]*)\\}");
  static final Set<String> PROMQL_LABELS = Set.of("le");

  @Test
  void everyQueryNamesMetricsAndLabelsTheOperatorExports() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    List<String> queries = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
    assertThat(queries).hasSizeGreaterThanOrEqualTo(6);

    Target t = world.newTarget("dashboard", false);
    OperatorProcess operator =
        world.startOperator("dashboard-" + t.namespace(), List.of(t.namespace()), Map.of());
    Awaitility.await("an enrollment to report on")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> world.readyReason(t).equals(Optional.of("Compliant")));
    String metrics = operator.scrapeMetrics();
    assertThat(operator.stop()).isTrue();

    for (String query : queries) {
      Matcher m = METRIC.matcher(query);
      List<String> names = new ArrayList<>();
      while (m.find()) {
        names.add(m.group(1));
      }
      assertThat(names).as("query names a metric: %s", query).isNotEmpty();
      for (String name : names) {
        List<String> series =
            metrics
                .lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .toList();
        assertThat(series).as("/q/metrics exports %s (query %s)", name, query).isNotEmpty();
        for (String label : labels(query)) {
          assertThat(series)
              .as("%s carries label %s (query %s)", name, label, query)
              .anyMatch(l -> l.contains(label + "=\""));
        }
      }
    }
  }

  /** The label names a query groups by or matches on, PromQL's own (le) aside. */
  private static List<String> labels(String query) {
    List<String> labels = new ArrayList<>();
    Matcher by = GROUP_BY.matcher(query);
    while (by.find()) {
      for (String l : by.group(1).split(",")) {
        if (!l.isBlank() && !PROMQL_LABELS.contains(l.trim())) {
          labels.add(l.trim());
        }
      }
    }
    Matcher matcher = MATCHER.matcher(query);
    while (matcher.find()) {
      for (String pair : matcher.group(1).split(",")) {
        labels.add(pair.split("=")[0].trim());
      }
    }
    return labels;
  }
}
