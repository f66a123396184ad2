package io.rootmfa.operator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * AWS Organizations over AWS JSON 1.1 ({@code X-Amz-Target:
 * AWSOrganizationsV20161128.<Operation>}): {@code DescribeOrganization}, {@code ListRoots}, {@code
 * ListAccounts}, {@code ListAccountsForParent}, {@code ListOrganizationalUnitsForParent}, with
 * {@code MaxResults} (1–20) and opaque {@code NextToken} paging. Any member may describe its
 * organization; listing is for the management account and delegated administrators only, as AWS
 * documents.
 */
final class OrganizationsHandler {

  static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";
  private static final int MAX_RESULTS = 20;
  private static final String PARENT_ID = "^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$";

  HttpReply handle(RequestContext ctx, JsonNode body) {
    EmulatedOrganization org =
        ctx.emulator()
            .organizationOf(ctx.account().accountId())
            .orElseThrow(
                () ->
                    new AwsError(
                        "AWSOrganizationsNotInUseException",
                        400,
                        "Your account is not a member of an organization."));
    ctx.authorize("organizations:" + ctx.operation(), "*");
    return switch (ctx.operation()) {
      case "DescribeOrganization" -> describeOrganization(org);
      case "ListRoots" -> {
        requireAdministrator(ctx, org);
        ObjectNode out = JsonProtocol.object();
        out.putArray("Roots")
            .addObject()
            .put("Id", org.rootId())
            .put(
                "Arn",
                "arn:aws:organizations::"
                    + org.managementAccountId()
                    + ":root/"
                    + org.id()
                    + "/"
                    + org.rootId())
            .put("Name", "Root")
            .putArray("PolicyTypes");
        yield JsonProtocol.success(out);
      }
      case "ListAccounts" -> {
        requireAdministrator(ctx, org);
        yield page(ctx, body, "Accounts", org.members(), (node, m) -> account(org, node, m));
      }
      case "ListAccountsForParent" -> {
        requireAdministrator(ctx, org);
        String parent = parent(org, body);
        yield page(
            ctx, body, "Accounts", org.membersOf(parent), (node, m) -> account(org, node, m));
      }
      case "ListOrganizationalUnitsForParent" -> {
        requireAdministrator(ctx, org);
        String parent = parent(org, body);
        yield page(
            ctx,
            body,
            "OrganizationalUnits",
            org.unitsOf(parent),
            (node, u) ->
                node.put("Id", u.id())
                    .put(
                        "Arn",
                        "arn:aws:organizations::"
                            + org.managementAccountId()
                            + ":ou/"
                            + org.id()
                            + "/"
                            + u.id())
                    .put("Name", u.name()));
      }
      default ->
          throw new AwsError(
              "UnknownOperationException", 400, "Unknown operation " + ctx.operation());
    };
  }

  private static HttpReply describeOrganization(EmulatedOrganization org) {
    ObjectNode out = JsonProtocol.object();
    ObjectNode o = out.putObject("Organization");
    o.put("Id", org.id())
        .put("Arn", org.arn())
        .put("FeatureSet", "ALL")
        .put("MasterAccountArn", org.accountArn(org.managementAccountId()))
        .put("MasterAccountId", org.managementAccountId())
        .put("MasterAccountEmail", "management@example.com")
        .putArray("AvailablePolicyTypes");
    return JsonProtocol.success(out);
  }

  private static void account(
      EmulatedOrganization org, ObjectNode node, EmulatedOrganization.Member m) {
    node.put("Id", m.accountId())
        .put("Arn", org.accountArn(m.accountId()))
        .put("Email", m.email())
        .put("Name", m.name())
        .put("Status", m.status().name())
        .put("JoinedMethod", m.joinedMethod())
        .put("JoinedTimestamp", JsonProtocol.timestamp(m.joined()));
  }

  private static void requireAdministrator(RequestContext ctx, EmulatedOrganization org) {
    String caller = ctx.account().accountId();
    if (!caller.equals(org.managementAccountId()) && !org.isDelegatedAdministrator(caller)) {
      throw new AwsError(
          "AccessDeniedException", 400, "You don't have permissions to access this resource.");
    }
  }

  private static String parent(EmulatedOrganization org, JsonNode body) {
    String parentId = body.path("ParentId").asText(null);
    if (parentId == null) {
      throw new AwsError(
          "InvalidInputException",
          400,
          "You provided a value that does not match the required pattern.");
    }
    if (!parentId.matches(PARENT_ID)) {
      throw new AwsError(
          "InvalidInputException",
          400,
          "You provided a value that does not match the required pattern.");
    }
    if (!org.hasParent(parentId)) {
      throw new AwsError(
          "ParentNotFoundException",
          400,
          "We can't find a root or OU with the ParentId that you specified.");
    }
    return parentId;
  }

  /**
   * One page: at most {@code MaxResults} (and the organization's page size) items from the offset
   * the token names. The token binds the operation and the request's parent, so a token of another
   * listing is refused, as on AWS.
   */
  private static <T> HttpReply page(
      RequestContext ctx,
      JsonNode body,
      String field,
      List<T> items,
      BiConsumer<ObjectNode, T> writer) {
    int maxResults = MAX_RESULTS;
    if (body.hasNonNull("MaxResults")) {
      maxResults = body.get("MaxResults").asInt();
      if (maxResults < 1 || maxResults > MAX_RESULTS) {
        throw new AwsError(
            "InvalidInputException",
            400,
            "You provided a value that is outside the allowed range for MaxResults (1-20).");
      }
    }
    String scope = ctx.operation() + "|" + body.path("ParentId").asText("");
    int offset = 0;
    if (body.hasNonNull("NextToken")) {
      offset = offset(body.get("NextToken").asText(), scope);
    }
    int size =
        Math.min(
            maxResults,
            ctx.emulator().organizationOf(ctx.account().accountId()).orElseThrow().maxPageSize());
    int end = Math.min(items.size(), offset + size);
    ObjectNode out = JsonProtocol.object();
    ArrayNode array = out.putArray(field);
    for (T item : items.subList(Math.min(offset, items.size()), end)) {
      writer.accept(array.addObject(), item);
    }
    if (end < items.size()) {
      out.put("NextToken", token(scope, end));
    }
    return JsonProtocol.success(out);
  }

  private static String token(String scope, int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((scope + "|" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String token, String scope) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith(scope + "|")) {
        return Integer.parseInt(decoded.substring(scope.length() + 1));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal below
    }
    throw new AwsError(
        "InvalidInputException",
        400,
        "You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.");
  }
}
