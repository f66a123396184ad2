package io.rootmfa.operator.organization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicySpec;
import io.rootmfa.operator.api.v1alpha1.OrganizationRootMfaPolicyStatus;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicySpec;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicyStatus;
import io.rootmfa.operator.aws.AccountSessions;
import io.rootmfa.operator.aws.AwsCallException;
import io.rootmfa.operator.aws.AwsFailures;
import io.rootmfa.operator.aws.OrganizationDirectory;
import io.rootmfa.operator.aws.OrganizationUnitMembers;
import io.rootmfa.operator.reconciler.AccountGate;
import io.rootmfa.operator.reconciler.StatusConditions;
import io.rootmfa.operator.reconciler.StatusPatch;
import io.rootmfa.operator.workflow.AccountPermission;
import io.rootmfa.operator.workflow.CredentialKind;
import io.rootmfa.operator.workflow.OrganizationFanOut;
import io.rootmfa.operator.workflow.OrganizationFanOut.ExistingChild;
import io.rootmfa.operator.workflow.OrganizationFanOut.ListedAccount;
import io.rootmfa.operator.workflow.Reason;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import lombok.extern.jbosslog.JBossLog;
import org.jspecify.annotations.Nullable;

/**
 * Reconciles an {@link OrganizationRootMfaPolicy}: list the organization (read-only, with the
 * operator's own identity), select the ACTIVE accounts, and keep exactly one child {@link
 * RootMfaPolicy} per selected account in the same namespace, owned by this resource, named {@code
 * <name>-<accountId>}, labelled with the account and its OU. Children are created in paced batches
 * (at most {@code childCreationsPerSecond} per pass, one pass per second); a child whose account
 * left is deleted (its own finalizer records that the AWS state is retained). A failed listing
 * changes no child.
 *
 * <p>The children are read from an informer of their own (selected by {@link #PARENT_LABEL}, each
 * kept as a {@link #lean} copy), not listed from the API server on every pass; a child wakes its
 * parent only when it appears, disappears, or changes what the parent counts (Ready reason, account
 * label, template hash), and a parent runs at most one pass per second however many of its children
 * change.
 */
@ControllerConfiguration(name = OrganizationRootMfaPolicyReconciler.NAME)
@RateLimited(maxReconciliations = 1, within = 1, unit = java.util.concurrent.TimeUnit.SECONDS)
@JBossLog
public class OrganizationRootMfaPolicyReconciler implements Reconciler<OrganizationRootMfaPolicy> {
  public static final String NAME = "organizationrootmfapolicy";
  public static final String PARENT_LABEL = "rootmfa.io/organization-policy";
  public static final String ACCOUNT_LABEL = "rootmfa.io/account";
  public static final String UNIT_LABEL = "rootmfa.io/organizational-unit";
  public static final String TEMPLATE_HASH = "rootmfa.io/template-hash";
  static final String READY = StatusConditions.READY;
  private static final Duration PACE = Duration.ofSeconds(1);
  private static final Duration SETTLING = Duration.ofSeconds(10);
  private static final Duration RETRY = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final AccountSessions sessions;
  private final Clock clock;
  private final AccountGate gate;

  /**
   * Each parent's last listing of the organization, kept only while children remain to be created:
   * the paced passes that follow one second apart reuse it (for at most one resync interval)
   * instead of listing thousands of accounts again, 20 per page, every second.
   */
  private final Map<String, Listing> creating = new ConcurrentHashMap<>();

  /** The children's informers by watched namespace, set when the controller starts. */
  private volatile Map<String, InformerEventSource<RootMfaPolicy, OrganizationRootMfaPolicy>>
      children = Map.of();

  private record Listing(
      long generation,
      Instant listedAt,
      Instant passStartedAt,
      OrganizationDirectory.Organization org,
      Map<String, ListedAccount> selected) {}

