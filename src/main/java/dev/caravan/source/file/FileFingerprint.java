package dev.caravan.source.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One streaming pass over a file before it is imported: its SHA-256 (to recognise the same content
 * dropped again), its size, its line count (for progress) and its encoding: a byte-order mark, valid
 * UTF-8, or else the configured fallback (Latin-1 exports from older CRMs).
 *
 * @param bomLength bytes of byte-order mark to skip
 */
public record FileFingerprint(String sha256, long size, long lines, Charset charset, int bomLength) {

    public static FileFingerprint of(Path file, Charset fallback) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        boolean validUtf8 = true;
        long size = 0;
        long lines = 0;
        byte lastByte = '\n';
        byte[] head = new byte[4];
        int headLen = 0;
        byte[] chunk = new byte[1 << 16];
        ByteBuffer pending = ByteBuffer.allocate((1 << 16) + 8);
        CharBuffer sink = CharBuffer.allocate((1 << 16) + 16);
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                digest.update(chunk, 0, n);
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        lines++;
                    }
                }
                for (int i = 0; i < n && headLen < head.length; i++) {
                    head[headLen++] = chunk[i];
                }
                lastByte = chunk[n - 1];
                size += n;
                if (validUtf8) {
                    pending.put(chunk, 0, n).flip();
                    CoderResult result = utf8.decode(pending, sink.clear(), false);
                    if (result.isError()) {
                        validUtf8 = false;
                    }
                    pending.compact();
                }
            }
        }
        if (validUtf8) {
            pending.flip();
            if (utf8.decode(pending, sink.clear(), true).isError() || utf8.flush(sink).isError()) {
                validUtf8 = false;
            }
        }
        if (size > 0 && lastByte != '\n') {
            lines++;
        }
        Charset charset;
        int bom = 0;
        if (headLen >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
        } else if (headLen >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        } else if (headLen >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else {
            charset = validUtf8 ? StandardCharsets.UTF_8 : fallback;
        }
        return new FileFingerprint(HexFormat.of().formatHex(digest.digest()), size, lines, charset, bom);
    }

    /** "UTF-8", "UTF-8 (BOM)", "windows-1252 (not valid UTF-8)" for the run log. */
    public String describeEncoding() {
        if (bomLength > 0) {
            return charset.name() + " (BOM)";
        }
        return charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : charset.name() + " (not valid UTF-8)";
    }
}
