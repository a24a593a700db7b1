package io.ringcap.replay.format;

import io.ringcap.replay.decode.ContainerId;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import java.io.IOException;
import java.io.OutputStream;
import org.agrona.DirectBuffer;

/**
 * The default output: one aligned row per record under a header row.
 *
 * <pre>
 * TIME               CPU     PID     TID    PPID COMM             EVENT               RET            ARGS
 * 10:15:42.123456789   3    4242    4243    4200 mq_cases         mq_open             3              name="q" oflag=O_RDWR|O_CREAT mode=0640 attr={maxmsg=4,msgsize=64}
 * 10:15:42.123460000   3    4242    4243    4200 mq_cases         mq_notify           0              mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}
 * </pre>
 *
 * TIME is the syscall's entry in UTC. PID, TID and PPID are host ids (unique on the host, what
 * {@code ps} and {@code kill} there take; the JSON has the namespace ones too). When the journal's
 * cgroup table names a container, a CONTAINER column follows PPID with the first 12 hex digits of
 * the id, as {@code docker ps} shows them, blank for processes outside containers. ARGS is each
 * event's compact text ({@link ArgumentWriter#appendTableArgs}). A gap row (events
 * lost because the ring was full) has TIME (its first drop) and CPU, EVENT {@code gap}, no task
 * columns and no RET.
 *
 * <p>Columns have fixed widths, so rows stream out as they are decoded; a value wider than its column
 * pushes the rest of its row right. Rows are written as UTF-8 into one reused byte array
 * ({@link TableLine}): nothing is allocated per row.
 */
public final class TableFormatter implements EventFormatter
{
    private static final int TIME_WIDTH = 18; // HH:MM:SS.nnnnnnnnn
    private static final int CPU_WIDTH = 3;
    private static final int PID_WIDTH = 7;
    private static final int TID_WIDTH = 7;
    private static final int PPID_WIDTH = 7;
    private static final int CONTAINER_WIDTH = ContainerId.SHORT_LENGTH;
    private static final int COMM_WIDTH = 16; // TASK_COMM_LEN - 1 bytes, plus room
    private static final int EVENT_WIDTH = 19; // mq_notify_delivered
    private static final int RET_WIDTH = 14;  // "-110 ETIMEDOUT"
    private static final int DURATION_WIDTH = 10; // "999.999ms"

    /** PID to COMM, and CONTAINER when shown: written once per thread and copied. */
    private final ProcessPartCache processCells = new ProcessPartCache();
    private final ReplayContext context;
    private final TableLine row;
    private final boolean containerColumn;
    private final EventHeaderDecoder header = new EventHeaderDecoder();
    private final ArgumentWriter arguments = new ArgumentWriter();

    /**
     * @param out     to write rows to; buffered here, never closed.
     * @param context the walk's context: the segment's clock offset, the journal's tables (cgroups
     *                name containers, and a CONTAINER column appears when any does).
     */
    public TableFormatter(final OutputStream out, final ReplayContext context)
    {
        this.context = context;
        this.row = new TableLine(out, context);
        this.containerColumn = context.tables().hasContainers();
    }

    /** Write the header row. */
    public void begin() throws IOException
    {
        final TableLine row = this.row.clear();
        headerCell(row, "TIME", TIME_WIDTH, false);
        headerCell(row, "CPU", CPU_WIDTH, true);
        headerCell(row, "PID", PID_WIDTH, true);
        headerCell(row, "TID", TID_WIDTH, true);
        headerCell(row, "PPID", PPID_WIDTH, true);
        if (containerColumn)
        {
            headerCell(row, "CONTAINER", CONTAINER_WIDTH, false);
        }
        headerCell(row, "COMM", COMM_WIDTH, false);
        headerCell(row, "EVENT", EVENT_WIDTH, false);
        headerCell(row, "RET", RET_WIDTH, false);
        headerCell(row, "DURATION", DURATION_WIDTH, true);
        row.append("ARGS");
        writeLine();
    }

