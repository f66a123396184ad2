package io.rootmfa.operator.emulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Test helper: an SDK interceptor that keeps every raw HTTP response (status, headers, body) the
 * client received, so tests can check what actually crossed the wire. Holds secrets in memory;
 * never print it.
 */
public final class RecordingInterceptor implements ExecutionInterceptor {

  /**
   * One raw response.
   *
   * @param operation the SDK operation name
   * @param status HTTP status
   * @param headers response headers
   * @param body response body as UTF-8 text
   */
  public record RawResponse(
      String operation, int status, Map<String, List<String>> headers, String body) {
    /** The first value of a header (case-insensitive). */
    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }

    @Override
    public String toString() {
      return "RawResponse[" + operation + ", " + status + "]";
    }
  }

  private final List<RawResponse> responses = new CopyOnWriteArrayList<>();

  /** All raw responses, oldest first. */
  public List<RawResponse> responses() {
    return List.copyOf(responses);
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    byte[] body;
    try {
      body =
          context.responseBody().isPresent()
              ? context.responseBody().get().readAllBytes()
              : new byte[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    responses.add(
        new RawResponse(
            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
            context.httpResponse().statusCode(),
            context.httpResponse().headers(),
            new String(body, StandardCharsets.UTF_8)));
    return Optional.of(new ByteArrayInputStream(body));
  }
}
