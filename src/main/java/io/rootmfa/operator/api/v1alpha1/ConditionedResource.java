package io.rootmfa.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * A namespaced kind of this API whose status carries a {@code Ready} condition: {@code kubectl get}
 * shows, after the kind's own columns, that condition's status and reason and the resource's age.
 * The CRD generator reads printer columns up the class hierarchy, so these are declared once here.
 */
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public abstract class ConditionedResource<S, T> extends CustomResource<S, T>
    implements Namespaced {}