  @Inject
  public OrganizationRootMfaPolicyReconciler(
      KubernetesClient client, AccountSessions sessions, Clock clock) {
    this.client = client;
    this.sessions = sessions;
    this.clock = clock;
    this.gate = new AccountGate(new OrganizationUnitMembers(() -> sessions.organizations(), clock));
  }

  /**
   * This pass lists no account and changes no child: no binding lets the namespace use the
   * template's credential kind (no AWS call), or the template is not a policy spec. Ready=False
   * with this reason.
   */
  private static final class NotListed extends RuntimeException {
    final Reason reason;

    NotListed(Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    /** A problem with the spec's template, shown as InvalidSpec. */
    static NotListed invalidSpec(String message) {
      return new NotListed(Reason.InvalidSpec, message);
    }
  }

  /** The credential kind the template's children use (the schema requires exactly one). */
  private static CredentialKind credentialKind(ObjectNode template) {
    JsonNode credentials = template.path("credentials");
    for (CredentialKind kind : CredentialKind.values()) {
      if (credentials.has(kind.field())) {
        return kind;
      }
    }
    throw NotListed.invalidSpec(
        "spec.template.credentials must name one of assumeRole, secretRef, default, assumeRoot");
  }

  /**
   * The account bindings (binding or unbinding this namespace takes effect at once), and the
   * children: watches the policies that carry {@link #PARENT_LABEL} and maps each to the parent its
   * label names in its own namespace (the label selects the children, as their listing by label
   * did).
   *
   * <p>One children's informer per watched namespace, each with its own {@link #lean} item store:
   * the operator SDK hands one item store to the informers of all the namespaces a source watches,
   * and a store shared that way loses one namespace's children whenever another namespace's
   * informer lists (fabric8 drops every cached key its own list did not return).
   */
  @Override
  public List<EventSource<?, OrganizationRootMfaPolicy>> prepareEventSources(
      EventSourceContext<OrganizationRootMfaPolicy> context) {
    Map<String, InformerEventSource<RootMfaPolicy, OrganizationRootMfaPolicy>> sources =
        new HashMap<>();
    for (String namespace :
        context.getControllerConfiguration().getInformerConfig().getNamespaces()) {
      InformerEventSourceConfiguration<RootMfaPolicy> configuration =
          InformerEventSourceConfiguration.from(
                  RootMfaPolicy.class, OrganizationRootMfaPolicy.class)
              .withName("children-" + namespace)
              .withNamespaces(Set.of(namespace))
              .withLabelSelector(PARENT_LABEL)
              .withSecondaryToPrimaryMapper(
                  Mappers.fromLabel(PARENT_LABEL, null, OrganizationRootMfaPolicy.class))
              .withItemStore(new TransformingItemStore<>(OrganizationRootMfaPolicyReconciler::lean))
              .withOnUpdateFilter((updated, old) -> !counted(updated).equals(counted(old)))
              .build();
      sources.put(namespace, new InformerEventSource<>(configuration, context));
    }
    children = Map.copyOf(sources);
    List<EventSource<?, OrganizationRootMfaPolicy>> all = new ArrayList<>(sources.values());
    all.add(gate.eventSource(context, OrganizationRootMfaPolicy.class));
    return all;
  }

  /**
   * The children's informer of the parent's namespace (the only one when the operator watches all
   * namespaces or its own).
   */
  private InformerEventSource<RootMfaPolicy, OrganizationRootMfaPolicy> childrenOf(
      OrganizationRootMfaPolicy parent) {
    if (children.size() == 1) {
      return children.values().iterator().next();
    }
    return Objects.requireNonNull(
        children.get(parent.getMetadata().getNamespace()),
        "no children's informer for the parent's namespace");
  }

