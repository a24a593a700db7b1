package io.ringcap.replay.format;

import io.ringcap.replay.decode.Errno;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.decode.Signals;
import io.ringcap.replay.decode.Utf8Text;
import io.ringcap.wire.ReadStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * The table and CSV formats' byte-level line writer: fixed-width cells, the compact ARGS text each
 * event appends through {@link #arg(String)} and the value helpers here, written as UTF-8 straight
 * into one reused byte array that is handed to the stream in chunks of {@value #FLUSH_BYTES} bytes
 * or more, at line ends only.
 *
 * <p>Why bytes: rows built in a StringBuilder were copied out as chars, narrowed back to bytes and
 * copied again into a buffered stream. In JMH ({@code ReplayBenchmark}, this machine, 2026-12-07)
 * that made the table 978 ns/event against 758 before the event table, and CSV (1,028) slower than
 * JSON (573), which writes bytes directly ({@link JsonOutput}). Written as bytes: table 436-503,
 * CSV 480-532, JSON unchanged (bench/README.md).
 *
 * <p>ARGS conventions: {@code name=value} separated by single spaces; pointers in hex; strings
 * quoted with C escapes; a value read from user memory follows {@link #isRead(int)}.
 *
 * <p>Text from code (names, flags, errno names) is ASCII and written as it is; text from a record
 * (a comm, a name, a path) is validated as UTF-8 ({@link Utf8Text}), each byte that does not decode
 * written as U+FFFD. A cell's width counts characters as Java does (UTF-16 units), so a comm that is
 * not ASCII lines up as it did when rows were Strings. Fixed-size parts of a line are written without
 * a bounds check each: {@link #clear()} and every variable-length value leave {@value #HEADROOM_BYTES}
 * bytes free after them. Nothing is allocated once the array has grown to the largest chunk.
 */
public final class TableLine
{
    /** Written once a line ends and this much is buffered: large writes, few system calls. */
    static final int FLUSH_BYTES = 64 * 1024;
    /**
     * Room kept free at each line's start and past every variable-length value: a line's fixed-size
     * parts (cells, names, numbers, a struct's fields) add up to well under this.
     */
    static final int HEADROOM_BYTES = 4096;
    /** The most one record byte becomes in a quoted string: a control byte as {@code \xHH}. */
    private static final int MAX_QUOTED_BYTES = 4;
    /** Spaces enough for any cell's padding: no cell is this wide. */
    private static final int MAX_PADDING = 64;
    private static final byte COLUMN_GAP = ' ';
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");
    /** U+FFFD in UTF-8: what a byte that does not decode becomes. */
    private static final byte[] REPLACEMENT = {(byte)0xEF, (byte)0xBF, (byte)0xBD};

    private final OutputStream out;
    private final ReplayContext context;
    private byte[] buffer;
    private int position;
    /** Where the line being built starts: the end of the last line ended. */
    private int lineStart;
    private int argsStart;
    /** Record bytes are copied here first: the output array is the destination. */
    private byte[] scratch = new byte[256];

    /**
     * @param out     to hand full chunks to; never closed. Null for a line only read back with
     *                {@link #toString()}.
     * @param context the walk's context (clock offset, tables); null where no value needs it.
     */
    TableLine(final OutputStream out, final ReplayContext context)
    {
        this.out = out;
        this.context = context;
        this.buffer = new byte[out == null ? 2 * HEADROOM_BYTES : 2 * FLUSH_BYTES];
    }

    /** @return an empty line to build text in and read back with {@link #toString()}: for tests and reports. */
    public static TableLine text()
    {
        return new TableLine(null, null).clear();
    }

    ReplayContext context()
    {
        return context;
    }

    /**
     * Start an empty line after the ones ended so far: what a line left unended wrote (a formatter
     * that threw halfway) is dropped, never written.
     */
    TableLine clear()
    {
        position = lineStart;
        argsStart = position;
        ensure(0);
        return this;
    }

    /** @return the line so far, decoded (allocates: for tests and reports, not the replay loop). */
    @Override
    public String toString()
    {
        return new String(buffer, lineStart, position - lineStart, StandardCharsets.UTF_8);
    }

    /** @return where the next byte goes: a cell's or a field's start. */
    int cellStart()
    {
        return position;
    }

    /** Pad the cell that began at start to width, then add the gap; a wider value pushes the row right. */
    void endCell(final int start, final int width, final boolean alignRight)
    {
        endCell(start, position - start, width, alignRight);
    }

    /**
     * Pad the cell that began at start, chars wide (less than its bytes when it is not ASCII), to
     * width, then add the gap.
     */
    void endCell(final int start, final int chars, final int width, final boolean alignRight)
    {
        final byte[] buffer = this.buffer;
        final int padding = Math.min(width - chars, MAX_PADDING);
        int p = position;
        if (padding > 0)
        {
            if (alignRight)
            {
                System.arraycopy(buffer, start, buffer, start + padding, p - start); // one shift of the cell
                Arrays.fill(buffer, start, start + padding, COLUMN_GAP);
            }
            else
            {
                Arrays.fill(buffer, p, p + padding, COLUMN_GAP);
            }
            p += padding;
        }
        buffer[p++] = COLUMN_GAP;
        position = p;
    }

    /**
     * A right-aligned number cell and its gap: the padding is counted from the value's digits and
     * goes first, where {@link #endCell} must shift the digits already written.
     */
    void rightAlignedCell(final long value, final int width)
    {
        final byte[] buffer = this.buffer;
        int p = position;
        for (int padding = Math.min(width - AsciiDigits.signedLength(value), MAX_PADDING); padding > 0; padding--)
        {
            buffer[p++] = COLUMN_GAP;
        }
        p = AsciiDigits.putSigned(buffer, p, value);
        buffer[p++] = COLUMN_GAP;
        position = p;
    }

    /** A right-aligned cell of a call's duration ({@link Durations#append}), or a blank one when it has none. */
    void durationCell(final long nanos, final int width)
    {
        final int start = position;
        if (nanos >= 0)
        {
            Durations.append(this, nanos);
        }
        endCell(start, width, true);
    }

    /** The ARGS cell (or field) starts here: the first {@link #arg(String)} has no space before it. */
    void startArgs()
    {
        argsStart = position;
    }

    /** @return where {@link #startArgs()} put the ARGS cell's start. */
    int argsStart()
    {
        return argsStart;
    }

    /** Start an argument: its name and '='; the caller appends the value. */
    TableLine arg(final String name)
    {
        if (position > argsStart)
        {
            buffer[position++] = ' ';
        }
        return append(name).append('=');
    }

    /** Append a marker word ({@code [TOCTOU]}) among the arguments. */
    TableLine marker(final String marker)
    {
        if (position > argsStart)
        {
            buffer[position++] = ' ';
        }
        return append(marker);
    }

    /** ASCII text from code (a name, a flag, punctuation), at most a few dozen bytes: never record bytes. */
    TableLine append(final String ascii)
    {
        return append(ascii, Integer.MAX_VALUE);
    }

    /** An ASCII character. */
    TableLine append(final char ascii)
    {
        buffer[position++] = (byte)ascii;
        return this;
    }

    /** A signed number in decimal. */
    TableLine append(final long value)
    {
        position = AsciiDigits.putSigned(buffer, position, value);
        return this;
    }

    /** A u64 in decimal, even with its top bit set. */
    TableLine unsigned(final long value)
    {
        position = AsciiDigits.putUnsigned(buffer, position, value);
        return this;
    }

    /** value (not negative) zero-padded on the left to minDigits (at most 9). */
    TableLine zeroPadded(final int value, final int minDigits)
    {
        position = AsciiDigits.putZeroPadded(buffer, position, value, minDigits);
        return this;
    }

    /** The first maxChars of ASCII text from code or checked by it (a container id: 64 hex digits). */
    TableLine append(final String ascii, final int maxChars)
    {
        final byte[] buffer = this.buffer;
        int p = position;
        for (int i = 0, n = Math.min(ascii.length(), maxChars); i < n; i++)
        {
            buffer[p++] = (byte)ascii.charAt(i);
        }
        position = p;
        return this;
    }

    /**
     * The one rule for a value read from user memory: when it was not read whole, append what
     * stands for it ({@code NULL}, {@code <skipped>}, {@code <unreadable>}) and return false; the
     * caller appends the value itself only on true.
     */
    boolean isRead(final int status)
    {
        switch (status)
        {
            case ReadStatus.OK:
                return true;

            case ReadStatus.NULL:
                append("NULL");
                return false;

            case ReadStatus.SKIPPED:
                append("<skipped>");
                return false;

            case ReadStatus.FAULT:
                // Never zeros or "" for memory that could not be read.
                append("<unreadable>");
                return false;

            default:
                append("<unknown read status ").append(status).append('>');
                return false;
        }
    }

    /** Unsigned hex with 0x, as pointers are shown. */
    TableLine hex(final long value)
    {
        final byte[] buffer = this.buffer;
        int p = position;
        buffer[p++] = '0';
        buffer[p++] = 'x';
        for (int shift = value == 0 ? 0 : (63 - Long.numberOfLeadingZeros(value)) & ~3; shift >= 0; shift -= 4)
        {
            buffer[p++] = HEX_DIGITS[(int)(value >>> shift) & 0xF];
        }
        position = p;
        return this;
    }

    /** A pointer: NULL or hex. */
    TableLine pointer(final long value)
    {
        return value == 0 ? append("NULL") : hex(value);
    }

    /** Bytes as lowercase hex digits, two per byte, no prefix. */
    TableLine hexBytes(final DirectBuffer source, final int index, final int length)
    {
        ensure(2 * length);
        final byte[] bytes = copy(source, index, length);
        final byte[] buffer = this.buffer;
        int p = position;
        for (int i = 0; i < length; i++)
        {
            final int b = bytes[i] & 0xFF;
            buffer[p++] = HEX_DIGITS[b >>> 4];
            buffer[p++] = HEX_DIGITS[b & 0xF];
        }
        position = p;
        return this;
    }

    /** Octal with a leading 0, at least four digits: a file mode as chmod takes it (0640). */
    TableLine octalMode(final long mode)
    {
        return octal(mode, 4);
    }

    /**
     * Octal with a leading 0 (an octal literal, as C and chmod read it), zero-padded to minDigits
     * characters in all; the value is taken as unsigned.
     */
    public TableLine octal(final long value, final int minDigits)
    {
        final int bits = 64 - Long.numberOfLeadingZeros(value);
        final int digits = Math.max((bits + 2) / 3, 1);
        final byte[] buffer = this.buffer;
        int p = position;
        for (int i = digits + 1; i < minDigits; i++)
        {
            buffer[p++] = '0';
        }
        buffer[p++] = '0';
        for (int shift = (digits - 1) * 3; shift >= 0; shift -= 3)
        {
            buffer[p++] = (byte)('0' + ((value >>> shift) & 7));
        }
        position = p;
        return this;
    }

    /** A signal as SIGUSR1(10), or signo=N when it has no name. */
    TableLine signal(final int signo)
    {
        final String name = Signals.name(signo);
        if (name == null)
        {
            return append("signo=").append(signo);
        }
        return append(name).append('(').append(signo).append(')');
    }

    /**
     * Record bytes (a name, a path) as UTF-8, in double quotes with C escapes for quotes,
     * backslashes and control characters (C0, DEL and C1: {@code \n}, {@code \t}, else {@code \xHH}
     * of the character), so the row stays one line whatever a process passed.
     */
    TableLine quoted(final DirectBuffer source, final int index, final int length)
    {
        ensure(MAX_QUOTED_BYTES * length + 2);
        final byte[] bytes = copy(source, index, length);
        final byte[] buffer = this.buffer;
        int p = position;
        buffer[p++] = '"';
        int i = 0;
        while (i < length)
        {
            final int b0 = bytes[i] & 0xFF;
            if (b0 >= 0x20 && b0 < 0x7F)
            {
                if (b0 == '"' || b0 == '\\')
                {
                    buffer[p++] = '\\';
                }
                buffer[p++] = (byte)b0;
                i++;
                continue;
            }
            final int sequence = Utf8Text.sequenceLength(bytes, i, length);
            if (sequence == 0)
            {
                System.arraycopy(REPLACEMENT, 0, buffer, p, REPLACEMENT.length);
                p += REPLACEMENT.length;
                i++;
            }
            else if (sequence == 1 || (sequence == 2 && b0 == 0xC2 && (bytes[i + 1] & 0xFF) < 0xA0))
            {
                // A control character: C0 and DEL are one byte, C1 (U+0080 to U+009F) is C2 80 to C2 9F.
                final int c = sequence == 1 ? b0 : bytes[i + 1] & 0xFF;
                p = putControlEscape(buffer, p, c);
                i += sequence;
            }
            else
            {
                // Valid, and decoding then encoding the character gives back these very bytes.
                System.arraycopy(bytes, i, buffer, p, sequence);
                p += sequence;
                i += sequence;
            }
        }
        buffer[p++] = '"';
        position = p;
        return this;
    }

    private static int putControlEscape(final byte[] buffer, final int p, final int c)
    {
        int at = p;
        buffer[at++] = '\\';
        if (c == '\n')
        {
            buffer[at++] = 'n';
        }
        else if (c == '\t')
        {
            buffer[at++] = 't';
        }
        else
        {
            buffer[at++] = 'x';
            buffer[at++] = HEX_DIGITS[(c >>> 4) & 0xF];
            buffer[at++] = HEX_DIGITS[c & 0xF];
        }
        return at;
    }

    /**
     * Record bytes of a comm as UTF-8, each byte that does not decode as U+FFFD and, when asked,
     * each control character as '?' (a comm may hold any byte but NUL: prctl PR_SET_NAME).
     *
     * @return the characters written, as Java counts them (UTF-16 units): for the cell's padding.
     */
    int utf8(final DirectBuffer source, final int index, final int length, final boolean replaceControls)
    {
        ensure(REPLACEMENT.length * length);
        final byte[] bytes = copy(source, index, length);
        final byte[] buffer = this.buffer;
        int p = position;
        int chars = 0;
        int i = 0;
        while (i < length)
        {
            final int b0 = bytes[i] & 0xFF;
            if (b0 >= 0x20 && b0 < 0x7F)
            {
                buffer[p++] = (byte)b0;
                i++;
                chars++;
                continue;
            }
            final int sequence = Utf8Text.sequenceLength(bytes, i, length);
            if (sequence == 0)
            {
                System.arraycopy(REPLACEMENT, 0, buffer, p, REPLACEMENT.length);
                p += REPLACEMENT.length;
                i++;
                chars++;
                continue;
            }
            if (replaceControls && (sequence == 1 || (sequence == 2 && b0 == 0xC2 && (bytes[i + 1] & 0xFF) < 0xA0)))
            {
                buffer[p++] = '?';
            }
            else
            {
                System.arraycopy(bytes, i, buffer, p, sequence);
                p += sequence;
            }
            i += sequence;
            chars += sequence == 4 ? 2 : 1; // above U+FFFF: a surrogate pair
        }
        position = p;
        return chars;
    }

    /**
     * A string read from user memory (a name, a path): quoted when read whole; when only its first
     * bytes were kept ({@link ReadStatus#TRUNCATED}), those quoted and then how much of it they are,
     * {@code "..."(truncated, 255 of 300 bytes)}, {@code (truncated, 255 of 4096 or more bytes)}, or
     * {@code (truncated, 255 bytes read, the rest unreadable)}; else as {@link #isRead(int)} says.
     *
     * @param fullLength the record's full length field, unsigned.
     */
    TableLine string(final DirectBuffer source, final int index, final int status, final int length,
        final long fullLength)
    {
        if (status != ReadStatus.TRUNCATED)
        {
            if (isRead(status))
            {
                quoted(source, index, length);
            }
            return this;
        }
        quoted(source, index, length);
        append("(truncated, ").append(length);
        if (fullLength == ReadStatus.STRING_LENGTH_UNKNOWN)
        {
            append(" bytes read, the rest unreadable)");
        }
        else if (fullLength >= ReadStatus.STRING_LENGTH_MAX)
        {
            append(" of ").append(ReadStatus.STRING_LENGTH_MAX).append(" or more bytes)");
        }
        else
        {
            append(" of ").append(fullLength).append(" bytes)");
        }
        return this;
    }

    /** A timespec read whole: {@code {sec,nsec}}. */
    TableLine timespec(final long sec, final long nsec)
    {
        return append('{').append(sec).append(',').append(nsec).append('}');
    }

    /**
     * A struct mq_attr read whole: {@code {flags=O_NONBLOCK,maxmsg=10,msgsize=8192,curmsgs=0}}.
     *
     * @param creation true for mq_open, where the kernel reads only maxmsg and msgsize: only they are shown.
     */
    TableLine mqAttr(final boolean creation, final long flags, final long maxmsg, final long msgsize, final long curmsgs)
    {
        append('{');
        if (!creation)
        {
            OpenFlags.appendMqFlags(flags, append("flags=")).append(',');
        }
        append("maxmsg=").append(maxmsg).append(",msgsize=").append(msgsize);
        if (!creation)
        {
            append(",curmsgs=").append(curmsgs);
        }
        return append('}');
    }

    /**
     * Kept message bytes in hex, then "..." when they are fewer than the message had.
     *
     * @param messageLength the whole message's length, unsigned.
     */
    TableLine payload(final DirectBuffer source, final int index, final int keptLength, final long messageLength)
    {
        hexBytes(source, index, keptLength);
        if (Long.compareUnsigned(keptLength, messageLength) < 0)
        {
            append("...");
        }
        return this;
    }

    /** A syscall return value, with its errno's name when negative: {@code -16 EBUSY}. */
    TableLine returnValue(final long retval)
    {
        append(retval);
        if (retval < 0)
        {
            final String name = Errno.name(retval);
            if (name != null)
            {
                append(' ').append(name);
            }
        }
        return this;
    }

    /** HH:MM:SS.nnnnnnnnn of an instant in nanoseconds since the epoch, in UTC. */
    TableLine timeOfDay(final long epochNs)
    {
        final long seconds = Math.floorDiv(epochNs, NANOS_PER_SECOND);
        final int nanos = (int)Math.floorMod(epochNs, NANOS_PER_SECOND);
        final int secondOfDay = (int)Math.floorMod(seconds, SECONDS_PER_DAY);
        return zeroPadded(secondOfDay / 3600, 2).append(':')
            .zeroPadded(secondOfDay / 60 % 60, 2).append(':')
            .zeroPadded(secondOfDay % 60, 2).append('.')
            .zeroPadded(nanos, 9);
    }

    /** Bytes built before by this writer (a row's cached cells). */
    TableLine bytes(final byte[] bytes, final int length)
    {
        ensure(length);
        System.arraycopy(bytes, 0, buffer, position, length);
        position += length;
        return this;
    }

    /**
     * Copy what was written since start, a position of the current line.
     *
     * @return dst, or a larger array holding the bytes when dst is too small.
     */
    byte[] copySince(final int start, final byte[] dst)
    {
        final int length = position - start;
        final byte[] to = dst != null && dst.length >= length ? dst : new byte[Math.max(length, 128)];
        System.arraycopy(buffer, start, to, 0, length);
        return to;
    }

    /**
     * Make what was written from start one RFC 4180 field: quoted, its double quotes doubled, when it
     * holds a comma, a double quote or a line break.
     */
    void quoteFieldFrom(final int start)
    {
        final byte[] buffer = this.buffer;
        final int end = position;
        int quotes = 0;
        boolean needed = false;
        for (int i = start; i < end; i++)
        {
            final byte b = buffer[i];
            if (b == '"')
            {
                quotes++;
                needed = true;
            }
            else if (b == ',' || b == '\n' || b == '\r')
            {
                needed = true;
            }
        }
        if (!needed)
        {
            return;
        }
        ensure(quotes + 2);
        // Move the field right from its end, doubling each quote on the way: one pass.
        int to = end + quotes + 2;
        final int newEnd = to;
        buffer[--to] = '"';
        for (int from = end - 1; from >= start; from--)
        {
            final byte b = buffer[from];
            buffer[--to] = b;
            if (b == '"')
            {
                buffer[--to] = '"';
            }
        }
        buffer[--to] = '"';
        position = newEnd;
    }

    /** Drop the spaces at the line's end: a row's blank last cells. */
    void trimTrailingSpaces()
    {
        int end = position;
        while (end > lineStart && buffer[end - 1] == ' ')
        {
            end--;
        }
        position = end;
    }

    /** End the line; once {@value #FLUSH_BYTES} bytes are buffered, hand them to the stream. */
    void endLine()
    {
        buffer[position++] = '\n';
        lineStart = position;
        if (position >= FLUSH_BYTES && out != null)
        {
            drain();
        }
    }

    /** Hand every ended line to the stream and flush it. */
    void flush() throws IOException
    {
        drain();
        out.flush();
    }

    /** Hand the ended lines to the stream; a line not ended stays, moved to the array's start. */
    private void drain()
    {
        final int ended = lineStart;
        if (ended > 0)
        {
            try
            {
                out.write(buffer, 0, ended);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            System.arraycopy(buffer, ended, buffer, 0, position - ended);
            position -= ended;
            argsStart = Math.max(0, argsStart - ended);
            lineStart = 0;
        }
    }

    /** Room for a variable-length value of up to this many bytes, and the headroom after it. */
    private void ensure(final int bytes)
    {
        if (buffer.length - position < bytes + HEADROOM_BYTES)
        {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, position + bytes + HEADROOM_BYTES));
        }
    }

    /** Record bytes copied out into the scratch array, grown when too small. */
    private byte[] copy(final DirectBuffer source, final int index, final int length)
    {
        if (scratch.length < length)
        {
            scratch = new byte[length];
        }
        source.getBytes(index, scratch, 0, length);
        return scratch;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
