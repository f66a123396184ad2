package io.rootmfa.operator.workflow;

import static io.rootmfa.operator.workflow.WorkflowFixtures.ACCOUNT;
import static io.rootmfa.operator.workflow.WorkflowFixtures.NOW;
import static io.rootmfa.operator.workflow.WorkflowFixtures.OWNER;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SEED;
import static io.rootmfa.operator.workflow.WorkflowFixtures.SERIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeedDocumentCodecTest {

  private static final SeedDocument COMPLETE =
      new SeedDocument(
          ACCOUNT,
          "iamUser/alice",
          Optional.of(SERIAL),
          "enr-1",
          SEED,
          NOW,
          Optional.of(OWNER),
          SeedDocument.State.complete);

  @Test
  void writesV2WithOwnerAndStateAndReadsItBack() {
    String json = SeedDocumentCodec.encode(COMPLETE);
    assertThat(json)
        .contains("\"format\":\"rootmfa.io/seed/v2\"")
        .contains("\"owner\":{\"namespace\":\"team-a\",\"name\":\"mfa\",\"uid\":\"uid-1\"}")
        .contains("\"state\":\"complete\"");
    SeedDocument back = SeedDocumentCodec.decode(json, "arn:x");
    assertThat(back.toString()).isEqualTo(COMPLETE.toString());
    assertThat(back.seed().sameAs(SEED)).isTrue();
    assertThat(back.owner()).contains(OWNER);
  }

  @Test
  void aPendingDocumentNeedsNoDeviceSerialAndNamesNoDevice() {
    SeedDocument pending =
        new SeedDocument(
            ACCOUNT,
            "root",
            Optional.empty(),
            "enr-1",
            SEED,
            NOW,
            Optional.of(OWNER),
            SeedDocument.State.pending);
    SeedDocument back = SeedDocumentCodec.decode(SeedDocumentCodec.encode(pending), "arn:x");
    assertThat(back.state()).isEqualTo(SeedDocument.State.pending);
    assertThat(back.deviceSerial()).isEmpty();
    assertThat(back.names(SERIAL)).isFalse();
  }

  @Test
  void readsV1AsCompleteWithoutOwner() {
    String v1 =
        "{\"format\":\"rootmfa.io/seed/v1\",\"accountId\":\"123456789012\",\"target\":\"root\","
            + "\"deviceSerial\":\""
            + SERIAL
            + "\",\"enrollmentId\":\"enr-0\",\"seed\":\""
            + SEED.reveal()
            + "\",\"createdAt\":\"2026-06-01T12:00:00Z\"}";
    SeedDocument d = SeedDocumentCodec.decode(v1, "arn:x");
    assertThat(d.owner()).isEmpty();
    assertThat(d.state()).isEqualTo(SeedDocument.State.complete);
    assertThat(d.names(SERIAL)).isTrue();
  }

  @Test
  void refusesWhatIsNotACustodyDocumentWithoutQuotingIt() {
    assertThatThrownBy(() -> SeedDocumentCodec.decode("hunter2-not-json", "arn:x"))
        .isInstanceOf(MalformedSeedDocument.class)
        .hasMessage("secret arn:x is not JSON");
    assertThatThrownBy(() -> SeedDocumentCodec.decode("{\"format\":\"other\"}", "arn:x"))
        .hasMessageContaining("is not in format");
    String noOwner = SeedDocumentCodec.encode(COMPLETE).replaceAll(",\"owner\":\\{[^}]*}", "");
    assertThatThrownBy(() -> SeedDocumentCodec.decode(noOwner, "arn:x"))
        .hasMessage("secret arn:x has no owner");
    String completeWithoutSerial =
        SeedDocumentCodec.encode(COMPLETE).replace("\"deviceSerial\":\"" + SERIAL + "\",", "");
    assertThatThrownBy(() -> SeedDocumentCodec.decode(completeWithoutSerial, "arn:x"))
        .hasMessage("secret arn:x has no deviceSerial");
    String badSeed = SeedDocumentCodec.encode(COMPLETE).replace(SEED.reveal(), "not base32!");
    assertThatThrownBy(() -> SeedDocumentCodec.decode(badSeed, "arn:x"))
        .hasMessage("secret arn:x has a seed that is not Base32");
  }

  @Test
  void neverShowsTheSeed() {
    assertThat(COMPLETE.toString()).doesNotContain(SEED.reveal());
  }
}
