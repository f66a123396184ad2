package io.rootmfa.operator.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The design's enrollment invariants evaluated over the emulator's state, as counts and booleans
 * only (never a seed). A seed document is a secret whose {@code AWSCURRENT} value is the operator's
 * custody document ({@code rootmfa.io/seed/v2}, or v1); secrets scheduled for deletion do not
 * count.
 *
 * @param accounts per-account results, by account id
 */
public record Invariants(List<AccountInvariants> accounts) {

  /** The path the operator creates its devices under. */
  public static final String OPERATOR_DEVICE_PATH = "/rootmfa/";

  /**
   * Per account.
   *
   * @param accountId the account
   * @param unassignedRootmfaDevices unassigned virtual MFA devices under {@value
   *     #OPERATOR_DEVICE_PATH}
   * @param targets per target that has a device, a seed document or an enable call
   */
  public record AccountInvariants(
      String accountId, int unassignedRootmfaDevices, List<TargetInvariants> targets) {

    /** The results for {@code root} or {@code iamUser/<name>}, if that target appears at all. */
    public Optional<TargetInvariants> target(String label) {
      return targets.stream().filter(t -> t.target().equals(label)).findFirst();
    }
  }

  /**
   * Per target ({@code root} or {@code iamUser/<name>}).
   *
   * @param target the target label
   * @param enabledDevices MFA devices assigned to the target
   * @param assignedSeedMatchesStoredSecret true iff at least one device is assigned and every
   *     assigned device's seed equals the seed of a seed document naming its serial
   * @param secrets seed documents (in any account/region) for this account and target
   * @param enableBeforeStoredSeed successful {@code EnableMFADevice} calls whose device seed had
   *     not been read back through {@code GetSecretValue} before the call
   */
  public record TargetInvariants(
      String target,
      int enabledDevices,
      boolean assignedSeedMatchesStoredSecret,
      int secrets,
      int enableBeforeStoredSeed) {}

  /** The results for an account, if it exists. */
  public Optional<AccountInvariants> account(String accountId) {
    return accounts.stream().filter(a -> a.accountId().equals(accountId)).findFirst();
  }

  /** A stored seed document and the account holding the secret. */
  private record StoredSeed(String accountId, SeedRecord record) {}

  static Invariants compute(Collection<EmulatedAccount> all) {
    List<StoredSeed> stored = new ArrayList<>();
    for (EmulatedAccount holder : all) {
      for (Secret secret : holder.secrets()) {
        if (secret.isScheduledForDeletion()) {
          continue;
        }
        secret
            .versionWithStage("AWSCURRENT")
            .map(SecretVersion::seedRecord)
            .ifPresent(
                r ->
                    stored.add(
                        new StoredSeed(
                            r.accountId() != null ? r.accountId() : holder.accountId(), r)));
      }
    }
    List<AccountInvariants> results = new ArrayList<>();
    for (EmulatedAccount account : all) {
      List<StoredSeed> mine =
          stored.stream().filter(s -> s.accountId().equals(account.accountId())).toList();
      TreeSet<String> labels = new TreeSet<>(account.enableBeforeStoredSeedCounts().keySet());
      account.devices().forEach(d -> d.assignedTo().ifPresent(t -> labels.add(t.label())));
      mine.stream().map(s -> s.record().target()).filter(Objects::nonNull).forEach(labels::add);
      List<TargetInvariants> targets = new ArrayList<>();
      for (String label : labels) {
        List<VirtualMfaDevice> assigned = account.devicesAssignedTo(label);
        boolean matches =
            !assigned.isEmpty()
                && assigned.stream()
                    .allMatch(
                        d ->
                            stored.stream()
                                .anyMatch(
                                    s ->
                                        d.serialNumber().equals(s.record().deviceSerial())
                                            && d.seed().equals(s.record().seed())));
        int secrets = (int) mine.stream().filter(s -> label.equals(s.record().target())).count();
        targets.add(
            new TargetInvariants(
                label, assigned.size(), matches, secrets, account.enableBeforeStoredSeed(label)));
      }
      int unassigned =
          (int)
              account.devices().stream()
                  .filter(d -> d.assignedTo().isEmpty() && d.path().equals(OPERATOR_DEVICE_PATH))
                  .count();
      results.add(new AccountInvariants(account.accountId(), unassigned, List.copyOf(targets)));
    }
    return new Invariants(List.copyOf(results));
  }
}
