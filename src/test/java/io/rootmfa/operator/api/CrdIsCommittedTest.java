package io.rootmfa.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRD in {@code crds/} is the one the build generates from the API classes
 * (crd-generator-maven-plugin), with the printer columns in the order the class declares them. Run
 * with {@code -Dcrd.update=true} (make crd) to rewrite it.
 */
class CrdIsCommittedTest {
  static final Path COMMITTED = Path.of("crds/rootmfapolicies.rootmfa.io-v1.yml");
  private static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/rootmfapolicies.rootmfa.io-v1.yml");

  @Test
  void committedCrdMatchesTheGeneratedOne() throws IOException {
    String expected = render();
    if (Boolean.getBoolean("crd.update")) {
      Files.writeString(COMMITTED, expected);
    }
    assertThat(Files.readString(COMMITTED))
        .as("crds/ differs from the CRD generated from the API classes: run 'make crd' and commit")
        .isEqualTo(expected);
  }

  @Test
  void printerColumnsAreInTheDocumentedOrder() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Account", "Mode", "Target", "MFA", "Ready", "Reason", "Age");
  }

  static String render() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(GENERATED), CustomResourceDefinition.class);
    List<String> order =
        Arrays.stream(RootMfaPolicy.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    crd.getSpec()
        .getVersions()
        .forEach(
            v ->
                v.getAdditionalPrinterColumns()
                    .sort(Comparator.comparingInt(c -> order.indexOf(c.getName()))));
    return "# Generated from src/main/java/io/rootmfa/operator/api by 'make crd'. Do not edit.\n"
        + Serialization.asYaml(crd);
  }
}
