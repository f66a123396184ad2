package io.rootmfa.operator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Routes one AWS API request: recognise the service and operation, authenticate, apply faults and
 * quotas, run the handler, log the call, and stamp {@code Date} and {@code x-amzn-RequestId}.
 */
final class Dispatcher {

  private static final String TARGET_PREFIX = "secretsmanager.";

  private final AwsEmulator emulator;
  private final KeyRegistry keys;
  private final boolean verifySignatures;
  private final IamHandler iam = new IamHandler();
  private final StsHandler sts;
  private final SecretsManagerHandler secretsManager = new SecretsManagerHandler();
  private final OrganizationsHandler organizations = new OrganizationsHandler();
  private MiniHttpServer server;

  /** A recognised request. */
  private record Parsed(
      Service service,
      String operation,
      Map<String, String> form,
      JsonNode json,
      SigV4.Authorization auth,
      Map<String, String> safeParams) {
    String region() {
      return auth == null ? "us-east-1" : auth.region();
    }
  }

  Dispatcher(AwsEmulator emulator, KeyRegistry keys, boolean verifySignatures) {
    this.emulator = emulator;
    this.keys = keys;
    this.verifySignatures = verifySignatures;
    this.sts = new StsHandler(keys);
  }

  void attach(MiniHttpServer server) {
    this.server = server;
  }

  HttpReply dispatch(HttpExchange http) {
    Instant arrival = emulator.clock();
    String requestId = UUID.randomUUID().toString();
    Parsed parsed;
    try {
      parsed = parse(http);
    } catch (AwsError e) {
      return stamp(QueryProtocol.error(Service.IAM, e, requestId), requestId);
    }
    AccessKey credentials = null;
    String outcome;
    Fault injected = null;
    HttpReply reply;
    try {
      credentials = authenticate(http, parsed);
      RequestContext ctx =
          new RequestContext(
              requestId,
              parsed.service(),
              parsed.operation(),
              parsed.region(),
              credentials,
              emulator.account(credentials.principal().accountId()),
              emulator,
              arrival,
              keys.taskPolicyOf(credentials).orElse(null));
      Faults.Plan plan = emulator.faults().plan(parsed.operation());
      if (!plan.latency().isZero()) {
        server.sleep(plan.latency().toMillis());
      }
      if (plan.fault() != null && !plan.afterEffect()) {
        injected = plan.fault();
        FaultReply fault = faultReply(plan.fault(), parsed, requestId);
        log(arrival, requestId, parsed, credentials, fault.outcome(), injected);
        return stamp(fault.reply(), requestId);
      }
      enforceQuota(ctx);
      reply = handle(ctx, parsed);
      outcome = "OK";
      emulator
          .faults()
          .takeClockJump(parsed.operation())
          .ifPresent(by -> emulator.setClockOffset(emulator.clockOffset().plus(by)));
      if (plan.fault() != null) {
        injected = plan.fault();
        reply = faultReply(plan.fault(), parsed, requestId).reply();
      }
    } catch (AwsError e) {
      outcome = e.code();
      reply =
          parsed.service().isQuery()
              ? QueryProtocol.error(parsed.service(), e, requestId)
              : JsonProtocol.error(e);
    }
    log(arrival, requestId, parsed, credentials, outcome, injected);
    return stamp(reply, requestId);
  }

  private HttpReply handle(RequestContext ctx, Parsed parsed) {
    return switch (parsed.service()) {
      case IAM -> iam.handle(ctx, parsed.form());
      case STS -> sts.handle(ctx, parsed.form());
      case SECRETS_MANAGER -> secretsManager.handle(ctx, parsed.json());
      case ORGANIZATIONS -> organizations.handle(ctx, parsed.json());
    };
  }

  private Parsed parse(HttpExchange http) {
    SigV4.Authorization auth = SigV4.parse(http.header("authorization"));
    String target = http.header("x-amz-target");
    Service jsonService =
        target == null
            ? null
            : target.startsWith(TARGET_PREFIX)
                ? Service.SECRETS_MANAGER
                : target.startsWith(OrganizationsHandler.TARGET_PREFIX)
                    ? Service.ORGANIZATIONS
                    : null;
    if (jsonService != null) {
      JsonNode json;
      Map<String, String> safe = new LinkedHashMap<>();
      try {
        json = JsonProtocol.parse(http.body());
      } catch (AwsError e) {
        json = JsonProtocol.object();
      }
      for (Map.Entry<String, JsonNode> field : json.properties()) {
        if (field.getValue().isValueNode()) {
          safe.put(field.getKey(), field.getValue().asText());
        }
      }
      return new Parsed(
          jsonService,
          target.substring(target.indexOf('.') + 1),
          null,
          json,
          auth,
          CallLog.safe(safe));
    }
    Map<String, String> form = QueryProtocol.parseForm(http.bodyText());
    Service service = auth == null ? null : Service.bySigningName(auth.service());
    if (service == null || !service.isQuery()) {
      service = Service.byApiVersion(form.get("Version"));
    }
    if (service == null) {
      throw new AwsError("InvalidAction", 400, "The action or operation requested is invalid.");
    }
    String action = form.get("Action");
    if (action == null) {
      throw new AwsError(
          "InvalidAction", 400, "Could not find operation for version " + service.apiVersion());
    }
    return new Parsed(service, action, form, null, auth, CallLog.safe(form));
  }

