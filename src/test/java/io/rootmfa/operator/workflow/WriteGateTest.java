package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.NOW;
import static io.rootmfa.operator.workflow.WorkflowFixtures.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Every write through a guarded port asks the gate at the moment it would start. */
class WriteGateTest {
  private static final BreakGlassWindow WINDOW =
      new BreakGlassWindow(
          "SEC-7", "ciso", NOW, NOW.plus(Duration.ofHours(1)), BreakGlassWindow.DEFAULT_MAX_LENGTH);

  private final AtomicReference<Instant> awsNow = new AtomicReference<>(NOW.plusSeconds(1));
  private final List<String> writes = new ArrayList<>();
  private final WriteGate gate = WriteGate.window(ROOT, Optional.of(WINDOW), awsNow::get);

  /** Records writes; reads answer nothing. */
  private final MfaDevices devices =
      new MfaDevices() {
        @Override
        public AuditResult audit(TargetRef target, boolean nameDevice) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<VirtualDevice> find(String path, String name) {
          writes.add("read");
          return Optional.empty();
        }

        @Override
        public FreshDevice create(
            String path, String name, String enrollmentId, Map<String, String> tags) {
          writes.add("CreateVirtualMFADevice");
          return null;
        }

        @Override
        public EnableOutcome enable(
            TargetRef target, String serialNumber, String firstCode, String secondCode) {
          writes.add("EnableMFADevice");
          return EnableOutcome.ENABLED;
        }

        @Override
        public void delete(String serialNumber) {
          writes.add("DeleteVirtualMFADevice");
        }
      };

  private final SeedCustody custody =
      new SeedCustody() {
        @Override
        public Contents observe() {
          writes.add("read");
          return new Absent();
        }

        @Override
        public StoredSeed readVersion(String versionId) {
          throw new UnsupportedOperationException();
        }

        @Override
        public WriteOutcome write(SeedDocument document, boolean secretExists) {
          writes.add("CreateSecret");
          return new SecretExists();
        }
      };

  @Test
  void writesInsideTheWindowPassThrough() throws Exception {
    MfaDevices guarded = gate.guard(devices);
    guarded.create("/", "d", "e", Map.of());
    guarded.enable(ROOT, "s", "1", "2");
    guarded.delete("s");
    gate.guard(custody).write(null, false);
    assertThat(writes)
        .containsExactly(
            "CreateVirtualMFADevice", "EnableMFADevice", "DeleteVirtualMFADevice", "CreateSecret");
  }

  @Test
  void noWriteStartsOnceAwsTimeReachesExpiry() {
    MfaDevices guarded = gate.guard(devices);
    awsNow.set(WINDOW.expiresAt());
    assertThatThrownBy(() -> guarded.create("/", "d", "e", Map.of()))
        .isInstanceOfSatisfying(
            WriteGate.WriteRefused.class,
            r -> {
              assertThat(r.verdict().reason()).isEqualTo(Reason.AwaitingBreakGlass);
              assertThat(r.verdict().message()).contains("expired at " + WINDOW.expiresAt());
            });
    assertThatThrownBy(() -> guarded.enable(ROOT, "s", "1", "2"))
        .isInstanceOf(WriteGate.WriteRefused.class);
    assertThatThrownBy(() -> guarded.delete("s")).isInstanceOf(WriteGate.WriteRefused.class);
    assertThatThrownBy(() -> gate.guard(custody).write(null, false))
        .isInstanceOf(WriteGate.WriteRefused.class);
    assertThat(writes).isEmpty();
  }

  @Test
  void noWriteStartsBeforeTheWindowOpens() {
    awsNow.set(NOW.minusNanos(1));
    assertThatThrownBy(() -> gate.guard(devices).create("/", "d", "e", Map.of()))
        .isInstanceOfSatisfying(
            WriteGate.WriteRefused.class,
            r -> assertThat(r.verdict().message()).contains("opens at " + NOW));
    assertThat(writes).isEmpty();
  }

  @Test
  void readsAreNeverRefused() {
    awsNow.set(WINDOW.expiresAt().plusSeconds(60));
    gate.guard(devices).find("/", "d");
    gate.guard(custody).readCurrent();
    assertThat(writes).containsExactly("read", "read");
  }

  @Test
  void noWindowRefusesEveryWrite() {
    WriteGate none = WriteGate.window(ROOT, Optional.empty(), awsNow::get);
    assertThat(none.refusal())
        .hasValueSatisfying(v -> assertThat(v.message()).contains("spec.breakGlass"));
  }

  @Test
  void aSecondGateIsAskedOnlyWhenTheFirstAllows() {
    Verdict other = Verdict.stalled(Reason.DuplicatePolicy, "older policy");
    assertThat(gate.and(() -> Optional.of(other)).refusal()).contains(other);
    awsNow.set(WINDOW.expiresAt());
    assertThat(gate.and(() -> Optional.of(other)).refusal())
        .hasValueSatisfying(v -> assertThat(v.reason()).isEqualTo(Reason.AwaitingBreakGlass));
  }
}
