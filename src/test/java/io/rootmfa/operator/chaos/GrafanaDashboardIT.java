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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard asks only for what the operator exports: every query's metric
 * names, and the labels it groups or filters by, appear on {@code /q/metrics} of the operator
 * running as a process from the built jar after an enrollment and after an organization policy's
 * child in an OU was audited (so the per-OU panels find the OU's id in {@code
 * organizational_unit}).
 */
class GrafanaDashboardIT extends AgainstOperatorProcesses {
  static final Path DASHBOARD = Path.of("helm/rootmfa-operator/dashboards/rootmfa-operator.json");
  static final Pattern METRIC = Pattern.compile("\\b(rootmfa_[a-z_]+)\\b");
  static final Pattern GROUP_BY = Pattern.compile("by \\(([^)]*)\\)");
  static final Pattern MATCHER = Pattern.compile("\\{([^}]*)\\}");
  static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");
  static final Set<String> PROMQL_LABELS = Set.of("le");

  @Test
  void everyQueryNamesMetricsAndLabelsTheOperatorExports() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    List<String> queries = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
    assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
    List<String> variables = new ArrayList<>();
    dashboard
        .path("templating")
        .path("list")
        .forEach(v -> variables.add(v.path("query").path("query").asText()));
    assertThat(variables).anyMatch(v -> LABEL_VALUES.matcher(v).matches());

    Target t = world.newTarget("dashboard", false);
    ChaosWorld.OrganizationPolicy organization = world.newOrganizationPolicy("dashboard");
    Target child = organization.child();
    String unit = organization.unit();

    OperatorProcess operator =
        world.startOperator(
            "dashboard-" + t.namespace(),
            List.of(t.namespace(), organization.namespace()),
            world.managementIdentity());
    Awaitility.await("an enrollment and an organization child to report on")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                world.readyReason(t).equals(Optional.of("Compliant"))
                    && world.readyReason(child).equals(Optional.of("NotApplicable")));
    String metrics = operator.scrapeMetrics();
    assertThat(operator.stop()).isTrue();
    assertThat(metrics.lines())
        .as("the child's Ready series carries its OU")
        .anyMatch(
            l ->
                l.startsWith("rootmfa_policy_ready{")
                    && l.contains("organizational_unit=\"" + unit + "\"")
                    && l.contains("account=\"" + organization.memberAccountId() + "\""));

    for (String variable : variables) {
      Matcher values = LABEL_VALUES.matcher(variable);
      if (values.matches()) {
        assertThat(metrics.lines())
            .as("variable %s: /q/metrics exports the label", variable)
            .anyMatch(
                l -> l.startsWith(values.group(1) + "{") && l.contains(values.group(2) + "=\""));
      }
    }
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
