package io.rootmfa.operator.workflow;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether a namespace may reach an account with a credential kind: the platform team's bindings
 * decide, and nothing is permitted until bound. A policy that is not permitted makes no AWS call.
 *
 * <p>Accounts are bound by id or through AWS Organizations OUs. OU membership is never read from
 * Kubernetes objects (labels are tenant-writable): when only an OU binding could permit an account,
 * the answer is {@link NeedsUnits}, the caller asks AWS Organizations (as the operator) which of
 * those OUs hold the account, and decides again with that answer.
 */
public final class AccountPermission {
  private AccountPermission() {}

  /** A RootMfaAccountBinding, as the decision needs it. */
  public record Binding(
      String name,
      Set<String> namespaces,
      Set<String> accounts,
      Set<String> organizationalUnits,
      Set<CredentialKind> kinds) {}

  /** What a policy asks for: its namespace, its account and how it reaches it. */
  public record Request(String namespace, String accountId, CredentialKind kind) {
    String describe() {
      return "namespace "
          + namespace
          + " to target account "
          + accountId
          + " with credentials."
          + kind.field();
    }
  }

  /** The answer. */
  public sealed interface Answer {}

  /**
   * Permitted by {@code binding}; {@code externalId} is what the operator sends to sts:AssumeRole.
   */
  public record Permitted(String binding, String externalId) implements Answer {}

  /** Not permitted: no AWS call; the message names namespace, account and credential kind. */
  public record NotPermitted(String message) implements Answer {}

  /** Only these OUs could permit the account: ask AWS Organizations which of them hold it. */
  public record NeedsUnits(Set<String> units) implements Answer {}

  /** The external id for a policy in {@code namespace} permitted by {@code binding}. */
  public static String externalId(String binding, String namespace) {
    return "rootmfa:" + binding + ":" + namespace;
  }

  /**
   * Decides for {@code request}. Among the bindings that name the namespace and the kind, the first
   * by name that lists the account permits it; else the first by name with an OU in {@code
   * unitsHoldingAccount} (empty: not asked yet).
   */
  public static Answer decide(
      List<Binding> bindings, Request request, Optional<Set<String>> unitsHoldingAccount) {
    List<Binding> candidates =
        bindings.stream()
            .filter(b -> b.namespaces().contains(request.namespace()))
            .filter(b -> b.kinds().contains(request.kind()))
            .sorted(Comparator.comparing(Binding::name))
            .toList();
    Optional<Binding> direct =
        candidates.stream().filter(b -> b.accounts().contains(request.accountId())).findFirst();
    if (direct.isPresent()) {
      return permitted(direct.get(), request);
    }
    Set<String> units =
        candidates.stream()
            .flatMap(b -> b.organizationalUnits().stream())
            .collect(Collectors.toCollection(TreeSet::new));
    if (units.isEmpty()) {
      return notPermitted(bindings, request);
    }
    if (unitsHoldingAccount.isEmpty()) {
      return new NeedsUnits(units);
    }
    Set<String> holding = unitsHoldingAccount.get();
    return candidates.stream()
        .filter(b -> b.organizationalUnits().stream().anyMatch(holding::contains))
        .findFirst()
        .<Answer>map(b -> permitted(b, request))
        .orElseGet(() -> notPermitted(bindings, request));
  }

  /**
   * Whether any binding lets {@code namespace} use {@code kind} at all: an organization policy,
   * whose accounts are known only after listing the organization, lists it only then.
   */
  public static Answer decideNamespace(
      List<Binding> bindings, String namespace, CredentialKind kind) {
    return bindings.stream()
        .filter(b -> b.namespaces().contains(namespace) && b.kinds().contains(kind))
        .min(Comparator.comparing(Binding::name))
        .<Answer>map(b -> new Permitted(b.name(), externalId(b.name(), namespace)))
        .orElseGet(
            () ->
                new NotPermitted(
                    "no RootMfaAccountBinding permits namespace "
                        + namespace
                        + " to use credentials."
                        + kind.field()
                        + "; the organization is not listed and no AWS call is made until the "
                        + "platform team binds this namespace"));
  }

  private static Permitted permitted(Binding binding, Request request) {
    return new Permitted(binding.name(), externalId(binding.name(), request.namespace()));
  }

  private static NotPermitted notPermitted(List<Binding> bindings, Request request) {
    List<String> otherKinds =
        bindings.stream()
            .filter(b -> b.namespaces().contains(request.namespace()))
            .filter(b -> b.accounts().contains(request.accountId()))
            .map(
                b ->
                    b.name()
                        + " ("
                        + b.kinds().stream()
                            .map(CredentialKind::field)
                            .sorted()
                            .collect(Collectors.joining(", "))
                        + ")")
            .sorted()
            .toList();
    String hint =
        otherKinds.isEmpty()
            ? ""
            : "; binding " + String.join(", ", otherKinds) + " permits only other kinds";
    return new NotPermitted(
        "no RootMfaAccountBinding permits "
            + request.describe()
            + hint
            + "; this policy makes no AWS call until the platform team binds it");
  }
}