  /**
   * What the parent reads of a child: name, namespace, version, labels, template hash and Ready
   * reason. The informer keeps only this, not the spec, status and managed fields of thousands of
   * children that the policies' own controller caches already. Its strings are those the client
   * read, already kept once ({@code CompactObjects}), so both caches share them.
   */
  static RootMfaPolicy lean(RootMfaPolicy child) {
    RootMfaPolicy lean = new RootMfaPolicy();
    String hash = templateHash(child);
    lean.setMetadata(
        new ObjectMetaBuilder()
            .withName(child.getMetadata().getName())
            .withNamespace(child.getMetadata().getNamespace())
            .withUid(child.getMetadata().getUid())
            .withResourceVersion(child.getMetadata().getResourceVersion())
            .withDeletionTimestamp(child.getMetadata().getDeletionTimestamp())
            .withLabels(child.getMetadata().getLabels())
            .withAnnotations(hash.isEmpty() ? Map.of() : Map.of(TEMPLATE_HASH, hash))
            .build());
    String reason = readyReason(child);
    RootMfaPolicyStatus status = null;
    if (reason != null) {
      status = new RootMfaPolicyStatus();
      status.setConditions(
          List.of(new ConditionBuilder().withType(READY).withReason(reason).build()));
    }
    lean.setStatus(status);
    return lean;
  }

  /** What the parent counts of a child; a change to anything else does not wake the parent. */
  private static List<@Nullable String> counted(RootMfaPolicy child) {
    return Arrays.asList(
        child.getMetadata().getLabels() == null
            ? null
            : child.getMetadata().getLabels().get(ACCOUNT_LABEL),
        templateHash(child),
        readyReason(child));
  }

  private static String templateHash(RootMfaPolicy child) {
    return Optional.ofNullable(child.getMetadata().getAnnotations())
        .map(a -> a.get(TEMPLATE_HASH))
        .orElse("");
  }

