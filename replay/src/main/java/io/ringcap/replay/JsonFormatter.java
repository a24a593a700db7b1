package io.ringcap.replay;

import io.ringcap.wire.JournalMetadata;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.ringcap.wire.EventType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.agrona.DirectBuffer;

/**
 * One JSON object per line, with the field names and order of Tracee's events so that tools reading
 * Tracee output read ours (one line in the output):
 *
 * <pre>{@code
 * {"timestamp":1732270542123456789,"processorId":3,"processId":42,"cgroupId":4711,"threadId":43,
 *  "parentProcessId":1,"hostProcessId":4242,"hostThreadId":4243,"hostParentProcessId":4200,
 *  "userId":1000,"mountNamespace":4026531841,"pidNamespace":4026531836,"processName":"mq_notify_cases",
 *  "executable":{"path":"/usr/bin/mq_notify_cases"},"hostName":"build-7","containerId":"",
 *  "eventId":"244","eventName":"mq_notify","argsNum":2,"returnValue":0,"syscall":"mq_notify","args":[
 *   {"name":"mqdes","type":"mqd_t","value":3},
 *   {"name":"sevp","type":"const struct sigevent*","value":140721978299936},
 *   {"name":"sigevent","type":"struct sigevent","value":
 *     {"sigev_notify":"SIGEV_SIGNAL","sigev_signo":10,"signal":"SIGUSR1","sigev_value":24301}},
 *   {"name":"mq_inode","type":"unsigned long","value":9876}],
 *  "exitTimestamp":1732270542123469134,"groupId":1001}
 * }</pre>
 *
 * <ul>
 *   <li>{@code timestamp} is the syscall's entry, nanoseconds since the epoch; {@code processId},
 *       {@code threadId} and {@code parentProcessId} are ids in the task's pid namespace (a
 *       container's), the {@code host*} ones in the host's.</li>
 *   <li>{@code executable.path} is the process's latest exec seen so far in the replay, else the
 *       journal's PROCESSES table, else ""; {@code containerId} is the full 64-hex id of the
 *       container whose cgroup the event ran in, else "" ({@link ContainerId}).</li>
 *   <li>{@code eventId} is Tracee's: the amd64 syscall number, as a string. Events that are not
 *       syscalls take {@value #NON_SYSCALL_EVENT_ID_BASE} + their rc_event_type, above every syscall
 *       number: mq_notify_delivered "1007", process_exec "1008". {@code syscall} is "" for them.</li>
 *   <li>{@code argsNum} counts Tracee's args; ours (what a pointer pointed to, the queue's inode)
 *       follow them in {@code args}. A value read from user memory is null when its pointer was
 *       NULL or it was not read on purpose, and {@code {"error":"EFAULT"}} when it could not be read:
 *       never zeros or "". Each event's args: its {@link EventRenderer}.</li>
 *   <li>Ours at the end: {@code exitTimestamp} (the syscall's exit) and {@code groupId}.
 *       Tracee's {@code threadStartTime} and {@code matchedPolicies} are left out: we have neither.</li>
 * </ul>
 *
 * <p>A gap (events lost on one CPU because the ring was full, placed where they were lost) is not a
 * task's event and has an object of its own:
 * {@code {"timestamp":..,"processorId":1,"hostName":"build-7","eventId":"1009","eventName":"gap",
 * "dropped":1234,"firstTimestamp":..,"lastTimestamp":..}}: {@code timestamp} and
 * {@code firstTimestamp} are the first event lost, {@code lastTimestamp} the last, in ns since the
 * epoch; {@code processorId} the CPU they were lost on; {@code dropped} how many.
 *
 * <p>One Jackson generator is reused for every record; field names are pre-encoded.
 */
