package io.ringcap.replay.format;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.wire.EventDefinition;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventTable;
import io.ringcap.wire.EventType;
import io.ringcap.wire.GapLayout;
import io.ringcap.wire.JournalMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * One JSON object per line, as Tracee v0.24.1 writes its events, so that Tracee's own decoder
 * ({@code json.Unmarshal} into {@code trace.Event}) and tools built on its types read ours (one
 * line in the output):
 *
 * <pre>{@code
 * {"timestamp":1732270542123456789,"processorId":3,"processId":42,"cgroupId":4711,"threadId":43,
 *  "parentProcessId":1,"hostProcessId":4242,"hostThreadId":4243,"hostParentProcessId":4200,
 *  "userId":1000,"mountNamespace":4026531841,"pidNamespace":4026531836,"processName":"mq_notify_cases",
 *  "executable":{"path":"/usr/bin/mq_notify_cases"},"hostName":"build-7","containerId":"",
 *  "eventId":"244","eventName":"mq_notify","argsNum":2,"returnValue":0,"syscall":"mq_notify","args":[
 *   {"name":"mqdes","type":"int32","value":3},
 *   {"name":"sevp","type":"trace.Pointer","value":140721978299936}],
 *  "ringcap":{"exitTimestamp":1732270542123469134,"durationNs":12345,"groupId":1001,
 *   "sigevent":{"sigev_notify":"SIGEV_SIGNAL","sigev_signo":10,"signal":"SIGUSR1","sigev_value":24301},
 *   "mq_inode":9876}}
 * }</pre>
 *
 * <ul>
 *   <li>{@code timestamp} is the syscall's entry, nanoseconds since the epoch; {@code processId},
 *       {@code threadId} and {@code parentProcessId} are ids in the task's pid namespace (a
 *       container's), the {@code host*} ones in the host's.</li>
 *   <li>{@code executable.path} is the process's latest exec seen so far in the replay, else the
 *       journal's PROCESSES table, else ""; {@code containerId} is the full 64-hex id of the
 *       container whose cgroup the event ran in, else "" ({@link ContainerId}).</li>
 *   <li>{@code eventId} and {@code eventName} are Tracee's ({@link io.ringcap.wire.EventTable}): the
 *       amd64 syscall number for a syscall, 715 for sched_process_exec; an event Tracee lacks has
 *       ringcap's name and an id from {@value io.ringcap.wire.EventTable#RINGCAP_EVENT_ID_BASE} on.
 *       {@code syscall} is "" for events that are not syscalls.</li>
 *   <li>{@code args} are Tracee's, in Tracee's order, with Tracee's type strings and values in their
 *       shapes (numbers for int32/uint16/uint64 and pointers, float64 seconds for a timeout, strings
 *       for "string"); {@code argsNum} is their count. A value not read whole is null there.</li>
 *   <li>{@code ringcap}, one object Tracee's decoder ignores, holds the rest: {@code exitTimestamp}
 *       (the syscall's exit), {@code durationNs} (a syscall's, exit minus entry) and {@code groupId}, then what the record decoded beyond Tracee's args
 *       ({@link ArgumentWriter}): what pointers pointed to, read errors ({@code {"error":"EFAULT"}}),
 *       payload bytes in hex, the queue's inode, the TOCTOU flag and second reading, and, for a
 *       string longer than the record holds, {@code "truncated":{"name":{"read":255,"length":300}}}.
 *       Of {@code trace.Event}'s fields those ringcap has no data for are left out rather than made
 *       up: {@code threadStartTime}, {@code container}, {@code kubernetes}, {@code matchedPolicies},
 *       {@code stackAddresses}, {@code contextFlags}, the three {@code *EntityId}s and {@code metadata}
 *       (Go's decoder leaves a missing field at its zero value).</li>
 * </ul>
 *
 * <p>A gap (events lost on one CPU because the ring was full, placed where they were lost) is not a
 * task's event and has an object of its own:
 * {@code {"timestamp":..,"processorId":1,"hostName":"build-7","eventId":"10009","eventName":"gap",
 * "dropped":1234,"firstTimestamp":..,"lastTimestamp":..}}: {@code timestamp} and
 * {@code firstTimestamp} are the first event lost, {@code lastTimestamp} the last, in ns since the
 * epoch; {@code processorId} the CPU they were lost on; {@code dropped} how many.
 *
 * <p>Written byte by byte into one reused array ({@link JsonOutput}): the constant parts of a line
 * (field names with their quotes, colons and commas) are encoded once, numbers are written digit by
 * digit, and the record's text is escaped from its bytes. Nothing is allocated per record.
 */
public final class JsonFormatter implements EventFormatter
{
    // The line's fixed parts, each with the punctuation around it: the field order never varies.
    private static final byte[] TIMESTAMP = ascii("{\"timestamp\":");
    private static final byte[] PROCESSOR_ID = ascii(",\"processorId\":");
    private static final byte[] PROCESS_ID = ascii(",\"processId\":");
    private static final byte[] CGROUP_ID = ascii(",\"cgroupId\":");
    private static final byte[] THREAD_ID = ascii(",\"threadId\":");
    private static final byte[] PARENT_PROCESS_ID = ascii(",\"parentProcessId\":");
    private static final byte[] HOST_PROCESS_ID = ascii(",\"hostProcessId\":");
    private static final byte[] HOST_THREAD_ID = ascii(",\"hostThreadId\":");
    private static final byte[] HOST_PARENT_PROCESS_ID = ascii(",\"hostParentProcessId\":");
    private static final byte[] USER_ID = ascii(",\"userId\":");
    private static final byte[] MOUNT_NAMESPACE = ascii(",\"mountNamespace\":");
    private static final byte[] PID_NAMESPACE = ascii(",\"pidNamespace\":");
    private static final byte[] PROCESS_NAME = ascii(",\"processName\":");
    private static final byte[] EXECUTABLE_PATH = ascii(",\"executable\":{\"path\":");
    private static final byte[] HOST_NAME = ascii("},\"hostName\":");
    private static final byte[] CONTAINER_ID = ascii(",\"containerId\":");
    private static final byte[] EVENT_ID = ascii(",\"eventId\":");
    private static final byte[] EVENT_NAME = ascii(",\"eventName\":");
    private static final byte[] ARGS_NUM = ascii(",\"argsNum\":");
    private static final byte[] RETURN_VALUE = ascii(",\"returnValue\":");
    private static final byte[] SYSCALL = ascii(",\"syscall\":");
    private static final byte[] ARGS = ascii(",\"args\":[");
    private static final byte[] EXIT_TIMESTAMP = ascii("],\"ringcap\":{\"exitTimestamp\":");
    private static final byte[] DURATION_NS = ascii(",\"durationNs\":");
    private static final byte[] GROUP_ID = ascii(",\"groupId\":");
    private static final byte[] DROPPED = ascii(",\"dropped\":");
    private static final byte[] FIRST_TIMESTAMP = ascii(",\"firstTimestamp\":");
    private static final byte[] LAST_TIMESTAMP = ascii(",\"lastTimestamp\":");
    private static final byte[] EMPTY_STRING = ascii("\"\"");
    private static final byte[] GAP_HOST_NAME = ascii(",\"hostName\":");

    /** Per event type, its quoted eventId, eventName and syscall ("" for events that are not syscalls). */
    private static final byte[][] EVENT_IDS = new byte[EventType.MAX][];
    private static final byte[][] EVENT_NAMES = new byte[EventType.MAX][];
    private static final byte[][] SYSCALL_NAMES = new byte[EventType.MAX][];

    static
    {
        for (final EventDefinition event : EventTable.all())
        {
            final int type = event.type();
            EVENT_IDS[type] = JsonOutput.quoted(Integer.toString(event.eventId()));
            EVENT_NAMES[type] = JsonOutput.quoted(event.name());
            SYSCALL_NAMES[type] = event.isSyscall() ? EVENT_NAMES[type] : EMPTY_STRING;
        }
    }

    /**
     * The process part of a line ({@code ,"processId":} to the containerId value): it depends on the
     * record's ids, namespaces, cgroup and comm, the executables known (their version) and the
     * segment's host name, so it is written once per thread and copied.
     */
    private final ProcessPartCache processParts = new ProcessPartCache();
    private final ReplayContext context;
    private final JsonOutput json;
    private byte[] hostName; // the segment's, quoted
    private JournalMetadata hostNameOf; // the segment hostName is of
    private final EventHeaderDecoder header = new EventHeaderDecoder();
    private final ArgumentWriter arguments = new ArgumentWriter();

    /**
     * @param out     to write lines to; buffered here, never closed.
     * @param context the walk's context: the segment's host name and clock, the journal's tables.
     */
    public JsonFormatter(final OutputStream out, final ReplayContext context)
    {
        this.context = context;
        this.json = new JsonOutput(out, context);
    }

    /** Nothing comes before the first line. */
    public void begin()
    {
    }

    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            writeEvent(buffer, offset);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public void onGap(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            checkSegment();
            writeGap(json, context, header.wrap(buffer, offset), buffer, offset);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A new segment (another capture appended to the journal) may come from another host: its name is
     * quoted once per segment, and the cached process parts, which hold it, are dropped.
     */
    private void checkSegment()
    {
        final JournalMetadata metadata = context.metadata();
        if (metadata != hostNameOf)
        {
            hostNameOf = metadata;
            hostName = JsonOutput.quoted(metadata.hostName());
            processParts.clear();
        }
    }

    public void flush() throws IOException
    {
        json.flush();
    }

    private void writeEvent(final DirectBuffer buffer, final int offset) throws IOException
    {
        final JsonOutput json = this.json;
        final ReplayContext context = this.context;
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final int eventType = header.eventType();
        final ArgumentWriter arguments = this.arguments;
        checkSegment();
        final int hostPid = header.hostPid();

        json.startLine();
        json.raw(TIMESTAMP);
        json.number(context.toEpochNs(header.entryNs()));
        json.raw(PROCESSOR_ID);
        json.number(header.cpu());
        writeProcessPart(json, context, header, buffer, offset, hostPid);

        json.raw(EVENT_ID);
        json.raw(EVENT_IDS[eventType]);
        json.raw(EVENT_NAME);
        json.raw(EVENT_NAMES[eventType]);
        json.raw(ARGS_NUM);
        json.number(arguments.argsNum(eventType));
        json.raw(RETURN_VALUE);
        json.number(header.retval());
        json.raw(SYSCALL);
        json.raw(SYSCALL_NAMES[eventType]);
        json.raw(ARGS);
        arguments.writeJsonArgs(eventType, buffer, offset, json);

        json.raw(EXIT_TIMESTAMP);
        json.number(context.toEpochNs(header.exitNs()));
        final long durationNs = header.durationNs();
        if (durationNs >= 0)
        {
            json.raw(DURATION_NS);
            json.number(durationNs);
        }
        json.raw(GROUP_ID);
        json.number(header.gid());
        arguments.writeJsonExtras(eventType, buffer, offset, json);
        json.endObject();
        json.endObject();
        json.endLine();
    }

    /** A gap is no task's event: its own short object, no task fields, no args array. */
    private void writeGap(
        final JsonOutput json, final ReplayContext context, final EventHeaderDecoder header,
        final DirectBuffer buffer, final int offset) throws IOException
    {
        json.startLine();
        json.raw(TIMESTAMP);
        json.number(context.toEpochNs(header.entryNs()));
        json.raw(PROCESSOR_ID);
        json.number(header.cpu());
        json.raw(GAP_HOST_NAME);
        json.encoded(hostName);
        json.raw(EVENT_ID);
        json.raw(EVENT_IDS[EventType.GAP]);
        json.raw(EVENT_NAME);
        json.raw(EVENT_NAMES[EventType.GAP]);
        json.raw(DROPPED);
        json.unsigned(buffer.getLong(offset + GapLayout.DROPPED_OFFSET, LITTLE_ENDIAN));
        json.raw(FIRST_TIMESTAMP);
        json.number(context.toEpochNs(buffer.getLong(offset + GapLayout.FIRST_NS_OFFSET, LITTLE_ENDIAN)));
        json.raw(LAST_TIMESTAMP);
        json.number(context.toEpochNs(buffer.getLong(offset + GapLayout.LAST_NS_OFFSET, LITTLE_ENDIAN)));
        json.endObject();
        json.endLine();
    }

    /** The process part of the line: copied when rendered before from the same bytes, else rendered and kept. */
    private void writeProcessPart(
        final JsonOutput json, final ReplayContext context, final EventHeaderDecoder header, final DirectBuffer buffer,
        final int offset, final int hostPid)
    {
        final ProcessPartCache cache = processParts;
        final int hostTid = header.hostTid();
        final long version = context.executablesVersion();
        final int slot = cache.find(buffer, offset, hostTid, version);
        if (slot >= 0)
        {
            json.encoded(cache.part(slot), cache.length(slot));
            return;
        }

        final int start = json.position();
        json.raw(PROCESS_ID);
        json.number(header.pid());
        json.raw(CGROUP_ID);
        json.unsigned(header.cgroupId());
        json.raw(THREAD_ID);
        json.number(header.tid());
        json.raw(PARENT_PROCESS_ID);
        json.number(header.ppid());
        json.raw(HOST_PROCESS_ID);
        json.number(hostPid);
        json.raw(HOST_THREAD_ID);
        json.number(hostTid);
        json.raw(HOST_PARENT_PROCESS_ID);
        json.number(header.hostPpid());
        json.raw(USER_ID);
        json.number(header.uid());
        json.raw(MOUNT_NAMESPACE);
        json.number(header.mntNs());
        json.raw(PID_NAMESPACE);
        json.number(header.pidNs());
        json.raw(PROCESS_NAME);
        json.utf8(buffer, offset + EventHeaderLayout.COMM_OFFSET, header.commLength());
        json.raw(EXECUTABLE_PATH);
        writeExecutable(json, context, hostPid);
        json.raw(HOST_NAME);
        json.encoded(hostName); // from the journal: of any length
        json.raw(CONTAINER_ID);
        json.cachedString(context.containerId(header.cgroupId()));

        final byte[] spare = cache.spare(hostTid);
        cache.put(buffer, offset, hostTid, version, json.copySince(start, spare == null ? new byte[256] : spare),
            json.position() - start);
    }

    /** The latest exec's path as its record's bytes, else the PROCESSES table's, else "". */
    private static void writeExecutable(final JsonOutput json, final ReplayContext context, final int hostPid)
    {
        final ReplayContext.ExecutedPath path = context.executed(hostPid);
        if (path != null)
        {
            json.utf8(path.bytes(), 0, path.length());
            return;
        }
        final String atStart = context.tables().executable(hostPid);
        if (atStart == null)
        {
            json.raw(EMPTY_STRING);
        }
        else
        {
            json.cachedString(atStart);
        }
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
