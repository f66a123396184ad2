package io.rootmfa.operator.api;

/** Selects the operator pod's own AWS identity; it has no fields: write {@code default: {}}. */
public class DefaultChain {
}
