package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Smoke test of the admin JSON API over real HTTP, as the demo and crash tests use it. */
class AwsEmulatorAdminApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

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

  private JsonNode call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(aws.endpoint() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static AccessKey key(JsonNode node) {
    return new AccessKey(
        node.get("accessKeyId").asText(), node.get("secretAccessKey").asText(), null, null, null);
  }

  @Test
  void anAccountUserRoleFaultAndTheObservationEndpointsWorkOverHttp() throws Exception {
    JsonNode account =
        call(
            "POST",
            "/_emulator/accounts",
            "{\"accountId\":\"123456789012\",\"rootPassword\":true,\"rootAccessKeys\":true,\"rootApi\":\"refused\"}");
    JsonNode user =
        call("POST", "/_emulator/accounts/123456789012/users", "{\"userName\":\"operator\"}");
    JsonNode role =
        call(
            "POST",
            "/_emulator/accounts/123456789012/roles",
            "{\"roleName\":\"RootMfa\",\"externalId\":\"x-1\"}");
    call(
        "POST",
        "/_emulator/faults",
        "{\"operation\":\"GetAccountSummary\",\"count\":1,\"fault\":\"THROTTLE\"}");

    String serial;
    try (IamClient iam = EmulatorClients.iam(aws, key(account));
        StsClient sts = EmulatorClients.sts(aws, key(user))) {
      serial =
          iam.createVirtualMFADevice(b -> b.virtualMFADeviceName("d").path("/rootmfa/"))
              .virtualMFADevice()
              .serialNumber();
      iam.getAccountSummary();
      assertThat(
              sts.assumeRole(
                      b ->
                          b.roleArn(role.get("roleArn").asText())
                              .roleSessionName("s1")
                              .externalId("x-1"))
                  .credentials())
          .isNotNull();
    }
    call("DELETE", "/_emulator/faults", null);

    String seed = aws.account("123456789012").device(serial).orElseThrow().seedForAssertions();
    String state = call("GET", "/_emulator/state", null).toString();
    String calls = call("GET", "/_emulator/calls", null).toString();
    JsonNode invariants = call("GET", "/_emulator/invariants", null);
    assertThat(state).contains(serial, "\"rootApiMode\":\"REFUSED\"");
    assertThat(state.contains(seed) || calls.contains(seed))
        .as("admin API reveals the seed")
        .isFalse();
    assertThat(JSON.readTree(calls))
        .extracting(c -> c.get("operation").asText() + ":" + c.get("outcome").asText())
        .containsExactly(
            "CreateVirtualMFADevice:OK",
            "GetAccountSummary:Throttling",
            "GetAccountSummary:OK",
            "AssumeRole:OK");
    assertThat(invariants.at("/accounts/0/accountId").asText()).isEqualTo("123456789012");
    assertThat(invariants.at("/accounts/0/unassignedRootmfaDevices").asInt()).isEqualTo(1);
  }

  @Test
  void theClockEndpointShiftsTheEmulatorClock() throws Exception {
    JsonNode clock = call("POST", "/_emulator/clock", "{\"offsetSeconds\":3600}");

    assertThat(clock.get("offsetSeconds").asLong()).isEqualTo(3600);
    assertThat(aws.clockOffset().toSeconds()).isEqualTo(3600);
  }

  @Test
  void anUnknownEndpointAnswers404() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(aws.endpoint() + "/_emulator/nope")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void anOrganizationIsBuiltOverHttp() throws Exception {
    JsonNode org =
        call("POST", "/_emulator/organizations", "{\"managementAccountId\":\"100000000000\"}");
    JsonNode unit =
        call("POST", "/_emulator/organizations/100000000000/units", "{\"name\":\"prod\"}");
    call(
        "POST",
        "/_emulator/organizations/100000000000/accounts",
        "{\"accountId\":\"200000000001\",\"parentId\":\""
            + unit.get("id").asText()
            + "\",\"rootPassword\":false}");
    call(
        "POST",
        "/_emulator/organizations/100000000000/accounts",
        "{\"accountId\":\"200000000002\"}");
    call("DELETE", "/_emulator/organizations/100000000000/accounts/200000000002", null);
    call(
        "POST",
        "/_emulator/organizations/100000000000/centralized-root-access",
        "{\"enabled\":false}");

    EmulatedOrganization o = aws.organizationOf("100000000000").orElseThrow();
    assertThat(o.id()).isEqualTo(org.get("organizationId").asText());
    assertThat(o.membersOf(unit.get("id").asText()))
        .extracting(EmulatedOrganization.Member::accountId)
        .containsExactly("200000000001");
    assertThat(o.isMember("200000000002")).isFalse();
    assertThat(aws.account("200000000002").accountId()).isEqualTo("200000000002");
    assertThat(aws.account("200000000001").rootPasswordPresent()).isFalse();
    assertThat(o.rootSessions()).isFalse();
  }
}