public final class JsonFormatter implements EventFormatter
{
    /** eventId of an event that is not a syscall: this plus its rc_event_type. */
    public static final int NON_SYSCALL_EVENT_ID_BASE = 1000;

    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString PROCESSOR_ID = new SerializedString("processorId");
    private static final SerializedString PROCESS_ID = new SerializedString("processId");
    private static final SerializedString CGROUP_ID = new SerializedString("cgroupId");
    private static final SerializedString THREAD_ID = new SerializedString("threadId");
    private static final SerializedString PARENT_PROCESS_ID = new SerializedString("parentProcessId");
    private static final SerializedString HOST_PROCESS_ID = new SerializedString("hostProcessId");
    private static final SerializedString HOST_THREAD_ID = new SerializedString("hostThreadId");
    private static final SerializedString HOST_PARENT_PROCESS_ID = new SerializedString("hostParentProcessId");
    private static final SerializedString USER_ID = new SerializedString("userId");
    private static final SerializedString MOUNT_NAMESPACE = new SerializedString("mountNamespace");
    private static final SerializedString PID_NAMESPACE = new SerializedString("pidNamespace");
    private static final SerializedString PROCESS_NAME = new SerializedString("processName");
    private static final SerializedString EXECUTABLE = new SerializedString("executable");
    private static final SerializedString PATH = new SerializedString("path");
    private static final SerializedString HOST_NAME = new SerializedString("hostName");
    private static final SerializedString CONTAINER_ID = new SerializedString("containerId");
    private static final SerializedString EVENT_ID = new SerializedString("eventId");
    private static final SerializedString EVENT_NAME = new SerializedString("eventName");
    private static final SerializedString ARGS_NUM = new SerializedString("argsNum");
    private static final SerializedString RETURN_VALUE = new SerializedString("returnValue");
    private static final SerializedString SYSCALL = new SerializedString("syscall");
    private static final SerializedString ARGS = new SerializedString("args");
    private static final SerializedString EXIT_TIMESTAMP = new SerializedString("exitTimestamp");
    private static final SerializedString GROUP_ID = new SerializedString("groupId");
    private static final SerializedString NOT_A_SYSCALL = new SerializedString("");

    /** By event type: pre-encoded so that naming an event allocates nothing. */
    private static final SerializedString[] EVENT_IDS = new SerializedString[EventType.MAX];
    private static final SerializedString[] EVENT_NAMES = new SerializedString[EventType.MAX];
    private static final SerializedString[] SYSCALL_NAMES = new SerializedString[EventType.MAX];

