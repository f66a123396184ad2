package io.rootmfa.operator.workflow;

import java.util.Optional;

/** The principal a policy protects: the account's root user or a named IAM user. */
public record TargetRef(Optional<String> userName) {

  public static TargetRef root() {
    return new TargetRef(Optional.empty());
  }

  public static TargetRef iamUser(String userName) {
    return new TargetRef(Optional.of(userName));
  }

  public boolean isRoot() {
    return userName.isEmpty();
  }

  /** {@code root} or {@code iamUser/<name>}: stable, used in status, secrets and device tags. */
  public String describe() {
    return userName.map(n -> "iamUser/" + n).orElse("root");
  }
}
