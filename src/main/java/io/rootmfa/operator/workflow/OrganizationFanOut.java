package io.rootmfa.operator.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
   * The organization policy's own Ready condition.
   *
   * @param ready every selected account has a child and every child is Ready
   * @param reason {@code AllReady}, {@code CreatingChildren} or {@code ChildrenNotReady}
   * @param message a sentence with the counts per child reason
   */
  public record Readiness(boolean ready, String reason, String message) {}

  /** The organization policy's own Ready condition from its counts. */
  public static Readiness readiness(int selected, int children, Map<String, Integer> reasons) {
    int ready =
        reasons.entrySet().stream()
            .filter(e -> isReadyReason(e.getKey()))
            .mapToInt(Map.Entry::getValue)
            .sum();
    if (children < selected) {
      return new Readiness(
          false,
          "CreatingChildren",
          "creating child policies (paced): "
              + children
              + " of "
              + selected
              + " selected accounts have one");
    }
    if (ready >= selected) {
      return new Readiness(
          true, "AllReady", "all " + selected + " selected accounts are Ready " + reasons);
    }
    return new Readiness(
        false,
        "ChildrenNotReady",
        (selected - ready) + " of " + selected + " selected accounts are not Ready " + reasons);
  }

  private static boolean isReadyReason(String reason) {
    try {
      return Reason.valueOf(reason).ready();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
