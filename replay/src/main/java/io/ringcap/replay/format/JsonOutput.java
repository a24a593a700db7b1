package io.ringcap.replay.format;

import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.decode.Utf8Text;
import io.ringcap.wire.ReadStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * The JSON formatter's byte-level writer, with what every event's rendering needs: Tracee's
 * argument objects ({@code {"name":..,"type":..,"value":..}}), unsigned numbers, text decoded from
 * record bytes, hex, and the one rule for values read from user memory ({@link #isRead(int)}).
 *
 * <p>Everything is encoded straight into one reused byte array: digits by hand, constant names as
 * {@link JsonText}s encoded once, record text escaped byte by byte. The array is written to the
 * stream in chunks of {@value #FLUSH_BYTES} bytes or more, at line ends only, so a line is never
 * split across writes by us. Nothing here allocates once the array and the scratch array have
 * grown to the largest line and value.
 *
 * <p>The bytes are those the Jackson generator this replaces wrote (jackson-core 2.18, default
 * features), so tools and tests see the same output:
 * <ul>
 *   <li>{@code "} and {@code \} escaped with a backslash; \b \t \n \f \r as such; the other control
 *       characters (below U+0020) as <code>&#92;u00XX</code>, upper-case hex; U+007F and everything else
 *       below U+10000 as UTF-8;</li>
 *   <li>characters above U+FFFF as their two surrogates, each <code>&#92;uXXXX</code> (Jackson's default,
 *       without COMBINE_UNICODE_SURROGATES_IN_UTF8);</li>
 *   <li>record bytes that are not UTF-8 as U+FFFD, one per byte, exactly as {@link Utf8Text}
 *       decodes them: the output is always valid JSON in valid UTF-8.</li>
 * </ul>
 * Structure (commas) is written by the callers' order of calls: a field name or an argument object
 * is preceded by a comma unless it is the first in its object or array.
 */
final class JsonOutput
{
    /** Written once a line ends and this much is buffered: large writes, few system calls. */
    static final int FLUSH_BYTES = 64 * 1024;
    /** Room for a full chunk plus the line that crosses the threshold, so the array rarely grows. */
    private static final int INITIAL_BUFFER_BYTES = 2 * FLUSH_BYTES;
    /**
     * Room kept free past every variable-length value (and at each line's start), so that the
     * fixed-size parts of a line (names, punctuation, numbers) are written without a check each:
     * a line's fixed-size parts add up to well under this.
     */
    static final int HEADROOM_BYTES = 4096;
    /** The most one input byte or char becomes: a control character as backslash-u00XX. */
    private static final int MAX_ESCAPED_BYTES = 6;
    /** Slots of the cache of table strings (executables, container ids) encoded once; a power of two. */
    private static final int STRING_CACHE_SLOTS = 256;

    private static final byte QUOTE = '"';
    private static final byte BACKSLASH = '\\';
    private static final byte COMMA = ',';
    private static final byte COLON = ':';
    private static final byte START_OBJECT = '{';
    private static final byte END_OBJECT = '}';
    private static final byte NEWLINE = '\n';

    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] EMPTY_STRING = ascii("\"\"");
    private static final byte[] EFAULT_ERROR = ascii("{\"error\":\"EFAULT\"}");
    private static final byte[] UNKNOWN_READ_STATUS = ascii("{\"error\":\"unknown read status ");
    private static final byte[] END_UNKNOWN_READ_STATUS = ascii("\"}");
    private static final byte[] TIMESPEC_SEC = ascii("{\"tv_sec\":");
    private static final byte[] TIMESPEC_NSEC = ascii(",\"tv_nsec\":");
    private static final byte[] MQ_FLAGS = ascii("{\"mq_flags\":");
    private static final byte[] MQ_MAXMSG_AFTER_FLAGS = ascii(",\"mq_maxmsg\":");
    private static final byte[] MQ_MAXMSG_FIRST = ascii("{\"mq_maxmsg\":");
    private static final byte[] MQ_MSGSIZE = ascii(",\"mq_msgsize\":");
    private static final byte[] MQ_CURMSGS = ascii(",\"mq_curmsgs\":");
    /** U+FFFD in UTF-8: what a byte that does not decode becomes. */
    private static final byte[] REPLACEMENT = {(byte)0xEF, (byte)0xBF, (byte)0xBD};

    /** Upper case, as Jackson writes backslash-u escapes. */
    private static final byte[] ESCAPE_HEX_DIGITS = ascii("0123456789ABCDEF");
    /** Lower case: payloads and cookies as hex strings. */
    private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");
    /**
     * Per ASCII byte: 0 when it is written as it is, 'u' for backslash-u00XX, else the character after the
     * backslash. Bytes from 0x80 up are UTF-8 and checked apart.
     */
    private static final byte[] ESCAPES = new byte[128];

    static
    {
        for (int c = 0; c < 0x20; c++)
        {
            ESCAPES[c] = 'u';
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    /** Types and names several events share (after the tables above: they are encoded with them). */
    private static final JsonText TRUNCATED = new JsonText("truncated");
    private static final JsonText READ = new JsonText("read");
    private static final JsonText LENGTH = new JsonText("length");
    private static final JsonText LENGTH_AT_LEAST = new JsonText("lengthAtLeast");

    private final OutputStream out;
    private final ReplayContext context;
    private byte[] buffer = new byte[INITIAL_BUFFER_BYTES];
    private int position;
    /** Record bytes that need escaping are copied here first: the output array is the destination. */
    private byte[] scratch = new byte[512];
    private final StringBuilder text = new StringBuilder(512);
    private final String[] cachedStrings = new String[STRING_CACHE_SLOTS];
    private final byte[][] cachedQuoted = new byte[STRING_CACHE_SLOTS][];
    private final int[] cachedLengths = new int[STRING_CACHE_SLOTS];

    JsonOutput(final OutputStream out, final ReplayContext context)
    {
        this.out = out;
        this.context = context;
    }

    ReplayContext context()
    {
        return context;
    }

    /** Bytes already encoded whose length the code does not bound (the journal's host name). */
    void encoded(final byte[] bytes)
    {
        ensure(bytes.length);
        raw(bytes);
    }

    /** @return where the next byte goes: with {@link #copySince}, a part of a line to reuse. */
    int position()
    {
        return position;
    }

    /**
     * Copy what was written since a {@link #position()} of the current line.
     *
     * @return dst, or a larger array holding the bytes when dst is too small.
     */
    byte[] copySince(final int start, final byte[] dst)
    {
        final int length = position - start;
        final byte[] to = dst.length >= length ? dst : new byte[Math.max(length, 2 * dst.length)];
        System.arraycopy(buffer, start, to, 0, length);
        return to;
    }

    /** The first length bytes of an array, encoded earlier by this writer. */
    void encoded(final byte[] bytes, final int length)
    {
        ensure(length);
        System.arraycopy(bytes, 0, buffer, position, length);
        position += length;
    }

    /** Start a line: makes the headroom its fixed-size parts are written in. */
    void startLine()
    {
        ensure(0);
    }

    /** Bytes, pre-encoded: structure and constant field names with their quotes, colons and commas. */
    void raw(final byte[] bytes)
    {
        final int length = bytes.length;
        System.arraycopy(bytes, 0, buffer, position, length);
        position += length;
    }

    /** End the line; once {@value #FLUSH_BYTES} bytes are buffered, hand them to the stream. */
    void endLine() throws IOException
    {
        buffer[position++] = NEWLINE;
        if (position >= FLUSH_BYTES)
        {
            drain();
        }
    }

    /** Write what is buffered to the stream and flush it. */
    void flush() throws IOException
    {
        drain();
        out.flush();
    }

    void startObject()
    {
        buffer[position++] = START_OBJECT;
    }

    void endObject()
    {
        buffer[position++] = END_OBJECT;
    }

    /** A field name and its colon, after a comma unless it is the object's first. */
    void fieldName(final JsonText name)
    {
        final byte[] quoted = name.quoted();
        final byte[] buffer = this.buffer;
        int p = position;
        if (buffer[p - 1] != START_OBJECT)
        {
            buffer[p++] = COMMA;
        }
        System.arraycopy(quoted, 0, buffer, p, quoted.length);
        p += quoted.length;
        buffer[p++] = COLON;
        position = p;
    }

    void string(final JsonText value)
    {
        raw(value.quoted());
    }

    void nullValue()
    {
        raw(NULL);
    }

    void bool(final boolean value)
    {
        raw(value ? TRUE : FALSE);
    }

    /** A string from code, escaped char by char: names from tables of constants, never record bytes. */
    void string(final String value)
    {
        ensure(value.length() * MAX_ESCAPED_BYTES + 2);
        final byte[] buffer = this.buffer;
        int p = position;
        buffer[p++] = QUOTE;
        p = encodeChars(value, buffer, p);
        buffer[p++] = QUOTE;
        position = p;
    }

    /**
     * A string of the journal's tables (an executable, a container id): encoded on first sight into
     * a small cache keyed by identity, copied afterwards. A slot is reused, not reallocated, when
     * another string takes it.
     */
    void cachedString(final String value)
    {
        final int slot = value.hashCode() & (STRING_CACHE_SLOTS - 1);
        final String cached = cachedStrings[slot];
        // Equal strings need not be the same object (processes of one executable each have their
        // own table entry): compare the chars, far cheaper than encoding them again.
        if (cached != value && !value.equals(cached))
        {
            final int worstCase = value.length() * MAX_ESCAPED_BYTES + 2;
            byte[] quoted = cachedQuoted[slot];
            if (quoted == null || quoted.length < worstCase)
            {
                quoted = new byte[Math.max(worstCase, 64)];
                cachedQuoted[slot] = quoted;
            }
            int p = 0;
            quoted[p++] = QUOTE;
            p = encodeChars(value, quoted, p);
            quoted[p++] = QUOTE;
            cachedLengths[slot] = p;
            cachedStrings[slot] = value;
        }
        final int length = cachedLengths[slot];
        ensure(length);
        System.arraycopy(cachedQuoted[slot], 0, buffer, position, length);
        position += length;
    }

    /** A signed number. */
    void number(final long value)
    {
        position = AsciiDigits.putSigned(buffer, position, value);
    }

    /** A u64 (pointer, cgroup id, size) as the number it is, even with its top bit set. */
    void unsigned(final long value)
    {
        position = AsciiDigits.putUnsigned(buffer, position, value);
    }

    /**
     * A count of nanoseconds as seconds with nine decimals, {@code -1.500000000}: exact, where a
     * double's text would round, and written digit by digit.
     */
    void decimalNanos(final long nanos)
    {
        final long magnitude = Math.abs(nanos); // callers keep nanos far from Long.MIN_VALUE
        if (nanos < 0)
        {
            buffer[position++] = '-';
        }
        position = AsciiDigits.putDigits(buffer, position, magnitude / 1_000_000_000L);
        buffer[position++] = '.';
        final int fraction = (int)(magnitude % 1_000_000_000L);
        int divisor = 100_000_000;
        int p = position;
        for (int i = 0; i < 9; i++)
        {
            buffer[p++] = (byte)('0' + fraction / divisor % 10);
            divisor /= 10;
        }
        position = p;
    }

    /** ASCII text from code, written as it is (a number's text): never record bytes. */
    void rawAscii(final String text)
    {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            buffer[position++] = (byte)text.charAt(i);
        }
    }

    /**
     * The one rule for a value read from user memory: when it was not read whole, write what
     * stands for it and return false; the caller writes the value itself only on true.
     * <ul>
     *   <li>{@link ReadStatus#OK}: nothing written, true;</li>
     *   <li>{@link ReadStatus#NULL} (a NULL pointer) and {@link ReadStatus#SKIPPED} (not read on
     *       purpose): null;</li>
     *   <li>{@link ReadStatus#FAULT}: {@code {"error":"EFAULT"}}, never zeros or "";</li>
     *   <li>anything else (a newer capture): {@code {"error":"unknown read status N"}}.</li>
     * </ul>
     */
    boolean isRead(final int status)
    {
        switch (status)
        {
            case ReadStatus.OK:
                return true;

            case ReadStatus.NULL:
            case ReadStatus.SKIPPED:
                raw(NULL);
                return false;

            case ReadStatus.FAULT:
                raw(EFAULT_ERROR);
                return false;

            default:
                raw(UNKNOWN_READ_STATUS);
                number(status);
                raw(END_UNKNOWN_READ_STATUS);
                return false;
        }
    }

    /**
     * ringcap's field outside args for a string arg read only in part, after the event's other
     * fields: {@code ,"truncated":{"name":{"read":255,"length":300}}}, with {@code "lengthAtLeast":4096}
     * in place of length when the string reached {@link ReadStatus#STRING_LENGTH_MAX}, and
     * {@code "length":null} when its rest could not be read; nothing when the string was not cut.
     *
     * @param fullLength the record's full length field, unsigned.
     */
    void truncatedString(final JsonText arg, final int status, final int length, final long fullLength)
    {
        if (status != ReadStatus.TRUNCATED)
        {
            return;
        }
        fieldName(TRUNCATED);
        startObject();
        fieldName(arg);
        startObject();
        fieldName(READ);
        number(length);
        if (fullLength >= ReadStatus.STRING_LENGTH_MAX)
        {
            fieldName(LENGTH_AT_LEAST);
            number(ReadStatus.STRING_LENGTH_MAX);
        }
        else
        {
            fieldName(LENGTH);
            if (fullLength == ReadStatus.STRING_LENGTH_UNKNOWN)
            {
                nullValue();
            }
            else
            {
                number(fullLength);
            }
        }
        endObject();
        endObject();
    }

    /** @return the scratch builder, emptied, for {@link #writeText(StringBuilder)}. */
    StringBuilder clearText()
    {
        text.setLength(0);
        return text;
    }

    /** Write a builder's contents as a JSON string, escaped. */
    void writeText(final StringBuilder text)
    {
        ensure(text.length() * MAX_ESCAPED_BYTES + 2);
        final byte[] buffer = this.buffer;
        int p = position;
        buffer[p++] = QUOTE;
        p = encodeChars(text, buffer, p);
        buffer[p++] = QUOTE;
        position = p;
    }

    /**
     * Bytes of a record (a name, a path) as a JSON string: valid UTF-8 as it is, each byte that does
     * not decode as U+FFFD, as {@link Utf8Text} decodes them.
     */
    void utf8(final DirectBuffer source, final int index, final int length)
    {
        ensure(length * MAX_ESCAPED_BYTES + 2);
        final byte[] buffer = this.buffer;
        int p = position;
        buffer[p++] = QUOTE;

        // Most text needs no escaping: copy it in one go, then look for the first byte that does.
        source.getBytes(index, buffer, p, length);
        int plain = 0;
        while (plain < length)
        {
            final int b = buffer[p + plain];
            if (b < 0 || ESCAPES[b] != 0)
            {
                break;
            }
            plain++;
        }
        p += plain;
        if (plain < length)
        {
            final int rest = length - plain;
            if (scratch.length < rest)
            {
                scratch = new byte[rest];
            }
            System.arraycopy(buffer, p, scratch, 0, rest);
            p = encodeUtf8(scratch, rest, buffer, p);
        }

        buffer[p++] = QUOTE;
        position = p;
    }

    /** Bytes as a string of lowercase hex digits, two per byte, NULs included. */
    void hex(final DirectBuffer source, final int index, final int length)
    {
        ensure(2 * length + 2);
        if (scratch.length < length)
        {
            scratch = new byte[length];
        }
        final byte[] bytes = scratch;
        source.getBytes(index, bytes, 0, length);
        final byte[] buffer = this.buffer;
        int p = position;
        buffer[p++] = QUOTE;
        for (int i = 0; i < length; i++)
        {
            final int b = bytes[i] & 0xFF;
            buffer[p++] = HEX_DIGITS[b >>> 4];
            buffer[p++] = HEX_DIGITS[b & 0xF];
        }
        buffer[p++] = QUOTE;
        position = p;
    }

    /** {@code {"tv_sec":..,"tv_nsec":..}} for a timespec read whole, else as {@link #isRead(int)} says. */
    void timespec(final int status, final long sec, final long nsec)
    {
        if (isRead(status))
        {
            raw(TIMESPEC_SEC);
            number(sec);
            raw(TIMESPEC_NSEC);
            number(nsec);
            endObject();
        }
    }

    /**
     * A {@code struct mq_attr} read whole, else as {@link #isRead(int)} says.
     *
     * @param creation true for mq_open, where the kernel reads only mq_maxmsg and mq_msgsize: the
     *                 other two are left out rather than shown as if they mattered.
     */
    void mqAttr(
        final int status, final boolean creation, final long flags, final long maxmsg, final long msgsize,
        final long curmsgs)
    {
        if (isRead(status))
        {
            if (creation)
            {
                raw(MQ_MAXMSG_FIRST);
            }
            else
            {
                raw(MQ_FLAGS);
                number(flags);
                raw(MQ_MAXMSG_AFTER_FLAGS);
            }
            number(maxmsg);
            raw(MQ_MSGSIZE);
            number(msgsize);
            if (!creation)
            {
                raw(MQ_CURMSGS);
                number(curmsgs);
            }
            endObject();
        }
    }

    /** @return a string's JSON form, quoted and escaped: for constants, encoded once. */
    static byte[] quoted(final String text)
    {
        final byte[] encoded = new byte[text.length() * MAX_ESCAPED_BYTES + 2];
        int p = 0;
        encoded[p++] = QUOTE;
        p = encodeChars(text, encoded, p);
        encoded[p++] = QUOTE;
        return Arrays.copyOf(encoded, p);
    }

    /** Room for a variable-length value of up to this many bytes, and the headroom after it. */
    private void ensure(final int bytes)
    {
        if (buffer.length - position < bytes + HEADROOM_BYTES)
        {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, position + bytes + HEADROOM_BYTES));
        }
    }

    private void drain() throws IOException
    {
        if (position > 0)
        {
            out.write(buffer, 0, position);
            position = 0;
        }
    }

    private static int put(final byte[] buffer, final int p, final byte[] bytes)
    {
        System.arraycopy(bytes, 0, buffer, p, bytes.length);
        return p + bytes.length;
    }

    /** One escape: {@code \x} for the short ones, else <code>&#92;u00XX</code>. */
    private static int putEscape(final byte[] buffer, final int p, final int c, final int escape)
    {
        int at = p;
        buffer[at++] = BACKSLASH;
        if (escape != 'u')
        {
            buffer[at++] = (byte)escape;
            return at;
        }
        return putUnicodeEscape(buffer, at - 1, c);
    }

    /** <code>&#92;uXXXX</code>, upper-case hex, at p; @return the position after it. */
    private static int putUnicodeEscape(final byte[] buffer, final int p, final int c)
    {
        buffer[p] = BACKSLASH;
        buffer[p + 1] = 'u';
        buffer[p + 2] = ESCAPE_HEX_DIGITS[(c >>> 12) & 0xF];
        buffer[p + 3] = ESCAPE_HEX_DIGITS[(c >>> 8) & 0xF];
        buffer[p + 4] = ESCAPE_HEX_DIGITS[(c >>> 4) & 0xF];
        buffer[p + 5] = ESCAPE_HEX_DIGITS[c & 0xF];
        return p + 6;
    }

    /**
     * Chars as escaped UTF-8, as Jackson writes a Java string: each surrogate, paired or not, as its
     * own backslash-u escape. dst must have room for {@value #MAX_ESCAPED_BYTES} bytes per char.
     */
    private static int encodeChars(final CharSequence chars, final byte[] dst, final int start)
    {
        int p = start;
        final int length = chars.length();
        for (int i = 0; i < length; i++)
        {
            final char c = chars.charAt(i);
            if (c < 0x80)
            {
                final int escape = ESCAPES[c];
                if (escape == 0)
                {
                    dst[p++] = (byte)c;
                }
                else
                {
                    p = putEscape(dst, p, c, escape);
                }
            }
            else if (c < 0x800)
            {
                dst[p++] = (byte)(0xC0 | (c >> 6));
                dst[p++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (Character.isSurrogate(c))
            {
                p = putUnicodeEscape(dst, p, c);
            }
            else
            {
                dst[p++] = (byte)(0xE0 | (c >> 12));
                dst[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    /**
     * Record bytes as escaped UTF-8: what {@link Utf8Text} decodes them to, then encoded as
     * {@link #encodeChars} would, without the chars in between. A byte that does not start a valid
     * sequence becomes U+FFFD and decoding resumes at the next byte, as Utf8Text does.
     */
    private static int encodeUtf8(final byte[] src, final int length, final byte[] dst, final int start)
    {
        int p = start;
        int i = 0;
        while (i < length)
        {
            final int b0 = src[i] & 0xFF;
            if (b0 < 0x80)
            {
                final int escape = ESCAPES[b0];
                if (escape == 0)
                {
                    dst[p++] = (byte)b0;
                }
                else
                {
                    p = putEscape(dst, p, b0, escape);
                }
                i++;
                continue;
            }

            final int sequence = Utf8Text.sequenceLength(src, i, length);
            if (sequence == 0)
            {
                p = put(dst, p, REPLACEMENT);
                i++;
            }
            else if (sequence == 4)
            {
                // Above U+FFFF: Jackson writes the two UTF-16 surrogates, each escaped.
                final int codePoint = ((b0 & 0x07) << 18) | ((src[i + 1] & 0x3F) << 12) | ((src[i + 2] & 0x3F) << 6) |
                    (src[i + 3] & 0x3F);
                p = putUnicodeEscape(dst, p, Character.highSurrogate(codePoint));
                p = putUnicodeEscape(dst, p, Character.lowSurrogate(codePoint));
                i += 4;
            }
            else
            {
                // Valid, and re-encoding the code point gives back these very bytes.
                System.arraycopy(src, i, dst, p, sequence);
                p += sequence;
                i += sequence;
            }
        }
        return p;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
