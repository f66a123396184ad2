package io.rootmfa.operator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The emulator's admin JSON API under {@code /_emulator/} for out-of-process use (demo, crash
 * tests). No authentication; answers loopback peers only. Nothing it returns contains a seed, a
 * code or a secret value (it does return the access keys it creates, for the caller's own use),
 * except the console model ({@link ConsoleWizard}), which shows "the person" the secret key of the
 * root device it creates, as the AWS console does.
 *
 * <pre>
 * POST   /_emulator/accounts                 {accountId, rootPassword=true, rootAccessKeys=true, rootApi?}
 *                                            → {accountId, rootArn, accessKeyId?, secretAccessKey?}
 * POST   /_emulator/accounts/{id}/users      {userName}            → {userName, arn, accessKeyId, secretAccessKey}
 * POST   /_emulator/accounts/{id}/roles      {roleName, externalId?, trustedPrincipals?[]} → {roleArn}
 * POST   /_emulator/accounts/{id}/deny       {action, principalArn?}
 * POST   /_emulator/accounts/{id}/console/root-mfa         {deviceName} → {serialNumber, secretKey}
 * POST   /_emulator/accounts/{id}/console/root-mfa/add-mfa {serialNumber, code1, code2} → {added}
 * POST   /_emulator/accounts/{id}/console/sign-in          {target="root"|"iamUser/NAME", code}
 *                                                          → {accepted}
 * POST   /_emulator/faults                   {operation="*", count=1, fault?, afterEffect=false,
 *                                             latencyMillis?, timeoutHoldMillis?}
 * DELETE /_emulator/faults
 * POST   /_emulator/clock                    {offsetSeconds}       → {now, offsetSeconds}
 * GET    /_emulator/clock
 * POST   /_emulator/kms/refuse               {kmsKeyId}
 * POST   /_emulator/replication/fail         {region, statusMessage}
 * GET    /_emulator/calls                    the safe call log
 * GET    /_emulator/state                    accounts, devices (no seeds), secrets (metadata only)
 * GET    /_emulator/invariants               see {@link Invariants}
 * POST   /_emulator/organizations            {managementAccountId, centralizedRootAccess=true}
 *                                            → {organizationId, rootId}
 * POST   /_emulator/organizations/{mgmt}/units     {name, parentId=root} → {id}
 * POST   /_emulator/organizations/{mgmt}/accounts  {accountId, parentId=root, name?, rootPassword=true}
 * DELETE /_emulator/organizations/{mgmt}/accounts/{id}      the account leaves (its state stays)
 * POST   /_emulator/organizations/{mgmt}/centralized-root-access  {enabled}
 * POST   /_emulator/organizations/{mgmt}/delegated-administrators {accountId, servicePrincipal}
 * </pre>
 */
final class AdminApi {

  static final String PREFIX = "/_emulator/";

  private final AwsEmulator emulator;

  AdminApi(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  HttpReply handle(HttpExchange http) {
    if (!MiniHttpServer.isLoopback(http.remote())) {
      return error(403, "admin API answers loopback clients only");
    }
    try {
      String[] path = http.path().substring(PREFIX.length()).split("/");
      String method = http.method();
      JsonNode body =
          http.body().length == 0
              ? JsonProtocol.object()
              : JsonProtocol.MAPPER.readTree(http.body());
      return switch (method + " " + path[0]) {
        case "POST accounts" -> path.length == 1 ? createAccount(body) : accountAction(path, body);
        case "POST faults" -> addFault(body);
        case "DELETE faults" -> {
          emulator.faults().clear();
          yield ok(JsonProtocol.object().put("cleared", true));
        }
        case "POST clock" -> {
          emulator.setClockOffset(Duration.ofSeconds(body.path("offsetSeconds").asLong()));
          yield clock();
        }
        case "GET clock" -> clock();
        case "POST kms" -> {
          emulator.refuseKmsKey(required(body, "kmsKeyId"));
          yield ok(JsonProtocol.object().put("refused", body.get("kmsKeyId").asText()));
        }
        case "POST replication" -> {
          emulator.failReplication(required(body, "region"), required(body, "statusMessage"));
          yield ok(JsonProtocol.object().put("failing", body.get("region").asText()));
        }
        case "GET calls" -> ok(calls());
        case "GET state" -> ok(state());
        case "POST organizations" ->
            path.length == 1 ? createOrganization(body) : organizationAction(path, body);
        case "DELETE organizations" -> {
          if (path.length != 4 || !path[2].equals("accounts")) {
            yield error(404, "unknown admin endpoint");
          }
          organization(path[1]).removeAccount(path[3]);
          yield ok(JsonProtocol.object().put("removed", path[3]));
        }
        case "GET invariants" -> ok(JsonProtocol.MAPPER.valueToTree(emulator.invariants()));
        default -> error(404, "unknown admin endpoint: " + method + " " + http.path());
      };
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    } catch (java.io.IOException e) {
      return error(400, "request body is not JSON");
    }
  }

  private HttpReply createAccount(JsonNode body) {
    String accountId = required(body, "accountId");
    if (emulator.findAccount(accountId).isPresent()) {
      return error(409, "account exists: " + accountId);
    }
    EmulatedAccount account = emulator.createAccount(accountId);
    account.setRootPasswordPresent(body.path("rootPassword").asBoolean(true));
    if (body.hasNonNull("rootApi")) {
      account.setRootApiMode(
          RootApiMode.valueOf(body.get("rootApi").asText().toUpperCase(Locale.ROOT)));
    }
    ObjectNode out =
        JsonProtocol.object()
            .put("accountId", accountId)
            .put("rootArn", account.rootPrincipal().arn());
    if (body.path("rootAccessKeys").asBoolean(true)) {
      putKey(out, account.createRootAccessKey());
    }
    return ok(out);
  }

  private HttpReply accountAction(String[] path, JsonNode body) {
    if (path.length >= 4 && path[2].equals("console")) {
      return consoleAction(path, body);
    }
    if (path.length != 3) {
      return error(404, "unknown admin endpoint");
    }
    EmulatedAccount account = emulator.account(path[1]);
    switch (path[2]) {
      case "users" -> {
        String userName = required(body, "userName");
        IamUser user = account.user(userName).orElseGet(() -> account.createUser(userName));
        ObjectNode out =
            JsonProtocol.object().put("userName", user.userName()).put("arn", user.arn());
        putKey(out, account.createAccessKey(userName));
        return ok(out);
      }
      case "roles" -> {
        Set<String> trusted = new HashSet<>();
        body.path("trustedPrincipals").forEach(p -> trusted.add(p.asText()));
        Role role =
            account.createRole(
                required(body, "roleName"),
                body.hasNonNull("externalId") ? body.get("externalId").asText() : null,
                trusted);
        return ok(JsonProtocol.object().put("roleArn", role.arn()));
      }
      case "deny" -> {
        String action = required(body, "action");
        if (body.hasNonNull("principalArn")) {
          account.deny(action, body.get("principalArn").asText());
        } else {
          account.deny(action);
        }
        return ok(JsonProtocol.object().put("denied", action));
      }
      default -> {
        return error(404, "unknown admin endpoint");
      }
    }
  }

  private HttpReply consoleAction(String[] path, JsonNode body) {
    ConsoleWizard console = emulator.console(path[1]);
    String action = String.join("/", java.util.Arrays.copyOfRange(path, 3, path.length));
    return switch (action) {
      case "root-mfa" -> {
        ConsoleWizard.ShownDevice shown = console.showSecretKey(required(body, "deviceName"));
        yield ok(
            JsonProtocol.object()
                .put("serialNumber", shown.serialNumber())
                .put("secretKey", shown.secretKey()));
      }
      case "root-mfa/add-mfa" ->
          ok(
              JsonProtocol.object()
                  .put(
                      "added",
                      console.addMfa(
                          required(body, "serialNumber"),
                          body.path("code1").asText(null),
                          body.path("code2").asText(null))));
      case "sign-in" ->
          ok(
              JsonProtocol.object()
                  .put(
                      "accepted",
                      console.signIn(required(body, "target"), body.path("code").asText(null))));
      default -> error(404, "unknown admin endpoint");
    };
  }

  private HttpReply createOrganization(JsonNode body) {
    EmulatedOrganization org = emulator.createOrganization(required(body, "managementAccountId"));
    org.setCentralizedRootAccess(body.path("centralizedRootAccess").asBoolean(true));
    return ok(JsonProtocol.object().put("organizationId", org.id()).put("rootId", org.rootId()));
  }

  private EmulatedOrganization organization(String managementAccountId) {
    return emulator
        .organizationOf(managementAccountId)
        .filter(o -> o.managementAccountId().equals(managementAccountId))
        .orElseThrow(
            () ->
                new IllegalArgumentException("no organization managed by " + managementAccountId));
  }

  private HttpReply organizationAction(String[] path, JsonNode body) {
    if (path.length != 3) {
      return error(404, "unknown admin endpoint");
    }
    EmulatedOrganization org = organization(path[1]);
    String parentId = body.hasNonNull("parentId") ? body.get("parentId").asText() : org.rootId();
    switch (path[2]) {
      case "units" -> {
        return ok(
            JsonProtocol.object()
                .put("id", org.createOrganizationalUnit(parentId, required(body, "name")).id()));
      }
      case "accounts" -> {
        String accountId = required(body, "accountId");
        org.addAccount(accountId, parentId, body.path("name").asText("account-" + accountId))
            .setRootPasswordPresent(body.path("rootPassword").asBoolean(true));
        return ok(JsonProtocol.object().put("accountId", accountId));
      }
      case "centralized-root-access" -> {
        org.setCentralizedRootAccess(body.path("enabled").asBoolean());
        return ok(JsonProtocol.object().put("enabled", body.path("enabled").asBoolean()));
      }
      case "delegated-administrators" -> {
        org.registerDelegatedAdministrator(
            required(body, "accountId"), required(body, "servicePrincipal"));
        return ok(JsonProtocol.object().put("accountId", body.get("accountId").asText()));
      }
      default -> {
        return error(404, "unknown admin endpoint");
      }
    }
  }

  private HttpReply addFault(JsonNode body) {
    String operation = body.path("operation").asText(Faults.ANY);
    Faults faults = emulator.faults();
    if (body.hasNonNull("timeoutHoldMillis")) {
      faults.timeoutHold(Duration.ofMillis(body.get("timeoutHoldMillis").asLong()));
    }
    if (body.hasNonNull("latencyMillis")) {
      faults.latency(operation, Duration.ofMillis(body.get("latencyMillis").asLong()));
    }
    if (body.hasNonNull("fault")) {
      Fault fault = Fault.valueOf(body.get("fault").asText().toUpperCase(Locale.ROOT));
      int count = body.path("count").asInt(1);
      if (body.path("afterEffect").asBoolean(false)) {
        faults.failNextAfterEffect(operation, count, fault);
      } else {
        faults.failNext(operation, count, fault);
      }
    }
    return ok(JsonProtocol.object().put("operation", operation));
  }

  private HttpReply clock() {
    return ok(
        JsonProtocol.object()
            .put("now", emulator.clock().toString())
            .put("offsetSeconds", emulator.clockOffset().toSeconds()));
  }

  private ArrayNode calls() {
    ArrayNode out = JsonProtocol.MAPPER.createArrayNode();
    for (CallRecord call : emulator.calls().all()) {
      ObjectNode node =
          out.addObject()
              .put("time", call.time().toString())
              .put("requestId", call.requestId())
              .put("service", call.service())
              .put("operation", call.operation())
              .put("accountId", call.accountId())
              .put("region", call.region())
              .put("principal", call.principalArn())
              .put("outcome", call.outcome())
              .put("fault", call.fault() == null ? null : call.fault().name());
      ObjectNode params = node.putObject("params");
      call.params().forEach(params::put);
    }
    return out;
  }

  private ObjectNode state() {
    ObjectNode out = JsonProtocol.object().put("now", emulator.clock().toString());
    ArrayNode accounts = out.putArray("accounts");
    for (EmulatedAccount account : emulator.accounts()) {
      ObjectNode a =
          accounts
              .addObject()
              .put("accountId", account.accountId())
              .put("rootApiMode", account.rootApiMode().name())
              .put("rootPasswordPresent", account.rootPasswordPresent())
              .put("rootAccessKeysPresent", account.rootAccessKeysPresent())
              .put("rootMfaEnabled", account.rootMfaEnabled());
      ArrayNode users = a.putArray("users");
      account
          .users()
          .forEach(u -> users.addObject().put("userName", u.userName()).put("arn", u.arn()));
      ArrayNode devices = a.putArray("devices");
      for (VirtualMfaDevice d : account.devices()) {
        ObjectNode device =
            devices
                .addObject()
                .put("serialNumber", d.serialNumber())
                .put("path", d.path())
                .put("assignedTo", d.assignedTo().map(MfaTarget::arn).orElse(null))
                .put("target", d.assignedTo().map(MfaTarget::label).orElse(null))
                .put("enableDate", d.enableDate().map(Object::toString).orElse(null))
                .put("seedReadBack", d.seedReadBackFromSecretsManager());
        ObjectNode tags = device.putObject("tags");
        d.tags().forEach(tags::put);
      }
      ArrayNode secrets = a.putArray("secrets");
      for (Secret s : account.secrets()) {
        ObjectNode secret =
            secrets
                .addObject()
                .put("name", s.name())
                .put("arn", s.arn())
                .put("kmsKeyId", s.kmsKeyId())
                .put("deletedDate", s.deletedDate().map(Object::toString).orElse(null));
        ArrayNode replicas = secret.putArray("replicaRegions");
        s.replicaRegions().forEach(replicas::add);
        ObjectNode tags = secret.putObject("tags");
        s.tags().forEach(tags::put);
        ObjectNode versions = secret.putObject("versionIdsToStages");
        s.versions()
            .forEach(
                v -> {
                  ArrayNode stages = versions.putArray(v.versionId());
                  v.stages().forEach(stages::add);
                });
      }
    }
    return out;
  }

  private static void putKey(ObjectNode out, AccessKey key) {
    out.put("accessKeyId", key.accessKeyId()).put("secretAccessKey", key.secretAccessKey());
  }

  private static String required(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull() || value.asText().isEmpty()) {
      throw new IllegalArgumentException("missing field: " + field);
    }
    return value.asText();
  }

  private static HttpReply ok(JsonNode body) {
    return HttpReply.of(200, "application/json", JsonProtocol.write(body));
  }

  private static HttpReply error(int status, String message) {
    return HttpReply.of(
        status,
        "application/json",
        JsonProtocol.write(JsonProtocol.object().put("error", message)));
  }
}
