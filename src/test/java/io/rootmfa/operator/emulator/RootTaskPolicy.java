package io.rootmfa.operator.emulator;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The AWS managed task policies {@code sts:AssumeRoot} scopes a root session with, as AWS's
 * managed-policy reference publishes them (IAM User Guide, "AWS managed policies for AWS Identity
 * and Access Management"): a {@code Deny} on every action outside {@link #actions()}, and a second
 * {@code Deny} of those actions on any resource other than {@code arn:aws:iam::*:root}, except for
 * the {@link #anyResourceActions()} that statement does not list.
 */
enum RootTaskPolicy {
  /** Reads root's password, access keys, signing certificates and MFA devices. */
  AUDIT_ROOT_USER_CREDENTIALS(
      "IAMAuditRootUserCredentials",
      Set.of(
          "iam:ListAccessKeys",
          "iam:ListSigningCertificates",
          "iam:GetLoginProfile",
          "iam:ListMFADevices",
          "iam:GetAccountSummary",
          "iam:GetUser",
          "iam:GetAccessKeyLastUsed"),
      Set.of("iam:GetAccountSummary")),
  /**
   * Deletes root's password, access keys and signing certificates, and deactivates MFA (AWS removed
   * {@code iam:DeleteVirtualMFADevice} from it on 2025-01-07).
   */
  DELETE_ROOT_USER_CREDENTIALS(
      "IAMDeleteRootUserCredentials",
      Set.of(
          "iam:DeleteAccessKey",
          "iam:DeleteSigningCertificate",
          "iam:DeleteLoginProfile",
          "iam:DeactivateMFADevice",
          "iam:ListAccessKeys",
          "iam:ListSigningCertificates",
          "iam:GetLoginProfile",
          "iam:ListMFADevices",
          "iam:GetUser",
          "iam:GetAccessKeyLastUsed"),
      Set.of()),
  /** Lets root's password be created again (password recovery). */
  CREATE_ROOT_USER_PASSWORD(
      "IAMCreateRootUserPassword",
      Set.of("iam:CreateLoginProfile", "iam:GetLoginProfile"),
      Set.of());

  static final String ARN_PREFIX = "arn:aws:iam::aws:policy/root-task/";

  private final String policyName;
  private final Set<String> actions;
  private final Set<String> anyResourceActions;

  RootTaskPolicy(String policyName, Set<String> actions, Set<String> anyResourceActions) {
    this.policyName = policyName;
    this.actions = actions;
    this.anyResourceActions = anyResourceActions;
  }

  String arn() {
    return ARN_PREFIX + policyName;
  }

  Set<String> actions() {
    return actions;
  }

  Set<String> anyResourceActions() {
    return anyResourceActions;
  }

  /** Whether the session policy lets {@code action} on {@code resource} through. */
  boolean allows(String action, String resource) {
    String normalized = canonical(action);
    if (normalized == null) {
      return false;
    }
    return anyResourceActions.contains(normalized) || resource.matches("arn:aws:iam::\\d{12}:root");
  }

  private String canonical(String action) {
    return actions.stream().filter(a -> a.equalsIgnoreCase(action)).findFirst().orElse(null);
  }

  static Optional<RootTaskPolicy> byArn(String arn) {
    return Arrays.stream(values()).filter(p -> p.arn().equals(arn)).findFirst();
  }
}
