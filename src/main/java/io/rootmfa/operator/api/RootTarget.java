package io.rootmfa.operator.api;

/** Selects the account's root user; it has no fields: write {@code root: {}}. */
@com.fasterxml.jackson.databind.annotation.JsonSerialize
public class RootTarget {}
