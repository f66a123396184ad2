package io.rootmfa.operator.reconciler;

import io.rootmfa.operator.api.v1alpha1.BreakGlass;
import io.rootmfa.operator.api.v1alpha1.RootEnrollment;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.api.v1alpha1.RootMfaPolicySpec;
import io.rootmfa.operator.aws.SeedVault;
import io.rootmfa.operator.workflow.BreakGlassWindow;
import io.rootmfa.operator.workflow.CustodyPlacement;
import io.rootmfa.operator.workflow.PolicyFacts;
import io.rootmfa.operator.workflow.PolicyOverlap;
import io.rootmfa.operator.workflow.PolicyRef;
import io.rootmfa.operator.workflow.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A policy's spec with defaults applied, in the terms the workflow and the adapters use (the
 * operator's and the {@code rootmfa} CLI's).
 */
public record PolicyView(
    String accountId,
    String region,
    TargetRef target,
    String deviceName,
    String devicePath,
    Map<String, String> deviceTags,
    Optional<SeedVault.Location> seedLocation,
    Optional<BreakGlassWindow> window,
    Duration checkInterval,
    io.rootmfa.operator.api.v1alpha1.Mode mode,
    RootEnrollment rootEnrollment,
    boolean requireCustody,
    Optional<String> custodyAccount,
    boolean requireCustomerManagedKey) {

  static final String DEFAULT_PATH = "/rootmfa/";
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  /** A field the schema requires; absent only when the object bypassed admission. */
  static <T> T required(@Nullable T value, String field) {
    if (value == null) {
      throw new SpecProblem("spec." + field + " is required");
    }
    return value;
  }

  /** The view with the CRD's maximum window ({@link BreakGlassWindow#DEFAULT_MAX_LENGTH}). */
  public static PolicyView of(RootMfaPolicy policy) {
    return of(policy, BreakGlassWindow.DEFAULT_MAX_LENGTH);
  }

  /**
   * The view, its break-glass window bounded by the cluster's maximum ({@code
   * rootmfa.break-glass.max-window}).
   */
  public static PolicyView of(RootMfaPolicy policy, Duration maxWindow) {
    RootMfaPolicySpec spec = policy.getSpec();
    if (spec == null
        || spec.getTarget() == null
        || spec.getMode() == null
        || spec.getAccountId() == null) {
      throw new SpecProblem("spec must set accountId, mode, target and credentials");
    }
    TargetRef target =
        spec.getTarget().getIamUser() != null
            ? TargetRef.iamUser(
                required(spec.getTarget().getIamUser().getUserName(), "target.iamUser.userName"))
            : TargetRef.root();
    String defaultName = target.userName().map(n -> "rootmfa-" + n).orElse("rootmfa-root");
    var device = spec.getDevice();
    String name = device != null && device.getName() != null ? device.getName() : defaultName;
    String path = device != null && device.getPath() != null ? device.getPath() : DEFAULT_PATH;
    Map<String, String> tags =
        device != null && device.getTags() != null ? device.getTags() : Map.of();
    Optional<SeedVault.Location> seed =
        Optional.ofNullable(spec.getSeedStore())
            .map(s -> s.getSecretsManager())
            .map(
                sm ->
                    new SeedVault.Location(
                        required(sm.getSecretName(), "seedStore.secretsManager.secretName"),
                        Optional.ofNullable(sm.getKmsKeyId()),
                        sm.getReplicaRegions() == null ? List.of() : sm.getReplicaRegions(),
                        sm.getTags() == null ? Map.of() : sm.getTags()));
    return new PolicyView(
        spec.getAccountId(),
        spec.getRegion() == null ? RootMfaPolicySpec.DEFAULT_REGION : spec.getRegion(),
        target,
        name,
        path,
        tags,
        seed,
        window(spec.getBreakGlass(), maxWindow),
        interval(spec.getCheckInterval()),
        spec.getMode(),
        Optional.ofNullable(spec.getTarget().getRoot())
            .map(r -> r.getEnrollment())
            .orElse(RootEnrollment.Console),
        Boolean.TRUE.equals(spec.getRequireCustody()),
        Optional.ofNullable(spec.getSeedStore())
            .map(s -> s.getSecretsManager())
            .map(sm -> sm.getCustodyAccount()),
        Optional.ofNullable(spec.getSeedStore())
            .map(s -> s.getSecretsManager())
            .map(sm -> Boolean.TRUE.equals(sm.getRequireCustomerManagedKey()))
            .orElse(false));
  }

  /**
   * The owner named in device tags and custody documents: the policy's namespace/name (and uid).
   */
  public static PolicyRef owner(RootMfaPolicy policy) {
    var meta = policy.getMetadata();
    return new PolicyRef(
        meta.getNamespace(), meta.getName(), meta.getUid() == null ? "" : meta.getUid());
  }

  /**
   * What decides whether this policy overlaps another ({@link PolicyOverlap}).
   *
   * @param defaultCustody the custody account the platform configured for every policy that names
   *     none ({@code rootmfa.custody.default-account}), if any
   */
  PolicyOverlap.Claim claim(RootMfaPolicy policy, Optional<String> defaultCustody) {
    String created = policy.getMetadata().getCreationTimestamp();
    return new PolicyOverlap.Claim(
        owner(policy),
        created == null ? Instant.MAX : Instant.parse(created),
        accountId,
        target.describe(),
        // The account that holds the secret: the named custody account, else the default one,
        // else the policy's own.
        seedLocation.map(
            l ->
                custodyAccount.or(() -> defaultCustody).orElse(accountId)
                    + "/"
                    + region
                    + "/"
                    + l.secretName()));
  }

  /**
   * The index keys under which a live Enforce policy can overlap another: its account and target,
   * and its seed secret. Never throws (it runs in the informer's indexer): an unusable spec has no
   * keys.
   */
  static List<String> overlapKeys(RootMfaPolicy policy, Optional<String> defaultCustody) {
    try {
      if (policy.getMetadata().getDeletionTimestamp() != null) {
        return List.of();
      }
      PolicyView view = of(policy);
      if (view.mode != io.rootmfa.operator.api.v1alpha1.Mode.Enforce) {
        return List.of();
      }
      PolicyOverlap.Claim c = view.claim(policy, defaultCustody);
      List<String> keys = new ArrayList<>();
      keys.add("target:" + c.accountId() + "/" + c.target());
      c.seedSecret().ifPresent(s -> keys.add("secret:" + s));
      return keys;
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  PolicyFacts facts(
      boolean rootRefusedForThisGeneration,
      PolicyRef policy,
      Optional<CustodyPlacement.Placement> placement) {
    return new PolicyFacts(
        mode,
        target,
        window,
        seedLocation.isPresent(),
        rootRefusedForThisGeneration,
        rootEnrollment == null ? RootEnrollment.Console : rootEnrollment,
        policy,
        placement.orElse(null) instanceof CustodyPlacement.Custody custody
            ? Optional.of(custody.account().accountId())
            : Optional.empty());
  }

  private static Optional<BreakGlassWindow> window(@Nullable BreakGlass b, Duration maxWindow) {
    if (b == null) {
      return Optional.empty();
    }
    return Optional.of(
        new BreakGlassWindow(
            required(b.getTicket(), "breakGlass.ticket"),
            required(b.getApprovedBy(), "breakGlass.approvedBy"),
            instant(b.getStartsAt(), "breakGlass.startsAt"),
            instant(b.getExpiresAt(), "breakGlass.expiresAt"),
            maxWindow));
  }

  private static Instant instant(@Nullable String text, String field) {
    try {
      return OffsetDateTime.parse(required(text, field)).toInstant();
    } catch (DateTimeParseException e) {
      throw new SpecProblem(field + " is not an RFC 3339 timestamp");
    }
  }

  /** {@link RootMfaPolicySpec#DEFAULT_CHECK_INTERVAL}, parsed. */
  public static final Duration DEFAULT_CHECK_INTERVAL =
      interval(RootMfaPolicySpec.DEFAULT_CHECK_INTERVAL);

  static Duration interval(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_CHECK_INTERVAL;
    }
    Matcher m = DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      end = m.end();
    }
    if (end != text.length() || total.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new SpecProblem(
          "checkInterval must be a duration of at least 10s, such as 30s, 10m or 1h");
    }
    return total;
  }
}
