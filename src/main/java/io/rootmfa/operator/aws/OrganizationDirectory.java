package io.rootmfa.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The read-only AWS Organizations calls organization mode needs ({@code DescribeOrganization},
 * {@code ListAccounts}, {@code ListAccountsForParent}, {@code ListOrganizationalUnitsForParent}),
 * every page followed until AWS returns no {@code NextToken} (AWS may return a short or even empty
 * page before the end).
 *
 * <p>The AWS SDK's Organizations module is not available to this build, so this class speaks AWS
 * JSON 1.1 itself, with the SDK's own SigV4 signer ({@link AwsV4HttpSigner}) and HTTP client.
 * Throttling and 5xx answers are retried with exponential backoff up to {@code maxAttempts}.
 */
public final class OrganizationDirectory {

  /** Organizations is a global service whose endpoint and signing region are in us-east-1. */
  public static final URI DEFAULT_ENDPOINT =
      URI.create("https://organizations.us-east-1.amazonaws.com");

  private static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A member account as Organizations lists it. */
  public record Account(String id, String name, String status, @Nullable String parentId) {
    public boolean isActive() {
      return "ACTIVE".equals(status);
    }
  }

  /** An organizational unit. */
  public record OrganizationalUnit(String id, String name, String parentId) {}

  /** The organization: its id and management account. */
  public record Organization(String id, String managementAccountId) {}

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final URI endpoint;
  private final int maxAttempts;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final String callerAccount;

  /**
   * @param callerAccount the operator's own account, for error context only
   */
  public OrganizationDirectory(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      Optional<URI> endpointOverride,
      int maxAttempts,
      String callerAccount) {
    this.http = http;
    this.credentials = credentials;
    this.endpoint = endpointOverride.orElse(DEFAULT_ENDPOINT);
    this.maxAttempts = Math.max(1, maxAttempts);
    this.callerAccount = callerAccount;
  }

  public Organization describeOrganization() {
    JsonNode o = call("DescribeOrganization", JSON.createObjectNode()).path("Organization");
    return new Organization(o.path("Id").asText(), o.path("MasterAccountId").asText());
  }

  /** The ids of the organization's roots (one, r-…). */
  public List<String> roots() {
    List<String> ids = new ArrayList<>();
    call("ListRoots", JSON.createObjectNode())
        .path("Roots")
        .forEach(r -> ids.add(r.path("Id").asText()));
    return ids;
  }

  /** Every account of the organization, whatever its status. */
  public List<Account> accounts() {
    List<Account> all = new ArrayList<>();
    pages("ListAccounts", null, "Accounts", a -> all.add(account(a, null)));
    return all;
  }

  /** The accounts directly under a root or OU. */
  public List<Account> accountsOf(String parentId) {
    List<Account> all = new ArrayList<>();
    pages("ListAccountsForParent", parentId, "Accounts", a -> all.add(account(a, parentId)));
    return all;
  }

  /** The OUs directly under a root or OU. */
  public List<OrganizationalUnit> unitsOf(String parentId) {
    List<OrganizationalUnit> all = new ArrayList<>();
    pages(
        "ListOrganizationalUnitsForParent",
        parentId,
        "OrganizationalUnits",
        u ->
            all.add(
                new OrganizationalUnit(u.path("Id").asText(), u.path("Name").asText(), parentId)));
    return all;
  }

  private static Account account(JsonNode a, @Nullable String parentId) {
    return new Account(
        a.path("Id").asText(), a.path("Name").asText(), a.path("Status").asText(), parentId);
  }

  private void pages(
      String operation,
      @Nullable String parentId,
      String field,
      java.util.function.Consumer<JsonNode> each) {
    String token = null;
    do {
      ObjectNode request = JSON.createObjectNode();
      if (parentId != null) {
        request.put("ParentId", parentId);
      }
      if (token != null) {
        request.put("NextToken", token);
      }
      JsonNode page = call(operation, request);
      page.path(field).forEach(each);
      token = page.hasNonNull("NextToken") ? page.get("NextToken").asText() : null;
    } while (token != null);
  }

  private JsonNode call(String operation, ObjectNode request) {
    AwsCallException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        return callOnce(operation, request);
      } catch (AwsCallException e) {
        if (!e.isTransient() || attempt == maxAttempts) {
          throw e;
        }
        last = e;
        sleep(Duration.ofMillis(Math.min(20_000, 100L << attempt)));
      }
    }
    throw last;
  }

  private JsonNode callOnce(String operation, ObjectNode request) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    SdkHttpRequest unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint.resolve("/"))
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
            .build();
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials.resolveCredentials())
                    .request(unsigned)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "organizations")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    HttpExecuteResponse response;
    JsonNode answer;
    try {
      response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      try (InputStream in =
          response
              .responseBody()
              .map(InputStream.class::cast)
              .orElse(InputStream.nullInputStream())) {
        byte[] bytes = in.readAllBytes();
        answer = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
      }
    } catch (IOException | RuntimeException e) {
      throw new AwsCallException(
          callerAccount, operation, "ClientError", null, 0, false, e.getClass().getSimpleName());
    }
    int status = response.httpResponse().statusCode();
    String requestId = response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null);
    if (status / 100 == 2) {
      return answer;
    }
    String type =
        response
            .httpResponse()
            .firstMatchingHeader("x-amzn-ErrorType")
            .orElse(answer.path("__type").asText("Unknown"));
    String code = type.substring(type.lastIndexOf('#') + 1).split(":")[0];
    String message = answer.path("message").asText(answer.path("Message").asText(null));
    boolean throttling = code.equals("TooManyRequestsException") || code.startsWith("Throttling");
    throw new AwsCallException(
        callerAccount, operation, code, requestId, status, throttling || status >= 500, message);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
