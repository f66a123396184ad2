package io.rootmfa.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.rootmfa.operator.api.v1alpha1.RootMfaAccountBinding;
import io.rootmfa.operator.api.v1alpha1.RootMfaAccountBindingSpec;
import io.rootmfa.operator.aws.OrganizationUnitMembers;
import io.rootmfa.operator.workflow.AccountPermission;
import io.rootmfa.operator.workflow.CredentialKind;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Asks {@link AccountPermission} with the platform team's RootMfaAccountBindings, read from an
 * informer's cache (no API call per reconcile), and, only when an OU binding could permit an
 * account, with AWS Organizations' answer on which OUs hold it. Until the informer is registered
 * there are no bindings, so nothing is permitted.
 */
public final class AccountGate {
  private final OrganizationUnitMembers units;
  private volatile @Nullable InformerEventSource<RootMfaAccountBinding, ?> bindings;
  private final Map<String, Converted> converted = new ConcurrentHashMap<>();

  public AccountGate(OrganizationUnitMembers units) {
    this.units = units;
  }

  /**
   * The informer of bindings for a controller of {@code primary} resources. Any change to a binding
   * re-reconciles every primary resource the controller has (a binding names namespaces, and on an
   * update the ones it no longer names matter as much as the new ones): bindings change rarely, and
   * a binding added or removed takes effect at once.
   */
  public <P extends HasMetadata> InformerEventSource<RootMfaAccountBinding, P> eventSource(
      EventSourceContext<P> context, Class<P> primary) {
    InformerEventSource<RootMfaAccountBinding, P> source =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(RootMfaAccountBinding.class, primary)
                .withName("rootmfa-account-bindings")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(
                    binding ->
                        context
                            .getPrimaryCache()
                            .list()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    this.bindings = source;
    return source;
  }

  /** Whether {@code namespace} may reach {@code accountId} with {@code kind}, and how. */
  public AccountPermission.Answer check(String namespace, String accountId, CredentialKind kind) {
    List<AccountPermission.Binding> all = bindings();
    AccountPermission.Request request = new AccountPermission.Request(namespace, accountId, kind);
    AccountPermission.Answer answer = AccountPermission.decide(all, request, Optional.empty());
    if (answer instanceof AccountPermission.NeedsUnits needs) {
      return AccountPermission.decide(
          all, request, Optional.of(units.holding(accountId, needs.units())));
    }
    return answer;
  }

  /** Whether any binding lets {@code namespace} use {@code kind} (organization policies). */
  public AccountPermission.Answer checkNamespace(String namespace, CredentialKind kind) {
    return AccountPermission.decideNamespace(bindings(), namespace, kind);
  }

  List<AccountPermission.Binding> bindings() {
    InformerEventSource<RootMfaAccountBinding, ?> source = bindings;
    if (source == null) {
      return List.of();
    }
    return source.list().map(this::converted).flatMap(Optional::stream).toList();
  }

  /**
   * A binding as {@link AccountPermission} reads it, converted once per version: a binding can name
   * thousands of accounts, and copying them into a set on every reconcile cost more CPU than the
   * rest of an enrollment. Entries of bindings that are gone are dropped when another is converted.
   */
  private Optional<AccountPermission.Binding> converted(RootMfaAccountBinding b) {
    String uid = b.getMetadata().getUid();
    String version = b.getMetadata().getResourceVersion();
    if (uid == null || version == null) {
      return binding(b);
    }
    Converted known = converted.get(uid);
    if (known != null && known.resourceVersion().equals(version)) {
      return known.binding();
    }
    Optional<AccountPermission.Binding> fresh = binding(b);
    InformerEventSource<RootMfaAccountBinding, ?> source = bindings;
    if (source != null) {
      Set<String> present =
          source.list().map(x -> x.getMetadata().getUid()).collect(Collectors.toSet());
      converted.keySet().retainAll(present);
    }
    converted.put(uid, new Converted(version, fresh));
    return fresh;
  }

  private record Converted(String resourceVersion, Optional<AccountPermission.Binding> binding) {}

  private static Optional<AccountPermission.Binding> binding(RootMfaAccountBinding b) {
    RootMfaAccountBindingSpec spec = b.getSpec();
    if (spec == null || b.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    return Optional.of(
        new AccountPermission.Binding(
            b.getMetadata().getName(),
            set(spec.getNamespaces()),
            set(spec.getAccounts()),
            set(spec.getOrganizationalUnits()),
            set(spec.getCredentialKinds()).stream()
                .map(CredentialKind::ofField)
                .flatMap(Optional::stream)
                .collect(Collectors.toSet())));
  }

  private static Set<String> set(@Nullable Collection<String> values) {
    return values == null ? Set.of() : Set.copyOf(values);
  }
}