  private AccessKey authenticate(HttpExchange http, Parsed parsed) {
    boolean query = parsed.service().isQuery();
    if (parsed.auth() == null) {
      throw query
          ? new AwsError(
              "MissingAuthenticationToken", 403, "Request is missing Authentication Token")
          : new AwsError(
              "MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }
    AccessKey key = keys.find(parsed.auth().accessKeyId());
    String token = http.header("x-amz-security-token");
    if (key == null || (key.isTemporary() && !key.sessionToken().equals(token))) {
      throw query
          ? new AwsError(
              "InvalidClientTokenId", 403, "The security token included in the request is invalid.")
          : new AwsError(
              "UnrecognizedClientException",
              400,
              "The security token included in the request is invalid.");
    }
    if (key.isTemporary() && !emulator.clock().isBefore(key.expiration())) {
      throw query
          ? new AwsError(
              "ExpiredToken", 403, "The security token included in the request is expired")
          : new AwsError(
              "ExpiredTokenException",
              400,
              "The security token included in the request is expired");
    }
    if (verifySignatures && !SigV4.verify(http, parsed.auth(), key.secretAccessKey())) {
      String message =
          "The request signature we calculated does not match the signature you provided. Check "
              + "your AWS Secret Access Key and signing method. Consult the service documentation for details.";
      throw query
          ? new AwsError("SignatureDoesNotMatch", 403, message)
          : new AwsError("InvalidSignatureException", 400, message);
    }
    if (emulator.findAccount(key.principal().accountId()).isEmpty()) {
      throw new AwsError(
          query ? "InvalidClientTokenId" : "UnrecognizedClientException",
          query ? 403 : 400,
          "The security token included in the request is invalid.");
    }
    return key;
  }

  private static void enforceQuota(RequestContext ctx) {
    boolean admitted =
        switch (ctx.service()) {
          case IAM -> ctx.account().tryIamCall();
          case STS, ORGANIZATIONS -> true;
          case SECRETS_MANAGER ->
              !SecretsManagerHandler.WRITE_OPERATIONS.contains(ctx.operation())
                  || ctx.account().trySecretsManagerWrite(ctx.region());
        };
    if (!admitted) {
      throw throttling(ctx.service());
    }
  }

  private static AwsError throttling(Service service) {
    return new AwsError(
        service.isQuery() ? "Throttling" : "ThrottlingException", 400, "Rate exceeded");
  }

  /** A fault's response and the outcome to log when it replaced the operation. */
  private record FaultReply(HttpReply reply, String outcome) {}

  private FaultReply faultReply(Fault fault, Parsed parsed, String requestId) {
    Service service = parsed.service();
    AwsError error =
        switch (fault) {
          case THROTTLE -> throttling(service);
          case SERVER_ERROR ->
              switch (service) {
                case IAM ->
                    new AwsError(
                        "ServiceFailure",
                        500,
                        "The request processing has failed because of an unknown error, exception or failure.");
                case STS ->
                    new AwsError(
                        "InternalFailure",
                        500,
                        "The request processing has failed because of an unknown error, exception or failure.");
                case SECRETS_MANAGER ->
                    new AwsError(
                        "InternalServiceError", 500, "An error occurred on the server side.");
                case ORGANIZATIONS ->
                    new AwsError(
                        "ServiceException",
                        500,
                        "AWS Organizations can't complete your request because of an internal service error.");
              };
          case UNAVAILABLE ->
              new AwsError("ServiceUnavailable", 503, "Service is unable to handle request.");
          case TIMEOUT, MALFORMED -> null;
        };
    if (error != null) {
      HttpReply reply =
          service.isQuery()
              ? QueryProtocol.error(service, error, requestId)
              : JsonProtocol.error(error);
      return new FaultReply(reply, error.code());
    }
    if (fault == Fault.TIMEOUT) {
      server.sleep(emulator.faults().timeoutHold().toMillis());
      return new FaultReply(HttpReply.drop(), "TIMEOUT");
    }
    HttpReply broken =
        service.isQuery()
            ? QueryProtocol.malformed(service, parsed.operation())
            : JsonProtocol.malformed();
    return new FaultReply(broken, "MALFORMED");
  }

  private void log(
      Instant time,
      String requestId,
      Parsed parsed,
      AccessKey credentials,
      String outcome,
      Fault fault) {
    Principal principal = credentials == null ? null : credentials.principal();
    emulator
        .calls()
        .add(
            new CallRecord(
                time,
                requestId,
                parsed.service().signingName(),
                parsed.operation(),
                principal == null ? null : principal.accountId(),
                parsed.region(),
                principal == null ? null : principal.arn(),
                outcome,
                fault,
                Map.copyOf(parsed.safeParams())));
  }

  private HttpReply stamp(HttpReply reply, String requestId) {
    return reply
        .withHeader(
            "Date",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(emulator.clock().atZone(ZoneOffset.UTC)))
        .withHeader("x-amzn-RequestId", requestId);
  }
}
