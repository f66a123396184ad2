package io.rootmfa.operator.workflow;

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

  private WorkflowFixtures() {}

  static VirtualDevice unassignedOurs(String enrollmentId) {
    return new VirtualDevice(SERIAL, Optional.empty(), Optional.empty(), Optional.of(enrollmentId));
  }

  static VirtualDevice unassignedUntagged() {
    return new VirtualDevice(SERIAL, Optional.empty(), Optional.empty(), Optional.empty());
  }

  static VirtualDevice assignedTo(TargetRef target, Optional<String> enrollmentId) {
    return new VirtualDevice(
        SERIAL, Optional.of(target.describe()), Optional.of(NOW), enrollmentId);
  }

  static StoredSeed stored(String serial, String enrollmentId, Seed seed) {
    return new StoredSeed(
        serial,
        enrollmentId,
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:rootmfa-AbCdEf",
        "v-" + enrollmentId,
        NOW,
        seed);
  }

  static FreshDevice fresh(String enrollmentId, Seed seed) {
    return new FreshDevice(SERIAL, enrollmentId, seed);
  }
}
