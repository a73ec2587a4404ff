package org.releasewatch.sources;

import java.nio.charset.Charset;
import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Rosters as a human-rights group would export them: a header and one row per person held, ids 1..n, Belarusian
 * names (every seventh one with a comma and quotes, so it is a quoted field), country BY.
 */
final class Rosters {

    private Rosters() {
    }

    static TreeSet<Integer> ids(int n) {
        return IntStream.rangeClosed(1, n).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    static String name(int id) {
        return id % 7 == 0 ? "Бяляцкі, Алесь \"" + id + "\"" : "Асоба Нумар " + id;
    }

    /** CSV with {@code delimiter}, CRLF line ends, quoting what needs it. */
    static String csv(Collection<Integer> ids, char delimiter) {
        StringBuilder out = new StringBuilder("id" + delimiter + "ФИО" + delimiter + "country" + delimiter + "status\r\n");
        for (int id : ids) {
            out.append(id).append(delimiter).append(quote(name(id), delimiter)).append(delimiter).append("BY")
                    .append(delimiter).append("у зняволенні").append("\r\n");
        }
        return out.toString();
    }

    static byte[] csv(Collection<Integer> ids, char delimiter, Charset charset, boolean bom) {
        byte[] body = csv(ids, delimiter).getBytes(charset);
        if (!bom) {
            return body;
        }
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    /** JSON lines with fields {@code pid} and {@code fullName}, no country (the roster's {@code country} applies). */
    static String jsonLines(Collection<Integer> ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append("{\"pid\":").append(id).append(",\"fullName\":\"Person ").append(id).append("\"}\n");
        }
        return out.toString();
    }

    private static String quote(String field, char delimiter) {
        return field.indexOf(delimiter) >= 0 || field.indexOf('"') >= 0 ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