    static
    {
        for (int type = 1; type < EventType.MAX; type++)
        {
            final boolean syscall = EventType.isSyscall(type);
            EVENT_IDS[type] = new SerializedString(
                Integer.toString(syscall ? EventType.syscallNumber(type) : NON_SYSCALL_EVENT_ID_BASE + type));
            EVENT_NAMES[type] = new SerializedString(EventType.name(type));
            SYSCALL_NAMES[type] = syscall ? EVENT_NAMES[type] : NOT_A_SYSCALL;
        }
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();

    private final JsonGenerator generator;
    private final ReplayContext context;
    private final JsonOutput json;
    private SerializedString hostName; // the segment's
    private final EventHeaderDecoder header = new EventHeaderDecoder();
    private final EventRenderers renderers = new EventRenderers();

    /**
     * @param out      to write lines to; buffered here, never closed.
     * @param metadata of the journal: host name and boot-to-wall clock offset.
     * @param tables   of the journal: cgroups (container ids) and executables.
     * @throws IOException when the generator cannot be created.
     */
    public JsonFormatter(final OutputStream out, final JournalMetadata metadata, final JournalTables tables)
        throws IOException
    {
        this.generator = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        // Lines, not a space-separated stream of root values: each object ends with its own newline.
        this.generator.setRootValueSeparator(null);
        this.context = new ReplayContext(metadata, tables);
        this.json = new JsonOutput(generator, context);
        this.hostName = new SerializedString(metadata.hostName());
    }

    public void onSegment(final JournalMetadata metadata)
    {
        context.metadata(metadata);
        hostName = new SerializedString(metadata.hostName());
    }

    /** Nothing comes before the first line; forgets what earlier records taught (a new walk). */
    public void begin()
    {
        context.reset();
    }

    public void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            writeRecord(buffer, offset);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Learn from a record the filters leave out, so that later lines name executables as before. */
    public void skip(final DirectBuffer buffer, final int offset, final int length)
    {
        context.onRecord(header.wrap(buffer, offset));
    }

    public void flush() throws IOException
    {
        generator.flush();
    }

    private void writeRecord(final DirectBuffer buffer, final int offset) throws IOException
    {
        final JsonGenerator g = generator;
        final JsonOutput json = this.json;
        final ReplayContext context = this.context;
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final int eventType = header.eventType();
        final EventRenderer renderer = renderers.forType(eventType);
        context.onRecord(header);
        if (eventType == EventType.GAP)
        {
            writeGap(header, renderer);
            return;
        }

        g.writeStartObject();
        g.writeFieldName(TIMESTAMP);
        g.writeNumber(context.toEpochNs(header.entryNs()));
        g.writeFieldName(PROCESSOR_ID);
        g.writeNumber(header.cpu());
        g.writeFieldName(PROCESS_ID);
        g.writeNumber(header.pid());
        g.writeFieldName(CGROUP_ID);
        json.unsigned(header.cgroupId());
        g.writeFieldName(THREAD_ID);
        g.writeNumber(header.tid());
        g.writeFieldName(PARENT_PROCESS_ID);
        g.writeNumber(header.ppid());
        g.writeFieldName(HOST_PROCESS_ID);
        g.writeNumber(header.hostPid());
        g.writeFieldName(HOST_THREAD_ID);
        g.writeNumber(header.hostTid());
        g.writeFieldName(HOST_PARENT_PROCESS_ID);
        g.writeNumber(header.hostPpid());
        g.writeFieldName(USER_ID);
        g.writeNumber(header.uid());
        g.writeFieldName(MOUNT_NAMESPACE);
        g.writeNumber(header.mntNs());
        g.writeFieldName(PID_NAMESPACE);
        g.writeNumber(header.pidNs());
        g.writeFieldName(PROCESS_NAME);
        json.writeText(header.appendComm(json.clearText()));
        g.writeFieldName(EXECUTABLE);
        g.writeStartObject();
        g.writeFieldName(PATH);
        json.writeText(context.appendExecutable(header.hostPid(), json.clearText()));
        g.writeEndObject();
        g.writeFieldName(HOST_NAME);
        g.writeString(hostName);
        g.writeFieldName(CONTAINER_ID);
        g.writeString(context.containerId(header.cgroupId()));

        g.writeFieldName(EVENT_ID);
        g.writeString(EVENT_IDS[eventType]);
        g.writeFieldName(EVENT_NAME);
        g.writeString(EVENT_NAMES[eventType]);
        g.writeFieldName(ARGS_NUM);
        g.writeNumber(renderer.argsNum());
        g.writeFieldName(RETURN_VALUE);
        g.writeNumber(header.retval());
        g.writeFieldName(SYSCALL);
        g.writeString(SYSCALL_NAMES[eventType]);
        g.writeFieldName(ARGS);
        g.writeStartArray();
        renderer.writeJsonArgs(buffer, offset, json);
        g.writeEndArray();

        g.writeFieldName(EXIT_TIMESTAMP);
        g.writeNumber(context.toEpochNs(header.exitNs()));
        g.writeFieldName(GROUP_ID);
        g.writeNumber(header.gid());
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** A gap is no task's event: its own short object, no task fields, no args array. */
    private void writeGap(final EventHeaderDecoder header, final EventRenderer renderer) throws IOException
    {
        final JsonGenerator g = generator;
        g.writeStartObject();
        g.writeFieldName(TIMESTAMP);
        g.writeNumber(context.toEpochNs(header.entryNs()));
        g.writeFieldName(PROCESSOR_ID);
        g.writeNumber(header.cpu());
        g.writeFieldName(HOST_NAME);
        g.writeString(hostName);
        g.writeFieldName(EVENT_ID);
        g.writeString(EVENT_IDS[EventType.GAP]);
        g.writeFieldName(EVENT_NAME);
        g.writeString(EVENT_NAMES[EventType.GAP]);
        renderer.writeJsonArgs(header.buffer(), header.offset(), json);
        g.writeEndObject();
        g.writeRaw('\n');
    }
}
