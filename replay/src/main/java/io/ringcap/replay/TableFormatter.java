package io.ringcap.replay;

import io.ringcap.wire.EventType;
import io.ringcap.wire.ReadStatus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.agrona.DirectBuffer;

/**
 * The default output: one aligned row per record under a header row.
 *
 * <pre>
 * TIME               CPU     PID     TID COMM             EVENT      RET            ARGS
 * 10:15:42.123456789   3    4242    4243 mq_notify_cases  mq_notify  0              mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}
 * </pre>
 *
 * TIME is the syscall's entry in UTC. Columns have fixed widths, so rows stream out as they are
 * decoded; a value wider than its column pushes the rest of its row right. Each row is built in one
 * reused StringBuilder and encoded to UTF-8 into one reused byte array: nothing is allocated per row.
 */
public final class TableFormatter implements EventFormatter
{
    private static final int TIME_WIDTH = 18; // HH:MM:SS.nnnnnnnnn
    private static final int CPU_WIDTH = 3;
    private static final int PID_WIDTH = 7;
    private static final int TID_WIDTH = 7;
    private static final int COMM_WIDTH = 16; // TASK_COMM_LEN - 1 bytes, plus room
    private static final int EVENT_WIDTH = 10;
    private static final int RET_WIDTH = 14;  // "-110 ETIMEDOUT"
    private static final char COLUMN_GAP = ' ';
    private static final int OUTPUT_BUFFER_BYTES = 64 * 1024;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final OutputStream out;
    private final JournalMetadata metadata;
    private final EventHeaderDecoder header = new EventHeaderDecoder();
    private final MqNotifyDecoder mqNotify = new MqNotifyDecoder();
    private final StringBuilder line = new StringBuilder(256);
    private byte[] encoded = new byte[1024];

    /**
     * @param out      to write rows to; buffered here, never closed.
     * @param metadata of the journal, for its boot-to-wall clock offset.
     */
    public TableFormatter(final OutputStream out, final JournalMetadata metadata)
    {
        this.out = new BufferedOutputStream(out, OUTPUT_BUFFER_BYTES);
        this.metadata = metadata;
    }

    public void begin() throws IOException
    {
        final StringBuilder line = this.line;
        line.setLength(0);
        int start = line.length();
        line.append("TIME");
        endCell(start, TIME_WIDTH, false);
        start = line.length();
        line.append("CPU");
        endCell(start, CPU_WIDTH, true);
        start = line.length();
        line.append("PID");
        endCell(start, PID_WIDTH, true);
        start = line.length();
        line.append("TID");
        endCell(start, TID_WIDTH, true);
        start = line.length();
        line.append("COMM");
        endCell(start, COMM_WIDTH, false);
        start = line.length();
        line.append("EVENT");
        endCell(start, EVENT_WIDTH, false);
        start = line.length();
        line.append("RET");
        endCell(start, RET_WIDTH, false);
        line.append("ARGS");
        writeLine();
    }

    public void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final StringBuilder line = this.line;
        line.setLength(0);

        int start = line.length();
        appendTimeOfDay(metadata.toEpochNs(header.entryNs()));
        endCell(start, TIME_WIDTH, false);
        start = line.length();
        line.append(header.cpu());
        endCell(start, CPU_WIDTH, true);
        start = line.length();
        line.append(header.pid());
        endCell(start, PID_WIDTH, true);
        start = line.length();
        line.append(header.tid());
        endCell(start, TID_WIDTH, true);
        start = line.length();
        header.appendComm(line);
        replaceControlCharacters(start);
        endCell(start, COMM_WIDTH, false);
        start = line.length();
        final int eventType = header.eventType();
        line.append(EventType.name(eventType));
        endCell(start, EVENT_WIDTH, false);
        start = line.length();
        appendReturnValue(header.retval());
        endCell(start, RET_WIDTH, false);

        switch (eventType)
        {
            case EventType.MQ_NOTIFY:
                appendMqNotifyArgs(mqNotify.wrap(buffer, offset));
                break;

            default:
                throw new IllegalArgumentException("no table rendering for event type " + eventType);
        }

