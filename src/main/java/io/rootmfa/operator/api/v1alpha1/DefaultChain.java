package io.rootmfa.operator.api.v1alpha1;

/** Selects the operator pod's own AWS identity; it has no fields: write {@code default: {}}. */
@com.fasterxml.jackson.databind.annotation.JsonSerialize
public class DefaultChain {}
