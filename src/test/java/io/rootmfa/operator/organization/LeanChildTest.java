package io.rootmfa.operator.organization;

import static io.rootmfa.operator.organization.OrganizationRootMfaPolicyReconciler.ACCOUNT_LABEL;
import static io.rootmfa.operator.organization.OrganizationRootMfaPolicyReconciler.PARENT_LABEL;
import static io.rootmfa.operator.organization.OrganizationRootMfaPolicyReconciler.TEMPLATE_HASH;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicySpec;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The copy of a child that the organization policy's informer keeps. */
class LeanChildTest {

  @Test
  void keepsWhatTheParentCountsAndDropsTheRest() {
    RootMfaPolicy child = new RootMfaPolicy();
    child.setMetadata(
        new ObjectMetaBuilder()
            .withName("org-200000000001")
            .withNamespace("team")
            .withUid("uid-1")
            .withResourceVersion("42")
            .withLabels(Map.of(PARENT_LABEL, "org", ACCOUNT_LABEL, "200000000001"))
            .withAnnotations(Map.of(TEMPLATE_HASH, "abcd", "note", "kept by the API server only"))
            .withManagedFields(new ManagedFieldsEntryBuilder().withManager("operator").build())
            .withFinalizers("rootmfa.io/finalizer")
            .build());
    RootMfaPolicySpec spec = new RootMfaPolicySpec();
    spec.setAccountId("200000000001");
    child.setSpec(spec);
    RootMfaPolicyStatus status = new RootMfaPolicyStatus();
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Stalled")
                .withStatus("False")
                .withReason("Checked")
                .build(),
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("NotApplicable")
                .withMessage("root cannot sign in")
                .build()));
    status.setLastCheckedAt("2026-11-29T12:00:00Z");
    child.setStatus(status);

    RootMfaPolicy lean = OrganizationRootMfaPolicyReconciler.lean(child);

    assertThat(lean.getMetadata().getName()).isEqualTo("org-200000000001");
    assertThat(lean.getMetadata().getNamespace()).isEqualTo("team");
    assertThat(lean.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(lean.getMetadata().getLabels())
        .containsEntry(PARENT_LABEL, "org")
        .containsEntry(ACCOUNT_LABEL, "200000000001");
    assertThat(lean.getMetadata().getAnnotations()).containsOnly(Map.entry(TEMPLATE_HASH, "abcd"));
    assertThat(lean.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(lean.getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(lean.getSpec()).isNull();
    assertThat(lean.getStatus().getLastCheckedAt()).isNull();
    assertThat(lean.getStatus().getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getReason()).isEqualTo("NotApplicable");
              assertThat(c.getMessage()).isNull();
            });
  }

  @Test
  void aChildWithoutStatusStaysWithoutStatus() {
    RootMfaPolicy child = new RootMfaPolicy();
    child.setMetadata(
        new ObjectMetaBuilder()
            .withName("org-200000000002")
            .withNamespace("team")
            .withLabels(Map.of(PARENT_LABEL, "org", ACCOUNT_LABEL, "200000000002"))
            .build());

    RootMfaPolicy lean = OrganizationRootMfaPolicyReconciler.lean(child);

    assertThat(lean.getStatus()).isNull();
    assertThat(lean.getMetadata().getAnnotations()).isNullOrEmpty();
  }
}