    private static void headerCell(final TableLine row, final String title, final int width, final boolean alignRight)
    {
        final int start = row.cellStart();
        row.append(title);
        row.endCell(start, width, alignRight);
    }

    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final int eventType = header.eventType();
        final TableLine row = startRow(header);
        appendProcessCells(row, header, buffer, offset);
        int start = row.cellStart();
        row.append(EventType.name(eventType));
        row.endCell(start, EVENT_WIDTH, false);
        start = row.cellStart();
        row.returnValue(header.retval());
        row.endCell(start, RET_WIDTH, false);
        row.durationCell(header.durationNs(), DURATION_WIDTH);
        row.startArgs();
        arguments.appendTableArgs(eventType, buffer, offset, row);
        writeLine();
    }

    /** A gap is no task's event: its task columns, RET and DURATION stay blank. */
    public void onGap(final DirectBuffer buffer, final int offset, final int length)
    {
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final TableLine row = startRow(header);
        appendBlankProcessCells(row);
        final int start = row.cellStart();
        row.append(EventType.name(header.eventType()));
        row.endCell(start, EVENT_WIDTH, false);
        row.endCell(row.cellStart(), RET_WIDTH, false);
        row.durationCell(-1, DURATION_WIDTH);
        row.startArgs();
        ArgumentWriter.appendGapArgs(buffer, offset, row);
        writeLine();
    }

    /** TIME and CPU. */
    private TableLine startRow(final EventHeaderDecoder header)
    {
        final TableLine row = this.row.clear();
        final int start = row.cellStart();
        row.timeOfDay(context.toEpochNs(header.entryNs()));
        row.endCell(start, TIME_WIDTH, false);
        row.rightAlignedCell(header.cpu(), CPU_WIDTH);
        return row;
    }

    private void appendBlankProcessCells(final TableLine row)
    {
        row.endCell(row.cellStart(), PID_WIDTH, true);
        row.endCell(row.cellStart(), TID_WIDTH, true);
        row.endCell(row.cellStart(), PPID_WIDTH, true);
        if (containerColumn)
        {
            row.endCell(row.cellStart(), CONTAINER_WIDTH, false);
        }
        row.endCell(row.cellStart(), COMM_WIDTH, false);
    }

    /** PID, TID, PPID, CONTAINER and COMM: copied when built before from the same bytes, else built and kept. */
    private void appendProcessCells(
        final TableLine row, final EventHeaderDecoder header, final DirectBuffer buffer, final int offset)
    {
        final ProcessPartCache cache = processCells;
        final int hostTid = header.hostTid();
        final int slot = cache.find(buffer, offset, hostTid, 0);
        if (slot >= 0)
        {
            row.bytes(cache.part(slot), cache.length(slot));
            return;
        }

        final int cellsStart = row.cellStart();
        row.rightAlignedCell(header.hostPid(), PID_WIDTH);
        row.rightAlignedCell(hostTid, TID_WIDTH);
        row.rightAlignedCell(header.hostPpid(), PPID_WIDTH);
        int start;
        if (containerColumn)
        {
            start = row.cellStart();
            row.append(context.containerId(header.cgroupId()), ContainerId.SHORT_LENGTH);
            row.endCell(start, CONTAINER_WIDTH, false);
        }
        start = row.cellStart();
        final int commChars = row.utf8(buffer, offset + EventHeaderLayout.COMM_OFFSET, header.commLength(), true);
        row.endCell(start, commChars, COMM_WIDTH, false);

        cache.put(buffer, offset, hostTid, 0, row.copySince(cellsStart, cache.spare(hostTid)), row.cellStart() - cellsStart);
    }

    public void flush() throws IOException
    {
        row.flush();
    }

    private void writeLine()
    {
        row.trimTrailingSpaces();
        row.endLine();
    }
}
