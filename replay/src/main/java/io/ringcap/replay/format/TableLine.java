package io.ringcap.replay.format;

import io.ringcap.replay.decode.Errno;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.decode.Signals;
import io.ringcap.replay.decode.Utf8Text;
import io.ringcap.wire.ReadStatus;
import org.agrona.DirectBuffer;

/**
 * One table row being built in a reused StringBuilder: fixed-width cells, then the compact ARGS
 * text each event appends through {@link #arg(String)} and the value helpers here. Allocates nothing
 * once the builder has grown to the longest row.
 *
 * <p>ARGS conventions: {@code name=value} separated by single spaces; pointers in hex; strings
 * quoted with C escapes; a value read from user memory follows {@link #isRead(int)}.
 */
public final class TableLine
{
    /**
     * Padding by its length, as Latin-1 Strings: a StringBuilder appends or inserts a String with one
     * array copy, where a char[] range goes one char at a time through a Latin-1 check
     * (AbstractStringBuilder.appendChars was the table path's hottest frame in JMH's stack profile).
     */
    private static final String[] SPACES = new String[64];
    private static final char COLUMN_GAP = ' ';
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    static
    {
        for (int i = 0; i < SPACES.length; i++)
        {
            SPACES[i] = " ".repeat(i);
        }
    }

    private final StringBuilder line = new StringBuilder(512);
    private final StringBuilder scratch = new StringBuilder(256);
    private final ReplayContext context;
    private int argsStart;

    TableLine(final ReplayContext context)
    {
        this.context = context;
    }

    StringBuilder builder()
    {
        return line;
    }

    ReplayContext context()
    {
        return context;
    }

    /** Start an empty row. */
    TableLine clear()
    {
        line.setLength(0);
        argsStart = 0;
        return this;
    }

    /** @return where the cell being written starts: pass it to {@link #endCell}. */
    int cellStart()
    {
        return line.length();
    }

    /** Pad the cell that began at start to width, then add the gap; a wider value pushes the row right. */
    void endCell(final int start, final int width, final boolean alignRight)
    {
        final StringBuilder line = this.line;
        final int padding = width - (line.length() - start);
        if (padding > 0)
        {
            if (alignRight)
            {
                line.insert(start, spaces(padding)); // one shift of the cell, not one per space
            }
            else
            {
                line.append(spaces(padding));
            }
        }
        line.append(COLUMN_GAP);
    }

    /**
     * A right-aligned number cell and its gap: the padding is counted from the value's digits and
     * goes first, where {@link #endCell} must insert it in front of the digits already written.
     */
    void rightAlignedCell(final long value, final int width)
    {
        final StringBuilder line = this.line;
        final int padding = width - decimalLength(value);
        if (padding > 0)
        {
            line.append(spaces(padding));
        }
        line.append(value).append(COLUMN_GAP);
    }

    /** A right-aligned cell of a call's duration ({@link Durations#append}), or a blank one when it has none. */
    void durationCell(final long nanos, final int width)
    {
        final int start = line.length();
        if (nanos >= 0)
        {
            Durations.append(line, nanos);
        }
        endCell(start, width, true);
    }

    /** @return a String of count spaces (count &gt; 0), from the table when it is that short. */
    private static String spaces(final int count)
    {
        return count < SPACES.length ? SPACES[count] : " ".repeat(count); // no cell is 64 wide
    }

