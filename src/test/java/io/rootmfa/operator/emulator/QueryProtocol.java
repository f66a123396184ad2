package io.rootmfa.operator.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The AWS Query protocol: form-encoded requests ({@code Action}, {@code Version}, flattened members
 * such as {@code Tags.member.1.Key}) and XML responses in the service's namespace.
 */
final class QueryProtocol {

  static final String CONTENT_TYPE = "text/xml";

  private QueryProtocol() {}

  /** Decodes an {@code application/x-www-form-urlencoded} body. */
  static Map<String, String> parseForm(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    if (body == null || body.isBlank()) {
      return params;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  /** The structures of a flattened list {@code <prefix>.member.N.<field>}, in order. */
  static List<Map<String, String>> structList(Map<String, String> params, String prefix) {
    List<Map<String, String>> list = new ArrayList<>();
    for (int i = 1; ; i++) {
      String itemPrefix = prefix + ".member." + i + ".";
      Map<String, String> item = new LinkedHashMap<>();
      params.forEach(
          (k, v) -> {
            if (k.startsWith(itemPrefix)) {
              item.put(k.substring(itemPrefix.length()), v);
            }
          });
      if (item.isEmpty()) {
        return list;
      }
      list.add(item);
    }
  }

  /** The tags of a {@code Tags.member.N.Key/Value} list. */
  static Map<String, String> tags(Map<String, String> params) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Map<String, String> tag : structList(params, "Tags")) {
      tags.put(tag.get("Key"), tag.getOrDefault("Value", ""));
    }
    return tags;
  }

  /**
   * {@code <ActionResponse xmlns><ActionResult>…</ActionResult><ResponseMetadata>…}; no result
   * element if null.
   */
  static HttpReply success(Service service, String action, String requestId, Consumer<Xml> result) {
    Xml xml = new Xml().open(action + "Response", service.xmlNamespace());
    if (result != null) {
      xml.open(action + "Result");
      result.accept(xml);
      xml.close(action + "Result");
    }
    xml.open("ResponseMetadata").leaf("RequestId", requestId).close("ResponseMetadata");
    xml.close(action + "Response");
    return HttpReply.of(200, CONTENT_TYPE, xml.toString());
  }

  /** {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}. */
  static HttpReply error(Service service, AwsError error, String requestId) {
    Xml xml =
        new Xml()
            .open("ErrorResponse", service.xmlNamespace())
            .open("Error")
            .leaf("Type", error.faultType())
            .leaf("Code", error.code())
            .leaf("Message", error.getMessage())
            .close("Error")
            .leaf("RequestId", requestId)
            .close("ErrorResponse");
    return HttpReply.of(error.status(), CONTENT_TYPE, xml.toString());
  }

  /** A 200 response whose XML is cut off mid-element. */
  static HttpReply malformed(Service service, String action) {
    return HttpReply.of(
        200,
        CONTENT_TYPE,
        "<"
            + action
            + "Response xmlns=\""
            + service.xmlNamespace()
            + "\"><"
            + action
            + "Result><Ser");
  }
}