        try
        {
            writeLine();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public void flush() throws IOException
    {
        out.flush();
    }

    private void appendMqNotifyArgs(final MqNotifyDecoder mqNotify)
    {
        final StringBuilder line = this.line;
        line.append("mqdes=").append(mqNotify.mqdes()).append(" sevp=");
        final long sevp = mqNotify.sevp();
        if (sevp == 0)
        {
            line.append("NULL");
        }
        else
        {
            appendHex(sevp);
        }

        final int status = mqNotify.sevStatus();
        switch (status)
        {
            case ReadStatus.NULL:
                break;

            case ReadStatus.OK:
                line.append(" sigevent=");
                appendSigevent(mqNotify);
                break;

            case ReadStatus.FAULT:
                // Never show zeros for memory that could not be read.
                line.append(" sigevent=<unreadable>");
                break;

            default:
                line.append(" sigevent=<unknown read status ").append(status).append('>');
                break;
        }
    }

    private void appendSigevent(final MqNotifyDecoder mqNotify)
    {
        final StringBuilder line = this.line;
        final int notify = mqNotify.sigevNotify();
        line.append('{');
        switch (notify)
        {
            case SigevNotify.SIGEV_SIGNAL:
                line.append("SIGEV_SIGNAL, ");
                appendSignal(mqNotify.sigevSigno());
                line.append(", value=");
                appendHex(mqNotify.sigevValue());
                break;

            case SigevNotify.SIGEV_NONE:
                line.append("SIGEV_NONE");
                break;

            case SigevNotify.SIGEV_THREAD:
                line.append("SIGEV_THREAD, signo=").append(mqNotify.sigevSigno()).append(", value=");
                appendHex(mqNotify.sigevValue());
                line.append(", function=");
                appendHex(mqNotify.union0());
                line.append(", attributes=");
                appendHex(mqNotify.union1());
                break;

            case SigevNotify.SIGEV_THREAD_ID:
                line.append("SIGEV_THREAD_ID, ");
                appendSignal(mqNotify.sigevSigno());
                line.append(", value=");
                appendHex(mqNotify.sigevValue());
                line.append(", tid=").append((int)mqNotify.union0());
                break;

            default:
                line.append("notify=").append(notify).append(", signo=").append(mqNotify.sigevSigno())
                    .append(", value=");
                appendHex(mqNotify.sigevValue());
                break;
        }
        line.append('}');
    }

    private void appendSignal(final int signo)
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
    }

    private void appendReturnValue(final long retval)
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
    }

    private void appendTimeOfDay(final long epochNs)
    {
        final long seconds = Math.floorDiv(epochNs, NANOS_PER_SECOND);
        final int nanos = (int)Math.floorMod(epochNs, NANOS_PER_SECOND);
        final int secondOfDay = (int)Math.floorMod(seconds, SECONDS_PER_DAY);
        appendDigits(secondOfDay / 3600, 2);
        line.append(':');
        appendDigits(secondOfDay / 60 % 60, 2);
        line.append(':');
        appendDigits(secondOfDay % 60, 2);
        line.append('.');
        appendDigits(nanos, 9);
    }

    private void appendDigits(final int value, final int digits)
    {
        final StringBuilder line = this.line;
        final int start = line.length();
        line.append(value);
        while (line.length() - start < digits)
        {
            line.insert(start, '0');
        }
    }

    /** Unsigned hex with 0x, as pointers are shown. */
    private void appendHex(final long value)
    {
        final StringBuilder line = this.line;
        line.append("0x");
        int shift = value == 0 ? 0 : (63 - Long.numberOfLeadingZeros(value)) & ~3;
        for (; shift >= 0; shift -= 4)
        {
            line.append(HEX_DIGITS[(int)(value >>> shift) & 0xF]);
        }
    }

    /** A comm may hold any byte but NUL (prctl PR_SET_NAME): keep the row on one line. */
    private void replaceControlCharacters(final int start)
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

    private void endCell(final int start, final int width, final boolean alignRight)
    {
        final StringBuilder line = this.line;
        final int padding = width - (line.length() - start);
        for (int i = 0; i < padding; i++)
        {
            if (alignRight)
            {
                line.insert(start, ' ');
            }
            else
            {
                line.append(' ');
            }
        }
        line.append(COLUMN_GAP);
    }

    private void writeLine() throws IOException
    {
        final StringBuilder line = this.line;
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ')
        {
            end--;
        }
        line.setLength(end);
        line.append('\n');

        final int length = line.length();
        if (encoded.length < length * 3)
        {
            encoded = new byte[length * 3]; // the UTF-8 worst case per char; rows rarely grow
        }
        final byte[] encoded = this.encoded;
        int n = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = line.charAt(i);
            if (c < 0x80)
            {
                encoded[n++] = (byte)c;
            }
            else if (c < 0x800)
            {
                encoded[n++] = (byte)(0xC0 | (c >> 6));
                encoded[n++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(line.charAt(i + 1)))
            {
                final int codePoint = Character.toCodePoint(c, line.charAt(++i));
                encoded[n++] = (byte)(0xF0 | (codePoint >> 18));
                encoded[n++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                encoded[n++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                encoded[n++] = (byte)(0x80 | (codePoint & 0x3F));
            }
            else if (Character.isSurrogate(c))
            {
                encoded[n++] = '?';
            }
            else
            {
                encoded[n++] = (byte)(0xE0 | (c >> 12));
                encoded[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                encoded[n++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        out.write(encoded, 0, n);
    }
}