    /** @return the characters {@code Long.toString(value)} has. */
    static int decimalLength(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            return 20;
        }
        long rest = Math.abs(value);
        int length = value < 0 ? 2 : 1;
        while (rest >= 10)
        {
            rest /= 10;
            length++;
        }
        return length;
    }

    /** The ARGS cell starts here: the first {@link #arg(String)} has no space before it. */
    void startArgs()
    {
        argsStart = line.length();
    }

    /** @return where {@link #startArgs()} put the ARGS cell's start. */
    int argsStart()
    {
        return argsStart;
    }

    /** Start an argument: its name and '='; the caller appends the value. */
    StringBuilder arg(final String name)
    {
        final StringBuilder line = this.line;
        if (line.length() > argsStart)
        {
            line.append(' ');
        }
        return line.append(name).append('=');
    }

    /** Append a marker word ({@code [TOCTOU]}) among the arguments. */
    StringBuilder marker(final String marker)
    {
        final StringBuilder line = this.line;
        if (line.length() > argsStart)
        {
            line.append(' ');
        }
        return line.append(marker);
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
                line.append("NULL");
                return false;

            case ReadStatus.SKIPPED:
                line.append("<skipped>");
                return false;

            case ReadStatus.FAULT:
                // Never zeros or "" for memory that could not be read.
                line.append("<unreadable>");
                return false;

            default:
                line.append("<unknown read status ").append(status).append('>');
                return false;
        }
    }

    /** Unsigned hex with 0x, as pointers are shown. */
    TableLine hex(final long value)
    {
        final StringBuilder line = this.line;
        line.append("0x");
        int shift = value == 0 ? 0 : (63 - Long.numberOfLeadingZeros(value)) & ~3;
        for (; shift >= 0; shift -= 4)
        {
            line.append(HEX_DIGITS[(int)(value >>> shift) & 0xF]);
        }
        return this;
    }

    /** A pointer: NULL or hex. */
    TableLine pointer(final long value)
    {
        if (value == 0)
        {
            line.append("NULL");
            return this;
        }
        return hex(value);
    }

    /** Bytes as lowercase hex digits, two per byte, no prefix. */
    TableLine hexBytes(final DirectBuffer buffer, final int index, final int length)
    {
        final StringBuilder line = this.line;
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(index + i) & 0xFF;
            line.append(HEX_DIGITS[b >>> 4]).append(HEX_DIGITS[b & 0xF]);
        }
        return this;
    }

    /** A u64 in decimal, even with its top bit set. */
    TableLine unsigned(final long value)
    {
        if (value >= 0)
        {
            line.append(value);
        }
        else
        {
            // Long.toUnsignedString allocates; split off the last digit instead.
            line.append(Long.divideUnsigned(value, 10)).append(Long.remainderUnsigned(value, 10));
        }
        return this;
    }

    /** Octal with a leading 0, at least four digits: a file mode as chmod takes it (0640). */
    TableLine octalMode(final long mode)
    {
        appendOctal(line, mode, 4);
        return this;
    }

    /** A signal as SIGUSR1(10), or signo=N when it has no name. */
    TableLine signal(final int signo)
    {
        final String name = Signals.name(signo);
        if (name == null)
        {
            line.append("signo=").append(signo);
        }
        else
        {
            line.append(name).append('(').append(signo).append(')');
        }
        return this;
    }

    /**
     * Record bytes (a name, a path) decoded as UTF-8, in double quotes with C escapes for quotes,
     * backslashes and control characters, so the row stays one line whatever a process passed.
     */
    TableLine quoted(final DirectBuffer buffer, final int index, final int length)
    {
        final StringBuilder scratch = this.scratch;
        scratch.setLength(0);
        Utf8Text.append(buffer, index, length, scratch);
        final StringBuilder line = this.line;
        line.append('"');
        for (int i = 0, n = scratch.length(); i < n; i++)
        {
            final char c = scratch.charAt(i);
            switch (c)
            {
                case '"':
                case '\\':
                    line.append('\\').append(c);
                    break;
                case '\n':
                    line.append("\\n");
                    break;
                case '\t':
                    line.append("\\t");
                    break;
                default:
                    if (Character.isISOControl(c))
                    {
                        line.append("\\x").append(HEX_DIGITS[(c >>> 4) & 0xF]).append(HEX_DIGITS[c & 0xF]);
                    }
                    else
                    {
                        line.append(c);
                    }
                    break;
            }
        }
        line.append('"');
        return this;
    }

    /**
     * A string read from user memory (a name, a path): quoted when read whole; when only its first
     * bytes were kept ({@link ReadStatus#TRUNCATED}), those quoted and then how much of it they are,
     * {@code "..."(truncated, 255 of 300 bytes)}, {@code (truncated, 255 of 4096 or more bytes)}, or
     * {@code (truncated, 255 bytes read, the rest unreadable)}; else as {@link #isRead(int)} says.
     *
     * @param fullLength the record's full length field, unsigned.
     */
    TableLine string(final DirectBuffer buffer, final int index, final int status, final int length,
        final long fullLength)
    {
        if (status != ReadStatus.TRUNCATED)
        {
            if (isRead(status))
            {
                quoted(buffer, index, length);
            }
            return this;
        }
        quoted(buffer, index, length);
        final StringBuilder line = this.line;
        line.append("(truncated, ").append(length);
        if (fullLength == ReadStatus.STRING_LENGTH_UNKNOWN)
        {
            line.append(" bytes read, the rest unreadable)");
        }
        else if (fullLength >= ReadStatus.STRING_LENGTH_MAX)
        {
            line.append(" of ").append(ReadStatus.STRING_LENGTH_MAX).append(" or more bytes)");
        }
        else
        {
            line.append(" of ").append(fullLength).append(" bytes)");
        }
        return this;
    }

    /** A timespec read whole: {@code {sec,nsec}}. */
    TableLine timespec(final long sec, final long nsec)
    {
        line.append('{').append(sec).append(',').append(nsec).append('}');
        return this;
    }

    /**
     * A struct mq_attr read whole: {@code {flags=O_NONBLOCK,maxmsg=10,msgsize=8192,curmsgs=0}}.
     *
     * @param creation true for mq_open, where the kernel reads only maxmsg and msgsize: only they are shown.
     */
    TableLine mqAttr(final boolean creation, final long flags, final long maxmsg, final long msgsize, final long curmsgs)
    {
        final StringBuilder line = this.line;
        line.append('{');
        if (!creation)
        {
            OpenFlags.appendMqFlags(flags, line.append("flags=")).append(',');
        }
        line.append("maxmsg=").append(maxmsg).append(",msgsize=").append(msgsize);
        if (!creation)
        {
            line.append(",curmsgs=").append(curmsgs);
        }
        line.append('}');
        return this;
    }

    /**
     * Kept message bytes in hex, then "..." when they are fewer than the message had.
     *
     * @param messageLength the whole message's length, unsigned.
     */
    TableLine payload(final DirectBuffer buffer, final int index, final int keptLength, final long messageLength)
    {
        hexBytes(buffer, index, keptLength);
        if (Long.compareUnsigned(keptLength, messageLength) < 0)
        {
            line.append("...");
        }
        return this;
    }

    /** A syscall return value, with its errno's name when negative: {@code -16 EBUSY}. */
    TableLine returnValue(final long retval)
    {
        line.append(retval);
        if (retval < 0)
        {
            final String name = Errno.name(retval);
            if (name != null)
            {
                line.append(' ').append(name);
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
        final StringBuilder line = this.line;
        IsoTime.appendDigits(line, secondOfDay / 3600, 2);
        line.append(':');
        IsoTime.appendDigits(line, secondOfDay / 60 % 60, 2);
        line.append(':');
        IsoTime.appendDigits(line, secondOfDay % 60, 2);
        line.append('.');
        IsoTime.appendDigits(line, nanos, 9);
        return this;
    }

    /** A comm may hold any byte but NUL (prctl PR_SET_NAME): keep the row on one line. */
    void replaceControlCharacters(final int start)
    {
        final StringBuilder line = this.line;
        for (int i = start, end = line.length(); i < end; i++)
        {
            if (Character.isISOControl(line.charAt(i)))
            {
                line.setCharAt(i, '?');
            }
        }
    }

    /**
     * Octal with a leading 0 (an octal literal, as C and chmod read it), zero-padded to minDigits
     * characters in all; the value is taken as unsigned.
     */
    public static void appendOctal(final StringBuilder builder, final long value, final int minDigits)
    {
        final int bits = 64 - Long.numberOfLeadingZeros(value);
        final int digits = Math.max((bits + 2) / 3, 1);
        for (int i = digits + 1; i < minDigits; i++)
        {
            builder.append('0');
        }
        builder.append('0');
        for (int shift = (digits - 1) * 3; shift >= 0; shift -= 3)
        {
            builder.append((char)('0' + ((value >>> shift) & 7)));
        }
    }
}