  @Override
  public UpdateControl<OrganizationRootMfaPolicy> reconcile(
      OrganizationRootMfaPolicy parent, Context<OrganizationRootMfaPolicy> context) {
    OrganizationRootMfaPolicySpec spec = parent.getSpec();
    OrganizationRootMfaPolicyStatus previous = parent.getStatus();
    OrganizationRootMfaPolicyStatus next = new OrganizationRootMfaPolicyStatus();
    next.setObservedGeneration(parent.getMetadata().getGeneration());
    Duration resync = duration(spec.getResyncInterval(), Duration.ofMinutes(5));
    Duration again;
    try {
      ObjectNode template = template(spec);
      String hash = hash(template);
      AccountPermission.Answer permission =
          gate.checkNamespace(namespace(parent), credentialKind(template));
      if (permission instanceof AccountPermission.NotPermitted notPermitted) {
        throw new NotListed(Reason.AccountNotPermitted, notPermitted.message());
      }
      Instant passStartedAt = clock.instant();
      Listing previousPass = creating.remove(parent.getMetadata().getUid());
      Listing listing = listing(parent, resync, previousPass, passStartedAt);
      OrganizationDirectory.Organization org = listing.org();
      Map<String, ListedAccount> selected = listing.selected();
      Map<String, String> reasonOf = new HashMap<>();
      List<ExistingChild> existing = new ArrayList<>();
      for (RootMfaPolicy c : childrenOf(parent).getSecondaryResources(parent)) {
        String account = c.getMetadata().getLabels().get(ACCOUNT_LABEL);
        if (account == null) {
          continue; // selected by that label: only an edit by hand removes it
        }
        existing.add(new ExistingChild(account, c.getMetadata().getName(), templateHash(c)));
        reasonOf.put(account, readyReason(c));
      }
      int budget =
          OrganizationFanOut.creationBudget(
              spec.getChildCreationsPerSecond() == null ? 20 : spec.getChildCreationsPerSecond(),
              previousPass == null
                  ? Duration.ZERO
                  : Duration.between(previousPass.passStartedAt(), passStartedAt));
      OrganizationFanOut.Plan plan = OrganizationFanOut.plan(selected, existing, hash, budget);
      if (plan.deferred() > 0) {
        creating.put(parent.getMetadata().getUid(), listing);
      } else {
        creating.remove(parent.getMetadata().getUid());
      }
      for (ExistingChild gone : plan.delete()) {
        client
            .resources(RootMfaPolicy.class)
            .inNamespace(namespace(parent))
            .withName(gone.name())
            .delete();
        reasonOf.remove(gone.accountId());
        LOG.infof(
            "%s: account %s is no longer selected; deleted child %s (AWS state retained)",
            key(parent), gone.accountId(), gone.name());
      }
      for (ExistingChild stale : plan.update()) {
        RootMfaPolicySpec childSpec = childSpec(template, stale.accountId());
        client
            .resources(RootMfaPolicy.class)
            .inNamespace(namespace(parent))
            .withName(stale.name())
            .edit(
                p -> {
                  p.setSpec(childSpec);
                  p.getMetadata().getAnnotations().put(TEMPLATE_HASH, hash);
                  return p;
                });
      }
      for (ListedAccount account : plan.create()) {
        create(parent, account, template, hash);
        reasonOf.put(account.accountId(), null);
      }
      LOG.debugf(
          "%s: %d selected, %d created, %d updated, %d deleted, %d deferred",
          key(parent),
          selected.size(),
          plan.create().size(),
          plan.update().size(),
          plan.delete().size(),
          plan.deferred());
      Map<String, Integer> reasons = OrganizationFanOut.tally(new ArrayList<>(reasonOf.values()));
      int childCount = reasonOf.size();
      OrganizationFanOut.Readiness readiness =
          OrganizationFanOut.readiness(selected.size(), childCount, reasons);
      next.setOrganizationId(org.id());
      next.setAccounts(selected.size());
      next.setChildren(childCount);
      next.setReasons(reasons);
      int compliant =
          reasons.getOrDefault("Compliant", 0) + reasons.getOrDefault("NotApplicable", 0);
      next.setCompliant(compliant);
      next.setNonCompliant(childCount - compliant);
      next.setLastSyncedAt(
          previous != null && sameCounts(previous, next) && previous.getLastSyncedAt() != null
              ? previous.getLastSyncedAt()
              : clock.instant().toString());
      next.setConditions(conditions(previous, parent, readiness));
      again = plan.deferred() > 0 ? PACE : readiness.ready() ? resync : min(resync, SETTLING);
    } catch (NotListed e) {
      notListed(
          previous,
          parent,
          next,
          OrganizationFanOut.refused(
              e.reason, Objects.requireNonNullElse(e.getMessage(), e.reason.name())));
      again = resync;
    } catch (AwsCallException e) {
      notListed(
          previous,
          parent,
          next,
          OrganizationFanOut.refused(
              AwsFailures.isAccessDenied(e) ? Reason.AccessDenied : Reason.AwsUnavailable,
              "AWS Organizations could not be listed; no child was changed: " + e.getMessage()));
      again = RETRY;
    }
    return StatusPatch.of(parent, next, OrganizationRootMfaPolicy::new, again);
  }

  /**
   * The listing of the previous pass while it left children to create (same generation, younger
   * than {@code resync}), or a new one; either with this pass's start.
   */
  private Listing listing(
      OrganizationRootMfaPolicy parent,
      Duration resync,
      @Nullable Listing previous,
      Instant passStartedAt) {
    long generation = Optional.ofNullable(parent.getMetadata().getGeneration()).orElse(0L);
    if (previous != null
        && previous.generation() == generation
        && passStartedAt.isBefore(previous.listedAt().plus(resync))) {
      return new Listing(
          generation, previous.listedAt(), passStartedAt, previous.org(), previous.selected());
    }
    OrganizationDirectory directory = sessions.organizations();
    OrganizationDirectory.Organization org = directory.describeOrganization();
    return new Listing(
        generation, passStartedAt, passStartedAt, org, selected(directory, org, parent.getSpec()));
  }

