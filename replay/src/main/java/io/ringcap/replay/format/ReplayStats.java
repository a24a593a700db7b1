package io.ringcap.replay.format;

import io.ringcap.replay.decode.Errno;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.decode.Utf8Text;
import io.ringcap.replay.filter.EventSink;
import io.ringcap.replay.journal.JournalSummary;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.GapRecord;
import io.ringcap.wire.JournalMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * {@code --stats}: counts instead of events. Per event name, per process (host pid and the comm of
 * its latest event), per errno of failed syscalls, per second of entry time (first to last, merged
 * into at most {@link #MAX_TIME_LINES} lines), and the capture's drops from the SUMMARY block.
 * Sections are sorted by count, descending, then by name (processes by pid); time in order.
 *
 * <pre>
 * 5 events
 * by event:
 *   3  mq_open
 *   2  mq_notify
 * by process:
 *   4  4242 mq_cases
 *   1  4300 worker
 * by errno:
 *   1  EBUSY
 * by time (1 s per line, UTC):
 *   2024-11-22T10:15:42Z  4
 *   2024-11-22T10:15:43Z  1
 * drops: 2 (journaled 5, submitted 7)
 * gaps: 2 gaps, 2 dropped
 *   cpu 0: 1 gap, 1 dropped
 *   cpu 1: 1 gap, 1 dropped
 * </pre>
 *
 * Gap records are not events: they count in the gaps lines only (count, events lost, per CPU),
 * which appear when the journal has gaps or its summary reports drops.
 *
 * Counting a record allocates nothing but the first time a pid (one holder per pid) or a second
 * past the preallocated map's capacity is seen; the text is built at the end.
 */
public final class ReplayStats implements EventSink
{
    static final int MAX_TIME_LINES = 60;
    /** How many of the slowest calls the report lists. */
    static final int SLOWEST_CALLS = 5;
    private static final int MAX_ERRNO = 4095;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ReplayContext context; // the walk's: the segment being read
    private final EventHeaderDecoder header = new EventHeaderDecoder();
    private final long[] byEvent = new long[EventType.MAX];
    private final long[] byErrno = new long[MAX_ERRNO + 1];
    private final Int2ObjectHashMap<Process> byProcess = new Int2ObjectHashMap<>(1024, 0.65f);
    private final Long2LongHashMap bySecond = new Long2LongHashMap(4096, 0.65f, 0);
    private final GapRecord gap = new GapRecord();
    private final Long2LongHashMap gapsByCpu = new Long2LongHashMap(64, 0.65f, 0);
    private final Long2LongHashMap gapDroppedByCpu = new Long2LongHashMap(64, 0.65f, 0);
    private long events;
    private long gaps;
    private long gapDropped;
    private long firstSecond = Long.MAX_VALUE;
    private long lastSecond = Long.MIN_VALUE;
    /** Per syscall event type, its calls' durations (ns, 3 significant digits; grows only for a longer one). */
    private final Histogram[] latencyByEvent = new Histogram[EventType.MAX];
    private final SlowestCalls slowest = new SlowestCalls(SLOWEST_CALLS);

    /** @param context the walk's context: records are timed with its segment's METADATA. */
    public ReplayStats(final ReplayContext context)
    {
        this.context = context;
    }

    /** Not an event: counted in the drops section only. */
    public void onGap(final DirectBuffer buffer, final int offset, final int length)
    {
        final int cpu = header.wrap(buffer, offset).cpu();
        final long dropped = gap.wrap(buffer, offset).dropped();
        gaps++;
        gapDropped += dropped;
        gapsByCpu.put(cpu, gapsByCpu.get(cpu) + 1);
        gapDroppedByCpu.put(cpu, gapDroppedByCpu.get(cpu) + dropped);
    }

    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final int eventType = header.eventType();
        final JournalMetadata metadata = context.metadata();
        events++;
        byEvent[eventType]++;

        final long retval = header.retval();
        if (EventType.isSyscall(eventType) && retval < 0 && retval >= -MAX_ERRNO)
        {
            byErrno[(int)-retval]++;
        }

        final int hostPid = header.hostPid();
        Process process = byProcess.get(hostPid);
        if (process == null)
        {
            process = new Process(hostPid); // once per pid
            byProcess.put(hostPid, process);
        }
        process.count++;
        process.commLength = header.commLength();
        buffer.getBytes(offset + EventHeaderLayout.COMM_OFFSET, process.comm, 0, process.commLength);

        final long durationNs = header.durationNs();
        if (durationNs >= 0)
        {
            Histogram latency = latencyByEvent[eventType];
            if (latency == null)
            {
                latency = new Histogram(3); // once per event type
                latency.setAutoResize(true);
                latencyByEvent[eventType] = latency;
            }
            latency.recordValue(durationNs);
            slowest.offer(durationNs, metadata.toEpochNs(header.entryNs()), eventType, hostPid, retval, buffer,
                offset + EventHeaderLayout.COMM_OFFSET, header.commLength());
        }

        final long second = Math.floorDiv(metadata.toEpochNs(header.entryNs()), NANOS_PER_SECOND);
        bySecond.put(second, bySecond.get(second) + 1);
        firstSecond = Math.min(firstSecond, second);
        lastSecond = Math.max(lastSecond, second);
    }

    /** @return events counted so far. */
    long events()
    {
        return events;
    }

    /**
     * @param summary the journal's SUMMARY block, or null when it has none.
     * @return the report, lines ending in LF.
     */
    public String report(final JournalSummary summary)
    {
        final StringBuilder text = new StringBuilder(1024);
        text.append(events).append(events == 1 ? " event\n" : " events\n");

        final List<Row> rows = new ArrayList<>();
        for (int type = 1; type < EventType.MAX; type++)
        {
            if (byEvent[type] > 0)
            {
                rows.add(new Row(byEvent[type], EventType.name(type), 0));
            }
        }
        section(text, "by event:", rows, Comparator.comparing(Row::label));

        rows.clear();
        for (final Process process : byProcess.values())
        {
            final StringBuilder comm = Utf8Text.append(new org.agrona.concurrent.UnsafeBuffer(process.comm), 0,
                process.commLength, new StringBuilder());
            for (int i = 0; i < comm.length(); i++)
            {
                if (Character.isISOControl(comm.charAt(i)))
                {
                    comm.setCharAt(i, '?');
                }
            }
            rows.add(new Row(process.count, process.hostPid + " " + comm, process.hostPid));
        }
        section(text, "by process:", rows, Comparator.comparingLong(Row::key));

        rows.clear();
        for (int errno = 1; errno <= MAX_ERRNO; errno++)
        {
            if (byErrno[errno] > 0)
            {
                final String name = Errno.name(errno);
                rows.add(new Row(byErrno[errno], name == null ? "errno " + errno : name, errno));
            }
        }
        section(text, "by errno:", rows, Comparator.comparing(Row::label));

        appendTime(text);
        appendLatency(text);

        if (summary == null)
        {
            text.append("drops: unknown: no summary\n");
        }
        else
        {
            text.append("drops: ").append(summary.eventsDropped())
                .append(" (journaled ").append(summary.eventsJournaled())
                .append(", submitted ").append(summary.eventsSubmitted()).append(")\n");
        }
        appendGaps(text, summary);
        return text.toString();
    }

    /** Where the drops were: the gap records seen, per CPU. Nothing when there were neither drops nor gaps. */
    private void appendGaps(final StringBuilder text, final JournalSummary summary)
    {
        if (gaps == 0)
        {
            if (summary != null && summary.eventsDropped() > 0)
            {
                text.append("gaps: none seen\n");
            }
            return;
        }
        text.append("gaps: ").append(gaps).append(gaps == 1 ? " gap, " : " gaps, ").append(gapDropped)
            .append(" dropped\n");
        final long[] cpus = new long[gapsByCpu.size()];
        int i = 0;
        for (final Long2LongHashMap.KeyIterator keys = gapsByCpu.keySet().iterator(); keys.hasNext(); )
        {
            cpus[i++] = keys.nextValue();
        }
        java.util.Arrays.sort(cpus);
        for (final long cpu : cpus)
        {
            final long count = gapsByCpu.get(cpu);
            text.append("  cpu ").append(cpu).append(": ").append(count).append(count == 1 ? " gap, " : " gaps, ")
                .append(gapDroppedByCpu.get(cpu)).append(" dropped\n");
        }
    }

    /**
     * Per syscall event, its calls and their durations' p50, p90, p99 and max (HdrHistogram, three
     * significant digits), in the table's units; then the slowest calls, longest first.
     */
    private void appendLatency(final StringBuilder text)
    {
        final List<String[]> lines = new ArrayList<>();
        for (int type = 1; type < EventType.MAX; type++)
        {
            final Histogram latency = latencyByEvent[type];
            if (latency != null)
            {
                lines.add(new String[] {EventType.name(type), Long.toString(latency.getTotalCount()),
                    duration(latency.getValueAtPercentile(50)), duration(latency.getValueAtPercentile(90)),
                    duration(latency.getValueAtPercentile(99)), duration(latency.getMaxValue())});
            }
        }
        if (lines.isEmpty())
        {
            text.append("latency: no calls\n");
            return;
        }
        lines.add(0, new String[] {"event", "calls", "p50", "p90", "p99", "max"});
        final int[] widths = new int[6];
        for (final String[] line : lines)
        {
            for (int i = 0; i < line.length; i++)
            {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        text.append("latency:\n");
        for (final String[] line : lines)
        {
            text.append("  ").append(line[0]);
            for (int i = line[0].length(); i < widths[0]; i++)
            {
                text.append(' ');
            }
            for (int i = 1; i < line.length; i++)
            {
                pad(text.append("  "), line[i], widths[i]);
            }
            text.append('\n');
        }
        text.append("slowest calls:\n");
        int durationWidth = 0;
        for (int i = 0; i < slowest.size(); i++)
        {
            durationWidth = Math.max(durationWidth, duration(slowest.durationNs(i)).length());
        }
        for (int i = 0; i < slowest.size(); i++)
        {
            pad(text.append("  "), duration(slowest.durationNs(i)), durationWidth).append("  ");
            text.append(IsoTime.nanosText(slowest.entryEpochNs(i))).append("  ");
            text.append(EventType.name(slowest.eventType(i))).append("  ").append(slowest.hostPid(i)).append(' ');
            slowest.appendComm(i, text);
            final long retval = slowest.retval(i);
            text.append("  ").append(retval);
            if (retval < 0 && Errno.name(retval) != null)
            {
                text.append(' ').append(Errno.name(retval));
            }
            text.append('\n');
        }
    }

    private static String duration(final long nanos)
    {
        return Durations.toString(nanos);
    }

    private void appendTime(final StringBuilder text)
    {
        if (events == 0)
        {
            text.append("by time: no events\n");
            return;
        }
        final long span = lastSecond - firstSecond + 1;
        final long width = (span + MAX_TIME_LINES - 1) / MAX_TIME_LINES;
        text.append("by time (").append(width).append(" s per line, UTC):\n");
        final List<long[]> buckets = new ArrayList<>();
        long widest = 1;
        for (long start = firstSecond; start <= lastSecond; start += width)
        {
            long count = 0;
            for (long second = start; second < start + width && second <= lastSecond; second++)
            {
                count += bySecond.get(second);
            }
            buckets.add(new long[] {start, count});
            widest = Math.max(widest, count);
        }
        final int digits = Long.toString(widest).length();
        for (final long[] bucket : buckets)
        {
            text.append("  ").append(IsoTime.secondsText(bucket[0])).append("  ");
            pad(text, Long.toString(bucket[1]), digits).append('\n');
        }
    }

    private static void section(final StringBuilder text, final String title, final List<Row> rows,
        final Comparator<Row> tieBreak)
    {
        text.append(title);
        if (rows.isEmpty())
        {
            text.append(" none\n");
            return;
        }
        text.append('\n');
        rows.sort(Comparator.comparingLong(Row::count).reversed().thenComparing(tieBreak));
        int digits = 1;
        for (final Row row : rows)
        {
            digits = Math.max(digits, Long.toString(row.count()).length());
        }
        for (final Row row : rows)
        {
            pad(text.append("  "), Long.toString(row.count()), digits).append("  ").append(row.label()).append('\n');
        }
    }

    private static StringBuilder pad(final StringBuilder text, final String value, final int width)
    {
        for (int i = value.length(); i < width; i++)
        {
            text.append(' ');
        }
        return text.append(value);
    }

    private record Row(long count, String label, long key)
    {
    }

    /**
     * The N longest calls so far, longest first, in preallocated arrays: offering a call allocates
     * nothing, and most calls are shorter than the shortest kept, one comparison.
     */
    static final class SlowestCalls
    {
        private final long[] durations;
        private final long[] entries;
        private final int[] types;
        private final int[] pids;
        private final long[] retvals;
        private final byte[][] comms;
        private final int[] commLengths;
        private int size;

        SlowestCalls(final int capacity)
        {
            durations = new long[capacity];
            entries = new long[capacity];
            types = new int[capacity];
            pids = new int[capacity];
            retvals = new long[capacity];
            comms = new byte[capacity][EventHeaderLayout.COMM_LENGTH];
            commLengths = new int[capacity];
        }

        void offer(
            final long durationNs, final long entryEpochNs, final int type, final int pid, final long retval,
            final DirectBuffer buffer, final int commOffset, final int commLength)
        {
            final int capacity = durations.length;
            if (size == capacity && durationNs <= durations[capacity - 1])
            {
                return;
            }
            int at = size < capacity ? size++ : capacity - 1;
            final byte[] comm = comms[at]; // the evicted slot's array, reused
            while (at > 0 && durations[at - 1] < durationNs)
            {
                durations[at] = durations[at - 1];
                entries[at] = entries[at - 1];
                types[at] = types[at - 1];
                pids[at] = pids[at - 1];
                retvals[at] = retvals[at - 1];
                comms[at] = comms[at - 1];
                commLengths[at] = commLengths[at - 1];
                at--;
            }
            durations[at] = durationNs;
            entries[at] = entryEpochNs;
            types[at] = type;
            pids[at] = pid;
            retvals[at] = retval;
            comms[at] = comm;
            commLengths[at] = commLength;
            buffer.getBytes(commOffset, comm, 0, commLength);
        }

        int size()
        {
            return size;
        }

        long durationNs(final int i)
        {
            return durations[i];
        }

        long entryEpochNs(final int i)
        {
            return entries[i];
        }

        int eventType(final int i)
        {
            return types[i];
        }

        int hostPid(final int i)
        {
            return pids[i];
        }

        long retval(final int i)
        {
            return retvals[i];
        }

        void appendComm(final int i, final StringBuilder text)
        {
            final int start = text.length();
            Utf8Text.append(new org.agrona.concurrent.UnsafeBuffer(comms[i]), 0, commLengths[i], text);
            for (int c = start; c < text.length(); c++)
            {
                if (Character.isISOControl(text.charAt(c)))
                {
                    text.setCharAt(c, '?');
                }
            }
        }
    }

    /** A process's count and the comm of its latest event, as the record's bytes. */
    private static final class Process
    {
        final int hostPid;
        final byte[] comm = new byte[EventHeaderLayout.COMM_LENGTH];
        int commLength;
        long count;

        Process(final int hostPid)
        {
            this.hostPid = hostPid;
        }
    }
}
