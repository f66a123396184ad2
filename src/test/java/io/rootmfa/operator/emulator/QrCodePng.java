package io.rootmfa.operator.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Stand-in for the QR code PNG AWS returns: a valid 1×1 PNG carrying a random per-device nonce in a
 * {@code tEXt} chunk, so each device's PNG is distinct (tests can search logs for it) without
 * encoding the seed.
 */
final class QrCodePng {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private QrCodePng() {}

  static byte[] create() {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(SIGNATURE);
    chunk(
        png,
        "IHDR",
        ByteBuffer.allocate(13)
            .putInt(1)
            .putInt(1)
            .put((byte) 8)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0)
            .array());
    chunk(
        png,
        "tEXt",
        ("Comment\0rootmfa-emulator-" + HexFormat.of().formatHex(Ids.bytes(16)))
            .getBytes(StandardCharsets.ISO_8859_1));
    chunk(png, "IDAT", deflate(new byte[] {0, 0}));
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static byte[] deflate(byte[] raw) {
    Deflater deflater = new Deflater();
    deflater.setInput(raw);
    deflater.finish();
    byte[] buffer = new byte[64];
    int n = deflater.deflate(buffer);
    deflater.end();
    byte[] out = new byte[n];
    System.arraycopy(buffer, 0, out, 0, n);
    return out;
  }
}
