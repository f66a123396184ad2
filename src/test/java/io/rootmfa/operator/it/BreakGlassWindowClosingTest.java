package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.api.v1alpha1.RootMfaPolicy;
import io.rootmfa.operator.emulator.AwsEmulator;
import io.rootmfa.operator.emulator.CallRecord;
import io.rootmfa.operator.emulator.EmulatedAccount;
import io.rootmfa.operator.emulator.RootApiMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The window is asked again immediately before every AWS write, at AWS's time: a window that closes
 * in the middle of an enrollment stops it before its next write. The emulator's clock moves past
 * {@code expiresAt} while it handles CreateVirtualMFADevice (its answer carries the new time, as
 * AWS's Date header would), and its call log shows that no write arrived after {@code expiresAt}.
 */
@Integration
class BreakGlassWindowClosingTest {
  static final String ACCOUNT = "260000000001";
  static AwsEmulator aws;
  static OperatorRig rig;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.builder().rootApiMode(RootApiMode.ALLOWED).start();
    rig = OperatorRig.start(aws, "window-closing");
  }

  @AfterAll
  static void stop() {
    rig.close();
    aws.close();
  }

  @Test
  void aWindowLongerThanTheClusterMaximumIsNeverOpen() {
    String account = "260000000002";
    try (OperatorRig shortMaximum =
        OperatorRig.builder()
            .emulator(aws)
            .namespacePrefix("window-maximum")
            .maxWindow(Duration.ofHours(4))
            .start()) {
      aws.createAccount(account).createUser("enroller");
      shortMaximum.keysSecret("keys", aws.account(account).createAccessKey("enroller"));
      // Policies.WINDOW is 12h: admitted by the CRD (at most 24h), longer than this cluster allows.
      shortMaximum.apply(Policies.enforce("long", account, Policies.ROOT, "keys", Policies.OPEN));
      RootMfaPolicy p = shortMaximum.awaitReason("long", "AwaitingBreakGlass");

      assertThat(Conditions.of(p, "BreakGlassActive").map(c -> c.getReason()))
          .contains("BreakGlassWindowTooLong");
      assertThat(Conditions.of(p, "Ready").map(c -> c.getMessage()))
          .hasValueSatisfying(
              m -> assertThat(m).contains("lasts 12h, longer than this cluster's maximum of 4h"));
      Awaitility.await("a BreakGlassWindowTooLong Event")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  shortMaximum
                      .admin()
                      .v1()
                      .events()
                      .inNamespace(shortMaximum.namespace)
                      .list()
                      .getItems()
                      .stream()
                      .anyMatch(e -> "BreakGlassWindowTooLong".equals(e.getReason())));
      assertThat(aws.calls().matching(c -> account.equals(c.accountId()) && c.isWrite())).isEmpty();
    }
  }

  @Test
  void noWriteStartsAfterTheWindowClosesMidEnrollment() {
    EmulatedAccount account = aws.createAccount(ACCOUNT);
    account.createUser("enroller");
    rig.keysSecret("keys", account.createAccessKey("enroller"));
    Instant expiresAt = aws.clock().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
    aws.faults().advanceClockAfterNext("CreateVirtualMFADevice", Duration.ofHours(1));

    rig.apply(Policies.enforce("closing", ACCOUNT, Policies.ROOT, "keys", expiresAt.toString()));
    RootMfaPolicy p = rig.awaitReason("closing", "AwaitingBreakGlass");

    List<CallRecord> writes =
        aws.calls().matching(c -> ACCOUNT.equals(c.accountId()) && c.isWrite());
    assertThat(writes)
        .as("the device was created inside the window, and nothing was written after it closed")
        .extracting(CallRecord::operation)
        .containsExactly("CreateVirtualMFADevice");
    assertThat(writes).allMatch(c -> c.time().isBefore(expiresAt));
    assertThat(
            aws.calls()
                .matching(
                    c ->
                        ACCOUNT.equals(c.accountId())
                            && !c.time().isBefore(expiresAt)
                            && c.isWrite()))
        .isEmpty();
    assertThat(account.rootMfaEnabled()).isFalse();
    assertThat(account.secret("us-east-1", "rootmfa/" + ACCOUNT + "/closing")).isEmpty();
    assertThat(Conditions.of(p, "BreakGlassActive").map(c -> c.getReason()))
        .contains("WindowExpired");
    assertThat(Conditions.of(p, "Ready").map(c -> c.getMessage()))
        .hasValueSatisfying(m -> assertThat(m).contains("expired at " + expiresAt));
  }
}
