package io.rootmfa.operator.emulator;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A deliberately small HTTP/1.1 server (keep-alive, Content-Length and chunked request bodies,
 * {@code Expect: 100-continue}).
 *
 * <p>The JDK's {@code com.sun.net.httpserver.HttpServer} always overwrites the {@code Date}
 * response header with the JVM clock; the emulator must send its own, independently settable "AWS
 * time", so it writes responses itself. It also lets a fault drop a connection without any
 * response.
 */
final class MiniHttpServer implements AutoCloseable {

  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int IDLE_TIMEOUT_MILLIS = 120_000;

  private final ServerSocket serverSocket;
  private final Function<HttpExchange, HttpReply> handler;
  private final ExecutorService workers;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  MiniHttpServer(int port, Function<HttpExchange, HttpReply> handler) throws IOException {
    this.handler = handler;
    this.serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "aws-emulator-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "aws-emulator-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = serverSocket.accept();
        open.add(socket);
        workers.execute(() -> serve(socket));
      } catch (IOException e) {
        // closed (loop ends) or a transient accept failure (keep serving)
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (!closed) {
        HttpExchange exchange = readRequest(in, out, socket.getInetAddress());
        if (exchange == null) {
          return;
        }
        HttpReply reply = safely(exchange);
        if (reply.dropConnection()) {
          return;
        }
        boolean close = "close".equalsIgnoreCase(exchange.header("connection"));
        writeReply(out, reply, close, "HEAD".equals(exchange.method()));
        if (close) {
          return;
        }
      }
    } catch (IOException e) {
      // client went away or idle timeout: nothing to answer
    } finally {
      open.remove(socket);
    }
  }

  /** Runs the handler; an emulator bug becomes a 500 rather than a silently dropped connection. */
  private HttpReply safely(HttpExchange exchange) {
    try {
      return handler.apply(exchange);
    } catch (RuntimeException e) {
      System.err.println("aws-emulator: internal error: " + e);
      return HttpReply.of(
          500, "text/plain", "aws-emulator internal error: " + e.getClass().getSimpleName());
    }
  }

  private static HttpExchange readRequest(InputStream in, OutputStream out, InetAddress remote)
      throws IOException {
    String requestLine = readLine(in);
    if (requestLine == null) {
      return null;
    }
    while (requestLine.isEmpty()) { // tolerate stray CRLF between requests
      requestLine = readLine(in);
      if (requestLine == null) {
        return null;
      }
    }
    String[] parts = requestLine.split(" ");
    if (parts.length < 2) {
      throw new IOException("bad request line");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int headerBytes = 0;
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      headerBytes += line.length();
      if (headerBytes > MAX_HEADER_BYTES) {
        throw new IOException("headers too large");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
    }
    String target = parts[1];
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    HttpExchange head = new HttpExchange(parts[0], path, query, headers, new byte[0], remote);
    if ("100-continue".equalsIgnoreCase(head.header("expect"))) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
      body = readChunked(in);
    } else {
      String length = head.header("content-length");
      body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length.trim()));
    }
    return new HttpExchange(parts[0], path, query, headers, body, remote);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      if (sizeLine == null) {
        throw new IOException("truncated chunked body");
      }
      int semicolon = sizeLine.indexOf(';');
      int size =
          Integer.parseInt(
              (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        for (String trailer = readLine(in);
            trailer != null && !trailer.isEmpty();
            trailer = readLine(in)) {
          // trailers are ignored
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] bytes = line.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      line.write(c);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  private static void writeReply(OutputStream out, HttpReply reply, boolean close, boolean head)
      throws IOException {
    StringBuilder sb = new StringBuilder(256);
    sb.append("HTTP/1.1 ")
        .append(reply.status())
        .append(' ')
        .append(reason(reply.status()))
        .append("\r\n");
    reply.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    sb.append("Content-Length: ").append(reply.body().length).append("\r\n");
    sb.append("Connection: ").append(close ? "close" : "keep-alive").append("\r\n\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(reply.body());
    }
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    workers.shutdownNow();
  }

  /** True once {@link #close()} was called; long holds (TIMEOUT faults) end early then. */
  boolean isClosed() {
    return closed;
  }

  /** Sleeps up to {@code millis}, returning early when the server closes. */
  void sleep(long millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    try {
      while (!closed && System.nanoTime() < end) {
        Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000L)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static boolean isLoopback(InetAddress address) {
    return address != null && address.isLoopbackAddress();
  }
}
