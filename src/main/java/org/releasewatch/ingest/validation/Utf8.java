package org.releasewatch.ingest.validation;

/**
 * Well-formed UTF-8 (the Unicode standard's table 3-7), checked in place: every record is checked at ingest, and
 * decoding it into a char buffer to find out was a sixteenth of what the service allocated at 1 000 events/s.
 */
final class Utf8 {

    private Utf8() {
    }

    /**
     * The offset of the first byte that does not start a well-formed sequence (a stray continuation byte, a lead
     * byte without its continuation bytes, an overlong form, a surrogate, a code point beyond U+10FFFF), or -1:
     * the offset the JDK's decoder reports as malformed.
     */
    static int firstMalformed(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int length;
            int low = 0x80;
            int high = 0xBF; // the range of the second byte; the others are always 80..BF
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                if (lead == 0xE0) {
                    low = 0xA0; // overlong below
                } else if (lead == 0xED) {
                    high = 0x9F; // surrogates above
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                if (lead == 0xF0) {
                    low = 0x90; // overlong below
                } else if (lead == 0xF4) {
                    high = 0x8F; // beyond U+10FFFF above
                }
            } else {
                return i; // a continuation byte, C0, C1 or F5..FF
            }
            if (i + length > n) {
                return i;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
