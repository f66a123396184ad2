package io.rootmfa.operator.workflow;

import java.util.Arrays;
import java.util.Optional;

/** How a policy reaches its account: the field of spec.credentials it sets. */
public enum CredentialKind {
  AssumeRole("assumeRole"),
  SecretRef("secretRef"),
  Default("default"),
  AssumeRoot("assumeRoot");

  private final String field;

  CredentialKind(String field) {
    this.field = field;
  }

  /** The name in spec.credentials and in a binding's credentialKinds. */
  public String field() {
    return field;
  }

  public static Optional<CredentialKind> ofField(String field) {
    return Arrays.stream(values()).filter(k -> k.field.equals(field)).findFirst();
  }
}