  /** Every ACTIVE account under the selected OUs (or the roots), recursively, plus include. */
  private static Map<String, ListedAccount> selected(
      OrganizationDirectory directory,
      OrganizationDirectory.Organization org,
      OrganizationRootMfaPolicySpec spec) {
    var selector = spec.getAccounts();
    validate(selector);
    List<String> starts =
        selector != null
                && selector.getOrganizationalUnits() != null
                && !selector.getOrganizationalUnits().isEmpty()
            ? selector.getOrganizationalUnits()
            : directory.roots();
    List<ListedAccount> listed = new ArrayList<>();
    List<String> parents = new ArrayList<>(starts);
    while (!parents.isEmpty()) {
      String parentId = parents.remove(parents.size() - 1);
      directory
          .accountsOf(parentId)
          .forEach(a -> listed.add(new ListedAccount(a.id(), a.status(), parentId)));
      directory.unitsOf(parentId).forEach(u -> parents.add(u.id()));
    }
    Set<String> include =
        selector == null || selector.getInclude() == null
            ? Set.of()
            : Set.copyOf(selector.getInclude());
    Set<String> exclude =
        selector == null || selector.getExclude() == null
            ? Set.of()
            : Set.copyOf(selector.getExclude());
    if (!include.isEmpty()) {
      directory.accounts().stream()
          .filter(a -> include.contains(a.id()))
          .forEach(a -> listed.add(new ListedAccount(a.id(), a.status(), "")));
    }
    return OrganizationFanOut.select(listed, include, exclude, org.managementAccountId());
  }

  private static void validate(OrganizationRootMfaPolicySpec.@Nullable AccountSelector selector) {
    if (selector == null) {
      return;
    }
    for (String id : Optional.ofNullable(selector.getOrganizationalUnits()).orElse(List.of())) {
      if (!id.matches("^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$")) {
        throw NotListed.invalidSpec(
            "spec.accounts.organizationalUnits: '"
                + id
                + "' is not an OU id (ou-ab12-cd34ef56) or a root id (r-ab12)");
      }
    }
    for (List<String> ids :
        List.of(
            Optional.ofNullable(selector.getInclude()).orElse(List.of()),
            Optional.ofNullable(selector.getExclude()).orElse(List.of()))) {
      for (String id : ids) {
        if (!id.matches("^[0-9]{12}$")) {
          throw NotListed.invalidSpec(
              "spec.accounts include/exclude: '" + id + "' is not a 12-digit account id");
        }
      }
    }
  }

