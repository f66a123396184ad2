package io.rootmfa.operator.api.v1alpha1;

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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD in {@code crds/} is the one the build generates from the API classes
 * (crd-generator-maven-plugin), with the printer columns in the order the class declares them (its
 * own, then those it inherits, e.g. from {@link ConditionedResource}). Run with {@code
 * -Dcrd.update=true} (make crd) to rewrite it.
 */
class CrdIsCommittedTest {
  static final Path COMMITTED = Path.of("crds/rootmfapolicies.rootmfa.io-v1.yml");

  /** One generated CRD: the class it comes from and its printer columns, in documented order. */
  record Crd(Class<?> kind, String file, List<String> columns, Map<String, String> itemPatterns) {
    Crd(Class<?> kind, String file, List<String> columns) {
      this(kind, file, columns, Map.of());
    }

    Path committed() {
      return Path.of("crds/" + file);
    }

    Path generated() {
      return Path.of("target/classes/META-INF/fabric8/" + file);
    }

    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Crd> crds() {
    return Stream.of(
        new Crd(
            RootMfaPolicy.class,
            "rootmfapolicies.rootmfa.io-v1.yml",
            List.of("Account", "Mode", "Target", "MFA", "Ready", "Reason", "Age")),
        new Crd(
            OrganizationRootMfaPolicy.class,
            "organizationrootmfapolicies.rootmfa.io-v1.yml",
            List.of("Accounts", "Compliant", "NonCompliant", "Ready", "Reason", "Age")),
        new Crd(
            RootMfaAccountBinding.class,
            "rootmfaaccountbindings.rootmfa.io-v1.yml",
            List.of("Namespaces", "Accounts", "OUs", "Kinds", "Age"),
            RootMfaAccountBindingSpec.ITEM_PATTERNS));
  }

  @ParameterizedTest
  @MethodSource("crds")
  void committedCrdMatchesTheGeneratedOne(Crd crd) throws IOException {
    String expected = render(crd);
    if (Boolean.getBoolean("crd.update")) {
      Files.writeString(crd.committed(), expected);
    }
    assertThat(Files.readString(crd.committed()))
        .as("crds/ differs from the CRD generated from the API classes: run 'make crd' and commit")
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("crds")
  void printerColumnsAreInTheDocumentedOrder(Crd crd) throws IOException {
    CustomResourceDefinition definition =
        Serialization.unmarshal(Files.readString(crd.committed()), CustomResourceDefinition.class);
    assertThat(definition.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactlyElementsOf(crd.columns());
  }

  static String render(Crd crd) throws IOException {
    CustomResourceDefinition definition =
        Serialization.unmarshal(Files.readString(crd.generated()), CustomResourceDefinition.class);
    // The kind's own columns, then its superclasses' (the generator reads the whole hierarchy).
    List<String> order =
        Stream.<Class<?>>iterate(crd.kind(), c -> c != Object.class, Class::getSuperclass)
            .flatMap(c -> Arrays.stream(c.getAnnotationsByType(AdditionalPrinterColumn.class)))
            .map(AdditionalPrinterColumn::name)
            .toList();
    definition
        .getSpec()
        .getVersions()
        .forEach(
            v ->
                v.getAdditionalPrinterColumns()
                    .sort(Comparator.comparingInt(c -> order.indexOf(c.getName()))));
    crd.itemPatterns()
        .forEach(
            (field, pattern) ->
                definition
                    .getSpec()
                    .getVersions()
                    .forEach(
                        v ->
                            v.getSchema()
                                .getOpenAPIV3Schema()
                                .getProperties()
                                .get("spec")
                                .getProperties()
                                .get(field)
                                .getItems()
                                .getSchema()
                                .setPattern(pattern)));
    return "# Generated from src/main/java/io/rootmfa/operator/api/v1alpha1 by 'make crd'. Do not edit.\n"
        + Serialization.asYaml(definition);
  }
}
