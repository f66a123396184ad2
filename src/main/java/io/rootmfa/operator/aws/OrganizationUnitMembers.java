package io.rootmfa.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Which accounts an OU holds, recursively, as AWS Organizations tells the operator's own identity:
 * the only source of OU membership that account bindings trust (labels on Kubernetes objects are
 * tenant-writable). Each OU's members are listed at most once per {@link #TTL}; an account that
 * none of the asked OUs holds asks again with listings at most {@link #MISS_TTL} old (an account
 * just moved into a bound OU is found within seconds, not minutes). An account that one of them
 * holds does not re-list the others: with thousands of accounts spread over several OUs, each
 * account is a miss in all OUs but its own, and re-listing those every few seconds kept every
 * reconcile thread paging through Organizations.
 *
 * <p>One listing of an OU at a time: a caller that finds another listing the same OU waits for it
 * and takes its answer (it is newer than the question), instead of listing it again beside it;
 * callers go through the OUs from different starting points, so that when listings are due they
 * list different OUs side by side. A failed listing throws and caches nothing.
 */
public final class OrganizationUnitMembers {
  public static final Duration TTL = Duration.ofMinutes(5);
  public static final Duration MISS_TTL = Duration.ofSeconds(10);

  private record Listing(Set<String> accounts, Instant at) {
    /** Listed at most {@code maxAge} before {@code asked}. */
    boolean answers(Instant asked, Duration maxAge) {
      return at.plus(maxAge).isAfter(asked);
    }
  }

  private final Supplier<OrganizationDirectory> directory;
  private final Clock clock;
  private final Map<String, Listing> listings = new ConcurrentHashMap<>();
  private final Map<String, Object> listingLocks = new ConcurrentHashMap<>();

  public OrganizationUnitMembers(Supplier<OrganizationDirectory> directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /** The OUs among {@code units} that hold {@code accountId} (directly or in a child OU). */
  public Set<String> holding(String accountId, Set<String> units) {
    Instant asked = clock.instant();
    Set<String> holding = holding(accountId, units, asked, TTL);
    return holding.isEmpty() ? holding(accountId, units, asked, MISS_TTL) : holding;
  }

  private Set<String> holding(String accountId, Set<String> units, Instant asked, Duration maxAge) {
    Set<String> holding = new HashSet<>();
    // Callers start at different OUs: when the listings are due, each lists another OU.
    List<String> order = new ArrayList<>(units);
    Collections.rotate(order, ThreadLocalRandom.current().nextInt(Math.max(1, order.size())));
    for (String unit : order) {
      if (accountsUnder(unit, asked, maxAge).contains(accountId)) {
        holding.add(unit);
      }
    }
    return holding;
  }

  private Set<String> accountsUnder(String unit, Instant asked, Duration maxAge) {
    Listing cached = listings.get(unit);
    if (cached != null && cached.answers(asked, maxAge)) {
      return cached.accounts();
    }
    synchronized (listingLocks.computeIfAbsent(unit, u -> new Object())) {
      @Nullable Listing listed = listings.get(unit);
      if (listed != null && listed.answers(asked, maxAge)) {
        return listed.accounts(); // listed by another caller while this one waited
      }
      Instant at = clock.instant();
      OrganizationDirectory d = directory.get();
      Set<String> accounts = new HashSet<>();
      Deque<String> parents = new ArrayDeque<>();
      parents.add(unit);
      while (!parents.isEmpty()) {
        String parent = parents.pop();
        d.accountsOf(parent).forEach(a -> accounts.add(a.id()));
        d.unitsOf(parent).forEach(u -> parents.add(u.id()));
      }
      Listing fresh = new Listing(Set.copyOf(accounts), at);
      listings.put(unit, fresh);
      return fresh.accounts();
    }
  }
}
