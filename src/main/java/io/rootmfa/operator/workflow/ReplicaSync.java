package io.rootmfa.operator.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Which replica regions of a seed secret do not hold the seed, judged from the {@code
 * ReplicationStatus} list that Secrets Manager's {@code DescribeSecret} answers. Pure. A replica
 * whose status is {@code Failed}, or that the list does not name, does not hold the seed; {@code
 * InProgress} is replication under way, not a failure.
 */
public final class ReplicaSync {
  private static final String FAILED = "Failed";

  private ReplicaSync() {}

  /**
   * One entry of {@code ReplicationStatus}.
   *
   * @param region the replica region
   * @param status {@code InSync}, {@code Failed} or {@code InProgress}, as AWS wrote it
   * @param message AWS's status message, if any (never a secret value)
   */
  public record Reported(String region, @Nullable String status, @Nullable String message) {}

  /**
   * A replica region that does not hold the seed.
   *
   * @param region the region asked for in {@code replicaRegions}
   * @param why what AWS said about it
   */
  public record NotInSync(String region, String why) {}

  /** The regions of {@code wanted} that do not hold the seed, in the order they were asked for. */
  public static List<NotInSync> notInSync(List<String> wanted, List<Reported> reported) {
    List<NotInSync> problems = new ArrayList<>();
    for (String region : wanted) {
      Optional<Reported> entry =
          reported.stream().filter(r -> region.equals(r.region())).findFirst();
      if (entry.isEmpty()) {
        problems.add(
            new NotInSync(region, "Secrets Manager reports no replica of the secret there"));
      } else if (FAILED.equals(entry.get().status())) {
        String message = entry.get().message();
        problems.add(
            new NotInSync(
                region,
                message == null || message.isBlank()
                    ? "replication failed (AWS gave no status message)"
                    : message));
      }
    }
    return List.copyOf(problems);
  }

  /**
   * The sentence for the status and the Event, e.g. {@code its replica in eu-west-1 failed: Access
   * to KMS is not allowed}; empty when every replica holds the seed.
   */
  public static Optional<String> describe(List<NotInSync> problems) {
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        problems.stream()
            .map(p -> "its replica in " + p.region() + " failed: " + p.why())
            .collect(Collectors.joining("; ")));
  }
}
