package io.rootmfa.operator.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which accounts of an organization get a child policy, and what to create, update and delete so
 * that exactly they have one. Creation is paced: at most {@code creationBudget} children per pass;
 * the rest wait for the next pass. Deleting a child never touches AWS: a child's deletion records
 * what it retained, as any policy's does.
 */
public final class OrganizationFanOut {

  private OrganizationFanOut() {}

  /** An account as AWS Organizations listed it, with its direct parent (root or OU). */
  public record ListedAccount(String accountId, String status, String parentId) {
    public boolean active() {
      return "ACTIVE".equals(status);
    }
  }

  /** An existing child: the account it is for and the template hash it was made from. */
  public record ExistingChild(String accountId, String name, String templateHash) {}

  /**
   * What to do in one pass.
   *
   * @param create accounts (with their OU) that get a new child now
   * @param update existing children made from another template
   * @param delete existing children whose account is no longer selected
   * @param deferred accounts that still need a child after this pass (pacing)
   */
  public record Plan(
      List<ListedAccount> create,
      List<ExistingChild> update,
      List<ExistingChild> delete,
      int deferred) {
    public boolean settled() {
      return create.isEmpty() && update.isEmpty() && delete.isEmpty() && deferred == 0;
    }
  }

  /**
   * The selected accounts: ACTIVE, listed (under the selected OUs, or included), not excluded, and
   * never the management account, by account id.
   */
  public static Map<String, ListedAccount> select(
      Collection<ListedAccount> listed,
      Set<String> include,
      Set<String> exclude,
      String managementAccountId) {
    Map<String, ListedAccount> selected = new TreeMap<>();
    for (ListedAccount a : listed) {
      if (a.active()
          && !exclude.contains(a.accountId())
          && !a.accountId().equals(managementAccountId)) {
        selected.putIfAbsent(a.accountId(), a);
      }
    }
    return selected;
  }

  /** The most seconds of unspent creations a slow pass may catch up on. */
  static final int MAX_CATCH_UP_SECONDS = 10;

  /**
   * How many children a pass may create: {@code perSecond} for every second since the previous pass
   * started (at least one, at most {@link #MAX_CATCH_UP_SECONDS}), so that creation keeps its rate
   * when a pass takes longer than the second between passes (creating a batch on a busy API
   * server), and never bursts beyond ten seconds' worth.
   */
  public static int creationBudget(int perSecond, Duration sincePreviousPass) {
    double seconds =
        Math.min(MAX_CATCH_UP_SECONDS, Math.max(1.0, sincePreviousPass.toMillis() / 1000.0));
    return (int) Math.floor(perSecond * seconds);
  }

  /** The pass that brings the children to {@code selected}, creating at most the budget. */
  public static Plan plan(
      Map<String, ListedAccount> selected,
      Collection<ExistingChild> existing,
      String templateHash,
      int creationBudget) {
    Map<String, ExistingChild> byAccount = new TreeMap<>();
    existing.forEach(c -> byAccount.put(c.accountId(), c));
    List<ListedAccount> missing = new ArrayList<>();
    for (ListedAccount a : selected.values()) {
      if (!byAccount.containsKey(a.accountId())) {
        missing.add(a);
      }
    }
    List<ExistingChild> update = new ArrayList<>();
    List<ExistingChild> delete = new ArrayList<>();
    for (ExistingChild c : byAccount.values()) {
      if (!selected.containsKey(c.accountId())) {
        delete.add(c);
      } else if (!templateHash.equals(c.templateHash())) {
        update.add(c);
      }
    }
    int now = Math.max(0, Math.min(creationBudget, missing.size()));
    return new Plan(
        List.copyOf(missing.subList(0, now)),
        List.copyOf(update),
        List.copyOf(delete),
        missing.size() - now);
  }

