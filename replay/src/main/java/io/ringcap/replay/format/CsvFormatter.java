package io.ringcap.replay.format;

import io.ringcap.replay.decode.Errno;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.wire.EventType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.agrona.DirectBuffer;

/**
 * {@code --format csv}: a header line, then one line per record, RFC 4180 fields (a field holding a
 * comma, a double quote or a line break is quoted, its double quotes doubled), lines ending in LF.
 *
 * <pre>
 * timestamp,processorId,processId,threadId,hostProcessId,processName,eventName,returnValue,errno,durationNs,args
 * 2024-11-22T10:15:42.123456789Z,3,42,43,4242,mq_notify_cases,mq_unlink,-2,ENOENT,12345,"name=""q"""
 * </pre>
 *
 * timestamp is the syscall's entry in UTC; processId and threadId the namespace ids, hostProcessId
 * the host's (as in the JSON); errno the name of a negative return value, empty otherwise; durationNs
 * the call's, exit minus entry (empty for an event that is not a call); args the
 * table's compact ARGS text ({@link ArgumentWriter#appendTableArgs}), rendered by the same code. A gap
 * (events lost because the ring was full) leaves the task's fields, returnValue and errno empty:
 * {@code 2024-11-22T10:15:42.123456789Z,1,,,,,gap,,,,cpu=1 dropped=1234 first=.. last=..}.
 * Allocates nothing per record.
 */
public final class CsvFormatter implements EventFormatter
{
    public static final String HEADER =
        "timestamp,processorId,processId,threadId,hostProcessId,processName,eventName,returnValue,errno,durationNs,args";

    private final Utf8LineOutput out;
    private final ReplayContext context;
    /**
     * The whole line, args included: they are appended in place and quoted there when they need it
     * (found with StringBuilder.indexOf, one intrinsic scan per character sought) rather than built apart,
     * scanned a charAt at a time and copied a char at a time, which made CSV slower than JSON.
     */
    private final TableLine row;
    private final StringBuilder comm = new StringBuilder(64);
    private final EventHeaderDecoder header = new EventHeaderDecoder();
    private final ArgumentWriter arguments = new ArgumentWriter();

    /**
     * @param out     to write lines to; buffered here, never closed.
     * @param context the walk's context: the segment's clock offset, the journal's tables.
     */
    public CsvFormatter(final OutputStream out, final ReplayContext context)
    {
        this.out = new Utf8LineOutput(out);
        this.context = context;
        this.row = new TableLine(context);
    }

    /** Write the header line. */
    public void begin() throws IOException
    {
        final StringBuilder line = row.clear().builder();
        line.append(HEADER).append('\n');
        out.write(line);
    }

    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final int eventType = header.eventType();
        final StringBuilder line = startLine(header);
        line.append(header.pid()).append(',');
        line.append(header.tid()).append(',');
        line.append(header.hostPid()).append(',');
        comm.setLength(0);
        header.appendComm(comm);
        field(comm).append(',');
        line.append(EventType.name(eventType)).append(',');
        final long retval = header.retval();
        line.append(retval).append(',');
        if (retval < 0)
        {
            final String name = Errno.name(retval);
            if (name != null)
            {
                line.append(name);
            }
        }
        line.append(',');
        final long durationNs = header.durationNs();
        if (durationNs >= 0)
        {
            line.append(durationNs);
        }
        line.append(',');

        final TableLine row = this.row;
        row.startArgs();
        arguments.appendTableArgs(eventType, buffer, offset, row);
        endLine(row);
    }

    /** No task's event: processId, threadId, hostProcessId, processName, returnValue, errno, durationNs empty. */
    public void onGap(final DirectBuffer buffer, final int offset, final int length)
    {
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final StringBuilder line = startLine(header);
        line.append(",,,,");
        line.append(EventType.name(header.eventType())).append(",,,,");
        final TableLine row = this.row;
        row.startArgs();
        ArgumentWriter.appendGapArgs(buffer, offset, row);
        endLine(row);
    }

    private StringBuilder startLine(final EventHeaderDecoder header)
    {
        final StringBuilder line = row.clear().builder();
        IsoTime.appendNanos(line, context.toEpochNs(header.entryNs())).append(',');
        return line.append(header.cpu()).append(',');
    }

    private void endLine(final TableLine row)
    {
        final StringBuilder line = row.builder();
        quoteInPlace(line, row.argsStart());
        line.append('\n');
        try
        {
            out.write(line);
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

    /**
     * Make the field from start to the end of the line one RFC 4180 field: quoted, its quotes
     * doubled, when it holds a comma, a double quote or a line break.
     */
    static void quoteInPlace(final StringBuilder line, final int start)
    {
        final int quoteAt = line.indexOf("\"", start);
        if (quoteAt < 0 && line.indexOf(",", start) < 0 && line.indexOf("\n", start) < 0 &&
            line.indexOf("\r", start) < 0)
        {
            return;
        }
        for (int at = quoteAt; at >= 0; at = line.indexOf("\"", at + 2))
        {
            line.insert(at, '"');
        }
        line.insert(start, '"').append('"');
    }

    /** Append value as one RFC 4180 field: quoted, quotes doubled, when it needs to be. */
    private StringBuilder field(final CharSequence value)
    {
        final StringBuilder line = row.builder();
        final int length = value.length();
        boolean quote = false;
        for (int i = 0; i < length && !quote; i++)
        {
            final char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote)
        {
            return line.append(value);
        }
        line.append('"');
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c == '"')
            {
                line.append('"');
            }
            line.append(c);
        }
        return line.append('"');
    }
}
