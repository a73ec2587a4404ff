package org.releasewatch.rules;

import org.apache.kafka.common.errors.SerializationException;
import org.releasewatch.json.Json;
import org.releasewatch.model.Source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The compact binary form of {@link ReleaseMark} in {@link AlertTopology#LINKED_RELEASES_STORE}: a relief
 * that fires reads every release of its country in ± the link window (thousands at high volume), and
 * JSON binding was most of that cost. Layout: a version byte, then each of eventId, personId, agreement,
 * source name, source url as a length (int, -1 for null) and that many bytes of UTF-8. Values written as JSON by
 * earlier versions (first byte {@code '{'}) are still read.
 */
final class ReleaseMarkSerde extends StoreValueSerde<ReleaseMark> {

    private static final byte VERSION = 1;

    ReleaseMarkSerde() {
        super(ReleaseMarkSerde::write, ReleaseMarkSerde::read);
    }

    static byte[] write(ReleaseMark mark) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeNullable(out, mark.eventId());
            writeNullable(out, mark.personId());
            writeNullable(out, mark.agreement());
            writeNullable(out, mark.source() == null ? null : mark.source().name());
            writeNullable(out, mark.source() == null ? null : mark.source().url());
        } catch (IOException e) {
            throw new SerializationException("cannot write release mark " + mark.eventId(), e);
        }
        return bytes.toByteArray();
    }

    static ReleaseMark read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return Json.read(bytes, ReleaseMark.class);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("release mark of unknown version " + version);
            }
            String eventId = readNullable(in);
            String personId = readNullable(in);
            String agreement = readNullable(in);
            String sourceName = readNullable(in);
            String sourceUrl = readNullable(in);
            Source source = sourceName == null && sourceUrl == null ? null : new Source(sourceName, sourceUrl);
            return new ReleaseMark(eventId, personId, agreement, source);
        } catch (IOException e) {
            throw new SerializationException("cannot read a release mark of " + bytes.length + " bytes", e);
        }
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readNullable(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = in.readNBytes(length);
        if (utf8.length != length) {
            throw new IOException("truncated: " + utf8.length + " of " + length + " bytes");
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