  /**
   * The children's Ready reasons, counted; {@code null} (not yet observed) counts as {@code
   * Unknown}.
   */
  public static Map<String, Integer> tally(Collection<String> readyReasons) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String reason : readyReasons) {
      counts.merge(reason == null ? "Unknown" : reason, 1, Integer::sum);
    }
    return counts;
  }

  /**
   * How kstatus (Flux, kpt, Config Sync) and Argo CD read the organization policy, and which of its
   * Reconciling and Stalled conditions is True.
   */
  public enum Standing {
    /** Ready=True: kstatus Current, Argo CD Healthy. */
    READY,
    /** Reconciling=True: the operator is still at work; kstatus InProgress, Argo CD Progressing. */
    RECONCILING,
    /** Stalled=True: only a person can move it on; kstatus Failed, Argo CD Degraded. */
    STALLED,
    /**
     * Neither: every child that is not Ready waits, on purpose, for a break-glass window or a
     * console enrollment; kstatus InProgress, Argo CD Suspended (as for such a policy itself).
     */
    SUSPENDED
  }

  /**
   * The organization policy's own conditions.
   *
   * @param reason the Ready reason: {@code AllReady}, {@code CreatingChildren}, {@code
   *     ChildrenNotReady}, {@code ChildrenAwaitingEnrollment}, or the refusal's {@link Reason}
   * @param message a sentence with the counts per child reason, or why nothing was listed
   * @param standing which of Ready, Reconciling and Stalled is True (none when suspended)
   */
  public record Readiness(String reason, String message, Standing standing) {
    public boolean ready() {
      return standing == Standing.READY;
    }

    public boolean reconciling() {
      return standing == Standing.RECONCILING;
    }

    public boolean stalled() {
      return standing == Standing.STALLED;
    }
  }

  /**
   * The organization policy's conditions from its counts. Children not Ready make it Stalled when
   * any of them is stalled (by {@link Reason#stalled()}), Suspended when each of them awaits a
   * window or a console enrollment, and Reconciling otherwise (a first audit, an enrollment, AWS
   * unavailable; a reason this operator does not write counts as in progress).
   */
  public static Readiness readiness(int selected, int children, Map<String, Integer> reasons) {
    if (children < selected) {
      return new Readiness(
          "CreatingChildren",
          "creating child policies (paced): "
              + children
              + " of "
              + selected
              + " selected accounts have one",
          Standing.RECONCILING);
    }
    int ready = count(reasons, Reason::ready);
    if (ready >= selected) {
      return new Readiness(
          "AllReady",
          "all " + selected + " selected accounts are Ready " + reasons,
          Standing.READY);
    }
    int stalled = count(reasons, Reason::stalled);
    int awaiting = count(reasons, Reason::awaitsEnrollment);
    String notReady = (selected - ready) + " of " + selected + " selected accounts are not Ready";
    if (stalled > 0) {
      return new Readiness(
          "ChildrenNotReady",
          notReady
              + "; "
              + stalled
              + " of them cannot progress without a person (their policies are Stalled) "
              + reasons,
          Standing.STALLED);
    }
    if (awaiting >= children - ready) {
      return new Readiness(
          "ChildrenAwaitingEnrollment",
          notReady
              + ", each awaiting an approved break-glass window or a console enrollment "
              + reasons,
          Standing.SUSPENDED);
    }
    return new Readiness(
        "ChildrenNotReady",
        notReady + "; none is stalled, the operator is still at work " + reasons,
        Standing.RECONCILING);
  }

  /**
   * The organization was not listed and no child changed: Stalled when a person must act (the
   * reason's {@link Reason#stalled()}: InvalidSpec, AccountNotPermitted, AccessDenied), otherwise
   * Reconciling (AwsUnavailable, retried).
   */
  public static Readiness refused(Reason reason, String message) {
    return new Readiness(
        reason.name(), message, reason.stalled() ? Standing.STALLED : Standing.RECONCILING);
  }

  /** The children whose Ready reason is one of the operator's and has the property. */
  private static int count(Map<String, Integer> reasons, Predicate<Reason> property) {
    return reasons.entrySet().stream()
        .filter(e -> known(e.getKey()).filter(property).isPresent())
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  private static Optional<Reason> known(String reason) {
    try {
      return Optional.of(Reason.valueOf(reason));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
