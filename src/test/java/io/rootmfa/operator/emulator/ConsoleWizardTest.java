package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console model: root MFA through the wizard (whatever the root API mode) and sign-in. */
class ConsoleWizardTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "123456789012";
  private AwsEmulator aws;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    aws = AwsEmulator.start();
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(aws.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void theWizardShowsA64CharacterKeyAndAddsTheDeviceToRootWithTwoConsecutiveCodes()
      throws Exception {
    post(
        "/_emulator/accounts",
        "{\"accountId\":\"" + ACCOUNT + "\",\"rootApi\":\"refused\",\"rootAccessKeys\":false}");
    String base = "/_emulator/accounts/" + ACCOUNT + "/console/";
    JsonNode shown = post(base + "root-mfa", "{\"deviceName\":\"root-console\"}");
    String key = shown.get("secretKey").asText();
    String serial = shown.get("serialNumber").asText();
    assertThat(key).matches("[A-Z2-7]{64}");
    assertThat(serial).isEqualTo("arn:aws:iam::" + ACCOUNT + ":mfa/root-console");
    assertThat(aws.account(ACCOUNT).rootMfaEnabled()).isFalse();

    long step = Totp.step(aws.clock());
    String wrong =
        "{\"serialNumber\":\""
            + serial
            + "\",\"code1\":\""
            + Totp.codeAtStep(key, step + 1)
            + "\",\"code2\":\""
            + Totp.codeAtStep(key, step)
            + "\"}";
    assertThat(post(base + "root-mfa/add-mfa", wrong).get("added").asBoolean()).isFalse();
    String right =
        "{\"serialNumber\":\""
            + serial
            + "\",\"code1\":\""
            + Totp.codeAtStep(key, step)
            + "\",\"code2\":\""
            + Totp.codeAtStep(key, step + 1)
            + "\"}";
    assertThat(post(base + "root-mfa/add-mfa", right).get("added").asBoolean()).isTrue();
    assertThat(aws.account(ACCOUNT).rootMfaEnabled()).isTrue();
    assertThat(aws.account(ACCOUNT).devicesAssignedTo("root")).hasSize(1);

    Instant now = aws.clock();
    String code = Totp.code(key, now);
    assertThat(
            post(base + "sign-in", "{\"target\":\"root\",\"code\":\"" + code + "\"}")
                .get("accepted")
                .asBoolean())
        .isTrue();
    java.util.Set<String> valid =
        java.util.Set.of(
            Totp.codeAtStep(key, Totp.step(now) - 1),
            code,
            Totp.codeAtStep(key, Totp.step(now) + 1));
    String other =
        java.util.stream.Stream.of("000000", "111111", "222222", "333333")
            .filter(c -> !valid.contains(c))
            .findFirst()
            .orElseThrow();
    assertThat(
            post(base + "sign-in", "{\"target\":\"root\",\"code\":\"" + other + "\"}")
                .get("accepted")
                .asBoolean())
        .isFalse();
    assertThat(aws.issuedSecretsForAssertions().seeds()).contains(key);
  }
}
