package io.ringcap.replay.format;

import io.ringcap.replay.decode.Errno;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import java.io.IOException;
import java.io.OutputStream;
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

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The whole line, args included: they are appended in place and quoted there when they need it. */
    private final TableLine row;
    private final ReplayContext context;
    /**
     * The timestamp's {@code YYYY-MM-DDTHH:MM:SS} as last written, and the second it is of: records
     * come in time order, thousands a second, so the calendar arithmetic runs once a second.
     */
    private long timestampSecond = Long.MIN_VALUE;
    private byte[] timestampSecondText;
    private int timestampSecondLength;
    /** processId, threadId, hostProcessId and processName: written once per thread and copied. */
    private final ProcessPartCache processFields = new ProcessPartCache();
    private final EventHeaderDecoder header = new EventHeaderDecoder();
    private final ArgumentWriter arguments = new ArgumentWriter();

    /**
     * @param out     to write lines to; buffered here, never closed.
     * @param context the walk's context: the segment's clock offset, the journal's tables.
     */
    public CsvFormatter(final OutputStream out, final ReplayContext context)
    {
        this.context = context;
        this.row = new TableLine(out, context);
    }

    /** Write the header line. */
    public void begin() throws IOException
    {
        row.clear().append(HEADER).endLine();
    }

    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final int eventType = header.eventType();
        final TableLine row = startLine(header);
        appendProcessFields(row, header, buffer, offset);
        row.append(EventType.name(eventType)).append(',');
        final long retval = header.retval();
        row.append(retval).append(',');
        if (retval < 0)
        {
            final String name = Errno.name(retval);
            if (name != null)
            {
                row.append(name);
            }
        }
        row.append(',');
        final long durationNs = header.durationNs();
        if (durationNs >= 0)
        {
            row.append(durationNs);
        }
        row.append(',');
        row.startArgs();
        arguments.appendTableArgs(eventType, buffer, offset, row);
        endLine(row);
    }

    /** No task's event: processId, threadId, hostProcessId, processName, returnValue, errno, durationNs empty. */
    public void onGap(final DirectBuffer buffer, final int offset, final int length)
    {
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final TableLine row = startLine(header);
        row.append(",,,,");
        row.append(EventType.name(header.eventType())).append(",,,,");
        row.startArgs();
        ArgumentWriter.appendGapArgs(buffer, offset, row);
        endLine(row);
    }

    /** processId to processName and their commas: copied when written before from the same bytes, else written and kept. */
    private void appendProcessFields(
        final TableLine row, final EventHeaderDecoder header, final DirectBuffer buffer, final int offset)
    {
        final ProcessPartCache cache = processFields;
        final int hostTid = header.hostTid();
        final int slot = cache.find(buffer, offset, hostTid, 0);
        if (slot >= 0)
        {
            row.bytes(cache.part(slot), cache.length(slot));
            return;
        }
        final int start = row.cellStart();
        row.append(header.pid()).append(',');
        row.append(header.tid()).append(',');
        row.append(header.hostPid()).append(',');
        final int commStart = row.cellStart();
        row.utf8(buffer, offset + EventHeaderLayout.COMM_OFFSET, header.commLength(), false);
        row.quoteFieldFrom(commStart);
        row.append(',');
        cache.put(buffer, offset, hostTid, 0, row.copySince(start, cache.spare(hostTid)), row.cellStart() - start);
    }

    private TableLine startLine(final EventHeaderDecoder header)
    {
        final TableLine row = this.row.clear();
        final long epochNs = context.toEpochNs(header.entryNs());
        final long second = Math.floorDiv(epochNs, NANOS_PER_SECOND);
        if (second == timestampSecond)
        {
            row.bytes(timestampSecondText, timestampSecondLength);
        }
        else
        {
            final int start = row.cellStart();
            IsoTime.appendSeconds(row, second, false);
            timestampSecondText = row.copySince(start, timestampSecondText); // allocates once
            timestampSecondLength = row.cellStart() - start;
            timestampSecond = second;
        }
        row.append('.').zeroPadded((int)Math.floorMod(epochNs, NANOS_PER_SECOND), 9).append('Z').append(',');
        return row.append(header.cpu()).append(',');
    }

    private static void endLine(final TableLine row)
    {
        row.quoteFieldFrom(row.argsStart());
        row.endLine();
    }

    public void flush() throws IOException
    {
        row.flush();
    }
}