  private void create(
      OrganizationRootMfaPolicy parent, ListedAccount account, ObjectNode template, String hash) {
    RootMfaPolicy child = new RootMfaPolicy();
    Map<String, String> labels = new HashMap<>();
    labels.put(PARENT_LABEL, parent.getMetadata().getName());
    labels.put(ACCOUNT_LABEL, account.accountId());
    if (!account.parentId().isEmpty()) {
      labels.put(UNIT_LABEL, account.parentId());
    }
    child.setMetadata(
        new ObjectMetaBuilder()
            .withName(childName(parent, account.accountId()))
            .withNamespace(namespace(parent))
            .withLabels(labels)
            .withAnnotations(Map.of(TEMPLATE_HASH, hash))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(parent.getApiVersion())
                    .withKind(parent.getKind())
                    .withName(parent.getMetadata().getName())
                    .withUid(parent.getMetadata().getUid())
                    .withController(true)
                    .build())
            .build());
    child.setSpec(childSpec(template, account.accountId()));
    try {
      RootMfaPolicy created = client.resource(child).create();
      childrenOf(parent).handleRecentResourceCreate(ResourceID.fromResource(parent), created);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return; // created by an earlier pass whose informer did not see it yet
      }
      if (e.getCode() == 422) {
        throw NotListed.invalidSpec(
            "the API server refused the child policy for account "
                + account.accountId()
                + ": "
                + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()));
      }
      throw e;
    }
  }

  /** The child's deterministic name. */
  public static String childName(OrganizationRootMfaPolicy parent, String accountId) {
    return parent.getMetadata().getName() + "-" + accountId;
  }

  private static ObjectNode template(OrganizationRootMfaPolicySpec spec) {
    JsonNode template = spec.getTemplate();
    if (template == null || !template.isObject()) {
      throw NotListed.invalidSpec("spec.template must be the spec of a RootMfaPolicy");
    }
    if (template.has("accountId")) {
      throw NotListed.invalidSpec(
          "spec.template must not set accountId: the operator sets it for each account");
    }
    return (ObjectNode) template;
  }

  private static RootMfaPolicySpec childSpec(ObjectNode template, String accountId) {
    ObjectNode node = template.deepCopy();
    node.put("accountId", accountId);
    try {
      return Serialization.jsonMapper().convertValue(node, RootMfaPolicySpec.class);
    } catch (IllegalArgumentException e) {
      throw NotListed.invalidSpec("spec.template is not a RootMfaPolicy spec: " + e.getMessage());
    }
  }

  static String hash(ObjectNode template) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Serialization.asJson(template).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static @Nullable String readyReason(RootMfaPolicy child) {
    return child.getStatus() == null
        ? null
        : child.getStatus().condition(READY).map(Condition::getReason).orElse(null);
  }

  /**
   * Ready, and kstatus's Reconciling and Stalled, from the readiness, for the observed generation:
   * kstatus and Argo CD (deploy/argocd's health.lua for the kind) read them alike.
   */
  private List<Condition> conditions(
      @Nullable OrganizationRootMfaPolicyStatus previous,
      OrganizationRootMfaPolicy parent,
      OrganizationFanOut.Readiness readiness) {
    List<Condition> before = previous == null ? null : previous.getConditions();
    long generation = Optional.ofNullable(parent.getMetadata().getGeneration()).orElse(0L);
    String at = StatusConditions.at(clock.instant());
    return List.of(
        StatusConditions.condition(
            before,
            READY,
            readiness.ready(),
            readiness.reason(),
            readiness.message(),
            generation,
            at),
        StatusConditions.reconciling(
            before,
            readiness.reconciling(),
            readiness.reason(),
            readiness.message(),
            "no child left to create and no listing to retry",
            generation,
            at),
        StatusConditions.stalled(
            before, readiness.stalled(), readiness.reason(), readiness.message(), generation, at));
  }

  private static boolean sameCounts(
      OrganizationRootMfaPolicyStatus a, OrganizationRootMfaPolicyStatus b) {
    return Objects.equals(a.getAccounts(), b.getAccounts())
        && Objects.equals(a.getChildren(), b.getChildren())
        && Objects.equals(a.getReasons(), b.getReasons());
  }

  /** The organization was not listed: the last counts stand, and Ready=False says why. */
  private void notListed(
      OrganizationRootMfaPolicyStatus previous,
      OrganizationRootMfaPolicy parent,
      OrganizationRootMfaPolicyStatus next,
      OrganizationFanOut.Readiness refused) {
    if (previous != null) {
      next.setOrganizationId(previous.getOrganizationId());
      next.setAccounts(previous.getAccounts());
      next.setChildren(previous.getChildren());
      next.setCompliant(previous.getCompliant());
      next.setNonCompliant(previous.getNonCompliant());
      next.setReasons(previous.getReasons());
      next.setLastSyncedAt(previous.getLastSyncedAt());
    }
    next.setConditions(conditions(previous, parent, refused));
  }

  private static Duration duration(@Nullable String text, Duration fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Duration.ofNanos(io.fabric8.kubernetes.api.model.Duration.parse(text).getValue());
    } catch (java.text.ParseException e) {
      return fallback;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String namespace(OrganizationRootMfaPolicy p) {
    return p.getMetadata().getNamespace();
  }

  private static String key(OrganizationRootMfaPolicy p) {
    return namespace(p) + "/" + p.getMetadata().getName();
  }
}
