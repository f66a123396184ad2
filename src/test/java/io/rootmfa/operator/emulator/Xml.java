package io.rootmfa.operator.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BiConsumer;

/** A tiny streaming XML writer for Query protocol responses. */
final class Xml {

  private final StringBuilder out = new StringBuilder(512);

  Xml open(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  Xml open(String name, String xmlns) {
    out.append('<').append(name).append(" xmlns=\"").append(xmlns).append("\">");
    return this;
  }

  Xml close(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  /** Writes {@code <name>text</name>}, or nothing when {@code value} is null. */
  Xml leaf(String name, Object value) {
    if (value != null) {
      open(name);
      out.append(escape(value instanceof Instant i ? timestamp(i) : value.toString()));
      close(name);
    }
    return this;
  }

  /** Writes {@code <name><member>…</member>…</name>}. */
  <T> Xml members(String name, Iterable<T> items, BiConsumer<Xml, T> member) {
    open(name);
    for (T item : items) {
      open("member");
      member.accept(this, item);
      close("member");
    }
    return close(name);
  }

  /** ISO 8601 with milliseconds, as IAM and STS format timestamps. */
  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
