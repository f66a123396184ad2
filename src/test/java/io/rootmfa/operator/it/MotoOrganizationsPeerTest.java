package io.rootmfa.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootmfa.operator.aws.OrganizationDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * {@link OrganizationDirectory} (the operator's own AWS JSON 1.1 client for Organizations) against
 * moto_server's Organizations, an implementation we did not write: the wire protocol, the SigV4
 * scope moto reads the caller from, and {@code NextToken} paging (moto pages {@code
 * ListAccountsForParent} by 20). moto has no {@code sts:AssumeRoot} (5.2.5), so that part is proven
 * against the project's emulator only. The organization is built with plain JSON requests, which
 * moto does not authenticate.
 */
@Integration
class MotoOrganizationsPeerTest {
  static final String KEY_ID = "MOTOORGPEERKEY000001";
  static final ObjectMapper JSON = new ObjectMapper();
  static URI moto;
  static SdkHttpClient http;

  @BeforeAll
  static void start() {
    moto = Moto.endpoint();
    http = UrlConnectionHttpClient.create();
  }

  @AfterAll
  static void stop() {
    if (http != null) {
      http.close();
    }
  }

  /** One unauthenticated Organizations call to moto, as the organization's builder. */
  static JsonNode organizations(String operation, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(moto.resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", "AWSOrganizationsV20161128." + operation)
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + KEY_ID
                    + "/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=0")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  @Test
  void listsAnOrganizationServedByMotoAcrossPages() throws Exception {
    JsonNode described = organizations("DescribeOrganization", "{}");
    if (!described.has("Organization")) {
      organizations("CreateOrganization", "{\"FeatureSet\":\"ALL\"}");
    }
    String rootId = organizations("ListRoots", "{}").path("Roots").get(0).path("Id").asText();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String ouId =
        organizations(
                "CreateOrganizationalUnit",
                "{\"ParentId\":\"" + rootId + "\",\"Name\":\"peer-" + tag + "\"}")
            .path("OrganizationalUnit")
            .path("Id")
            .asText();
    for (int i = 0; i < 25; i++) {
      String accountId =
          organizations(
                  "CreateAccount",
                  "{\"AccountName\":\"peer-"
                      + tag
                      + "-"
                      + i
                      + "\",\"Email\":\"peer-"
                      + tag
                      + "-"
                      + i
                      + "@example.com\"}")
              .path("CreateAccountStatus")
              .path("AccountId")
              .asText();
      organizations(
          "MoveAccount",
          "{\"AccountId\":\""
              + accountId
              + "\",\"SourceParentId\":\""
              + rootId
              + "\",\"DestinationParentId\":\""
              + ouId
              + "\"}");
    }
    OrganizationDirectory directory =
        new OrganizationDirectory(
            http,
            StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, "moto-secret")),
            Optional.of(moto),
            3,
            "123456789012");

    assertThat(directory.describeOrganization().id()).startsWith("o-");
    assertThat(directory.unitsOf(rootId))
        .extracting(OrganizationDirectory.OrganizationalUnit::id)
        .contains(ouId);
    List<OrganizationDirectory.Account> inUnit = directory.accountsOf(ouId);
    assertThat(inUnit).hasSize(25).allMatch(OrganizationDirectory.Account::isActive);
    assertThat(inUnit)
        .extracting(OrganizationDirectory.Account::name)
        .allMatch(n -> n.startsWith("peer-" + tag));
    assertThat(directory.accounts())
        .extracting(OrganizationDirectory.Account::id)
        .containsAll(inUnit.stream().map(OrganizationDirectory.Account::id).toList());
  }
}
