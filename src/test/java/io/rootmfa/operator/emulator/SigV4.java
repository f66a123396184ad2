package io.rootmfa.operator.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Parsing and verification of AWS Signature Version 4 {@code Authorization} headers. */
final class SigV4 {

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256\\s+Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
              + "SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");

  /**
   * The parsed header.
   *
   * @param accessKeyId the access key id
   * @param date the scope date (yyyyMMdd)
   * @param region the scope region
   * @param service the scope service name ({@code iam}, {@code sts}, {@code secretsmanager})
   * @param signedHeaders lower-case header names that were signed
   * @param signature the hex signature
   */
  record Authorization(
      String accessKeyId,
      String date,
      String region,
      String service,
      List<String> signedHeaders,
      String signature) {}

  private SigV4() {}

  /** Parses the header, or returns {@code null} when it is absent or not SigV4. */
  static Authorization parse(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = AUTHORIZATION.matcher(header.trim());
    if (!m.matches()) {
      return null;
    }
    return new Authorization(
        m.group(1), m.group(2), m.group(3), m.group(4), List.of(m.group(5).split(";")), m.group(6));
  }

  /** True when the request's signature is what {@code secretAccessKey} produces. */
  static boolean verify(HttpExchange request, Authorization auth, String secretAccessKey) {
    String amzDate = request.header("x-amz-date");
    if (amzDate == null) {
      return false;
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : auth.signedHeaders()) {
      List<String> values = request.headers().getOrDefault(name, List.of());
      List<String> trimmed = new ArrayList<>(values.size());
      for (String v : values) {
        trimmed.add(v.trim().replaceAll(" +", " "));
      }
      canonicalHeaders.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    String payloadHash = request.header("x-amz-content-sha256");
    String actualHash = hex(sha256(request.body()));
    if (payloadHash == null || "UNSIGNED-PAYLOAD".equals(payloadHash)) {
      payloadHash = payloadHash == null ? actualHash : payloadHash;
    } else if (!payloadHash.equals(actualHash)) {
      return false;
    }
    String canonicalRequest =
        request.method()
            + '\n'
            + canonicalUri(request.path())
            + '\n'
            + canonicalQuery(request.query())
            + '\n'
            + canonicalHeaders
            + '\n'
            + String.join(";", auth.signedHeaders())
            + '\n'
            + payloadHash;
    String scope = auth.date() + '/' + auth.region() + '/' + auth.service() + "/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + '\n'
            + scope
            + '\n'
            + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), auth.date());
    key = hmac(key, auth.region());
    key = hmac(key, auth.service());
    key = hmac(key, "aws4_request");
    String expected = hex(hmac(key, stringToSign));
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        auth.signature().getBytes(StandardCharsets.US_ASCII));
  }

  private static String canonicalUri(String path) {
    return path.isEmpty() ? "/" : path;
  }

  private static String canonicalQuery(String query) {
    if (query.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(
          encode(URLDecoder.decode(k, StandardCharsets.UTF_8))
              + '='
              + encode(URLDecoder.decode(v, StandardCharsets.UTF_8)));
    }
    pairs.sort(null);
    return String.join("&", pairs);
  }

  private static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
