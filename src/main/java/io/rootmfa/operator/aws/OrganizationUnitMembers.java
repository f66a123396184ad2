package io.rootmfa.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which accounts an OU holds, recursively, as AWS Organizations tells the operator's own identity:
 * the only source of OU membership that account bindings trust (labels on Kubernetes objects are
 * tenant-writable). Each OU's members are listed at most once per {@link #TTL}, or once per {@link
 * #MISS_TTL} when an account is not among them (an account just moved into the OU is found within
 * seconds, not minutes); a failed listing throws and caches nothing.
 */
public final class OrganizationUnitMembers {
  public static final Duration TTL = Duration.ofMinutes(5);
  public static final Duration MISS_TTL = Duration.ofSeconds(10);

  private record Listing(Set<String> accounts, Instant at) {}

  private final Supplier<OrganizationDirectory> directory;
  private final Clock clock;
  private final Map<String, Listing> listings = new ConcurrentHashMap<>();

  public OrganizationUnitMembers(Supplier<OrganizationDirectory> directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /** The OUs among {@code units} that hold {@code accountId} (directly or in a child OU). */
  public Set<String> holding(String accountId, Set<String> units) {
    Set<String> holding = new HashSet<>();
    for (String unit : units) {
      if (accountsUnder(unit, TTL).contains(accountId)
          || accountsUnder(unit, MISS_TTL).contains(accountId)) {
        holding.add(unit);
      }
    }
    return holding;
  }

  private Set<String> accountsUnder(String unit, Duration maxAge) {
    Instant now = clock.instant();
    Listing cached = listings.get(unit);
    if (cached != null && cached.at().plus(maxAge).isAfter(now)) {
      return cached.accounts();
    }
    OrganizationDirectory d = directory.get();
    Set<String> accounts = new HashSet<>();
    Deque<String> parents = new ArrayDeque<>();
    parents.add(unit);
    while (!parents.isEmpty()) {
      String parent = parents.pop();
      d.accountsOf(parent).forEach(a -> accounts.add(a.id()));
      d.unitsOf(parent).forEach(u -> parents.add(u.id()));
    }
    listings.put(unit, new Listing(Set.copyOf(accounts), now));
    return accounts;
  }
}
