package io.rootmfa.operator.api.v1alpha1;

/**
 * Selects {@code sts:AssumeRoot}: the operator's own identity, in the organization's management
 * account or in IAM's delegated administrator account, opens short root sessions (at most 900 s) in
 * the policy's member account, scoped by AWS's root-task policies. It has no fields: write {@code
 * assumeRoot: {}}.
 */
@com.fasterxml.jackson.databind.annotation.JsonSerialize
public class AssumeRoot {}
