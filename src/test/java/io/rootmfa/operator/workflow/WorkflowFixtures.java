package io.rootmfa.operator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Values the workflow tests share: one account, one deterministic device serial, two targets. */
final class WorkflowFixtures {
  static final String SERIAL = "arn:aws:iam::123456789012:mfa/rootmfa/root-mfa";
  static final String OTHER_SERIAL = "arn:aws:iam::123456789012:mfa/rootmfa/someone-else";
  static final TargetRef ROOT = TargetRef.root();
  static final TargetRef BREAKGLASS_USER = TargetRef.iamUser("breakglass-admin");
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final Seed SEED = Seed.ofBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  static final Seed OTHER_SEED = Seed.ofBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

  static final String ACCOUNT = "123456789012";
  static final PolicyRef OWNER = new PolicyRef("team-a", "mfa", "uid-1");
  static final PolicyRef OTHER_OWNER = new PolicyRef("team-b", "mfa", "uid-2");

  private WorkflowFixtures() {}

  /** A two-hour window, approved for the default maximum, that closes at {@code expiresAt}. */
  static BreakGlassWindow windowUntil(String ticket, String approvedBy, Instant expiresAt) {
    return new BreakGlassWindow(
        ticket,
        approvedBy,
        expiresAt.minus(Duration.ofHours(2)),
        expiresAt,
        BreakGlassWindow.DEFAULT_MAX_LENGTH);
  }

  /** The first state of an enrollment by {@link #OWNER}. */
  static EnrollmentState initial(
      TargetRef target, Optional<VirtualDevice> device, Optional<StoredSeed> storedSeed) {
    return EnrollmentState.initial(OWNER, ACCOUNT, target, device, storedSeed);
  }

  static VirtualDevice unassignedOurs(String enrollmentId) {
    return new VirtualDevice(
        SERIAL,
        Optional.empty(),
        Optional.empty(),
        Optional.of(enrollmentId),
        Optional.of(OWNER.key()));
  }

  static VirtualDevice unassignedOf(PolicyRef owner, String enrollmentId) {
    return new VirtualDevice(
        SERIAL,
        Optional.empty(),
        Optional.empty(),
        Optional.of(enrollmentId),
        Optional.of(owner.key()));
  }

  static VirtualDevice unassignedUntagged() {
    return new VirtualDevice(
        SERIAL, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  static VirtualDevice assignedTo(TargetRef target, Optional<String> enrollmentId) {
    return new VirtualDevice(
        SERIAL,
        Optional.of(target.describe()),
        Optional.of(NOW),
        enrollmentId,
        enrollmentId.map(e -> OWNER.key()));
  }

  static SeedDocument document(
      String serial, String enrollmentId, Seed seed, TargetRef target, Optional<PolicyRef> owner) {
    return new SeedDocument(
        ACCOUNT,
        target.describe(),
        Optional.of(serial),
        enrollmentId,
        seed,
        NOW,
        owner,
        SeedDocument.State.complete);
  }

  /** A document of {@link #OWNER} for root. */
  static StoredSeed stored(String serial, String enrollmentId, Seed seed) {
    return stored(document(serial, enrollmentId, seed, ROOT, Optional.of(OWNER)));
  }

  static StoredSeed stored(SeedDocument document) {
    return new StoredSeed(
        document,
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:rootmfa-AbCdEf",
        "v-" + document.enrollmentId());
  }

  static FreshDevice fresh(String enrollmentId, Seed seed) {
    return new FreshDevice(SERIAL, enrollmentId, seed);
  }
}
