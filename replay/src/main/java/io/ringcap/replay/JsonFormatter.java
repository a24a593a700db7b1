package io.ringcap.replay;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.ringcap.wire.EventType;
import io.ringcap.wire.ReadStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.agrona.DirectBuffer;

/**
 * One JSON object per line, with the field names of Tracee's events so that tools reading Tracee
 * output read ours:
 *
 * <pre>{@code
 * {"timestamp":1732270542123456789,"exitTimestamp":1732270542123469134,"processorId":3,
 *  "processId":4242,"cgroupId":4711,"threadId":4243,"userId":1000,"processName":"mq_notify_cases",
 *  "hostName":"build-7","eventId":"244","eventName":"mq_notify","argsNum":2,"returnValue":0,
 *  "syscall":"mq_notify","args":[
 *   {"name":"mqdes","type":"mqd_t","value":3},
 *   {"name":"sevp","type":"const struct sigevent*","value":140721978299936},
 *   {"name":"sigevent","type":"struct sigevent","value":
 *     {"sigev_notify":"SIGEV_SIGNAL","sigev_signo":10,"signal":"SIGUSR1","sigev_value":24301}}]}
 * }</pre>
 *
 * (one line in the output). Timestamps are nanoseconds since the epoch. {@code argsNum} counts
 * Tracee's arguments; ours may follow them, as the decoded {@code sigevent} does: its value is
 * null when {@code sevp} was NULL and {@code {"error":"EFAULT"}} when it could not be read.
 * {@code exitTimestamp} is ours too. pid and tid are host pid namespace ids.
 *
 * <p>One Jackson generator is reused for every record; field names are pre-encoded.
 */
public final class JsonFormatter implements EventFormatter
{
    /** Tracee's eventId for a syscall is its amd64 syscall number, as a string. */
    private static final SerializedString MQ_NOTIFY_EVENT_ID = new SerializedString("244");
    private static final SerializedString MQ_NOTIFY_NAME = new SerializedString("mq_notify");
    /** Tracee's mq_notify arguments: mqdes, sevp. */
    private static final int MQ_NOTIFY_TRACEE_ARGS = 2;

    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString EXIT_TIMESTAMP = new SerializedString("exitTimestamp");
    private static final SerializedString PROCESSOR_ID = new SerializedString("processorId");
    private static final SerializedString PROCESS_ID = new SerializedString("processId");
    private static final SerializedString CGROUP_ID = new SerializedString("cgroupId");
    private static final SerializedString THREAD_ID = new SerializedString("threadId");
    private static final SerializedString USER_ID = new SerializedString("userId");
    private static final SerializedString PROCESS_NAME = new SerializedString("processName");
    private static final SerializedString HOST_NAME = new SerializedString("hostName");
    private static final SerializedString EVENT_ID = new SerializedString("eventId");
    private static final SerializedString EVENT_NAME = new SerializedString("eventName");
    private static final SerializedString ARGS_NUM = new SerializedString("argsNum");
    private static final SerializedString RETURN_VALUE = new SerializedString("returnValue");
    private static final SerializedString SYSCALL = new SerializedString("syscall");
    private static final SerializedString ARGS = new SerializedString("args");

    private static final SerializedString ARG_NAME = new SerializedString("name");
    private static final SerializedString ARG_TYPE = new SerializedString("type");
    private static final SerializedString ARG_VALUE = new SerializedString("value");

    private static final SerializedString MQDES = new SerializedString("mqdes");
    private static final SerializedString MQD_T = new SerializedString("mqd_t");
    private static final SerializedString SEVP = new SerializedString("sevp");
    private static final SerializedString SIGEVENT_POINTER = new SerializedString("const struct sigevent*");
    private static final SerializedString SIGEVENT = new SerializedString("sigevent");
    private static final SerializedString STRUCT_SIGEVENT = new SerializedString("struct sigevent");

    private static final SerializedString SIGEV_NOTIFY = new SerializedString("sigev_notify");
    private static final SerializedString SIGEV_SIGNO = new SerializedString("sigev_signo");
    private static final SerializedString SIGNAL = new SerializedString("signal");
    private static final SerializedString SIGEV_VALUE = new SerializedString("sigev_value");
    private static final SerializedString SIGEV_NOTIFY_FUNCTION = new SerializedString("sigev_notify_function");
    private static final SerializedString SIGEV_NOTIFY_ATTRIBUTES = new SerializedString("sigev_notify_attributes");
    private static final SerializedString SIGEV_NOTIFY_THREAD_ID = new SerializedString("sigev_notify_thread_id");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString EFAULT = new SerializedString("EFAULT");

    /** 18446744073709551615. */
    private static final int U64_MAX_DIGITS = 20;

    private static final JsonFactory FACTORY = JsonFactory.builder()
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();

    private final JsonGenerator generator;
    private final JournalMetadata metadata;
    private final SerializedString hostName;
    private final EventHeaderDecoder header = new EventHeaderDecoder();
    private final MqNotifyDecoder mqNotify = new MqNotifyDecoder();
    private final StringBuilder text = new StringBuilder(64);
    private char[] chars = new char[64];
    private final char[] unsignedDigits = new char[U64_MAX_DIGITS];

    /**
     * @param out      to write lines to; buffered here, never closed.
     * @param metadata of the journal: host name and boot-to-wall clock offset.
     * @throws IOException when the generator cannot be created.
     */
    public JsonFormatter(final OutputStream out, final JournalMetadata metadata) throws IOException
    {
        this.generator = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        // Lines, not a space-separated stream of root values: each object ends with its own newline.
        this.generator.setRootValueSeparator(null);
        this.metadata = metadata;
        this.hostName = new SerializedString(metadata.hostName());
    }

    public void begin()
    {
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

    public void flush() throws IOException
    {
        generator.flush();
    }

    private void writeRecord(final DirectBuffer buffer, final int offset) throws IOException
    {
        final JsonGenerator g = generator;
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        final int eventType = header.eventType();

        g.writeStartObject();
        g.writeFieldName(TIMESTAMP);
        g.writeNumber(metadata.toEpochNs(header.entryNs()));
        g.writeFieldName(EXIT_TIMESTAMP);
        g.writeNumber(metadata.toEpochNs(header.exitNs()));
        g.writeFieldName(PROCESSOR_ID);
        g.writeNumber(header.cpu());
        g.writeFieldName(PROCESS_ID);
        g.writeNumber(header.pid());
        g.writeFieldName(CGROUP_ID);
        writeUnsigned(header.cgroupId());
        g.writeFieldName(THREAD_ID);
        g.writeNumber(header.tid());
        g.writeFieldName(USER_ID);
        g.writeNumber(header.uid());
        g.writeFieldName(PROCESS_NAME);
        text.setLength(0);
        writeText(header.appendComm(text));
        g.writeFieldName(HOST_NAME);
        g.writeString(hostName);

        switch (eventType)
        {
            case EventType.MQ_NOTIFY:
                writeEventName(MQ_NOTIFY_EVENT_ID, MQ_NOTIFY_NAME, MQ_NOTIFY_TRACEE_ARGS, header.retval());
                writeMqNotifyArgs(mqNotify.wrap(buffer, offset));
                break;

            default:
                throw new IllegalArgumentException("no JSON rendering for event type " + eventType);
        }

        g.writeEndObject();
        g.writeRaw('\n');
    }

    private void writeEventName(
        final SerializedString eventId, final SerializedString name, final int argsNum, final long returnValue)
        throws IOException
    {
        final JsonGenerator g = generator;
        g.writeFieldName(EVENT_ID);
        g.writeString(eventId);
        g.writeFieldName(EVENT_NAME);
        g.writeString(name);
        g.writeFieldName(ARGS_NUM);
        g.writeNumber(argsNum);
        g.writeFieldName(RETURN_VALUE);
        g.writeNumber(returnValue);
        g.writeFieldName(SYSCALL);
        g.writeString(name);
    }

    private void writeMqNotifyArgs(final MqNotifyDecoder mqNotify) throws IOException
    {
        final JsonGenerator g = generator;
        g.writeFieldName(ARGS);
        g.writeStartArray();

        startArg(MQDES, MQD_T);
        g.writeNumber(mqNotify.mqdes());
        g.writeEndObject();

        startArg(SEVP, SIGEVENT_POINTER);
        writeUnsigned(mqNotify.sevp());
        g.writeEndObject();

        startArg(SIGEVENT, STRUCT_SIGEVENT);
        final int status = mqNotify.sevStatus();
        switch (status)
        {
            case ReadStatus.NULL:
                g.writeNull();
                break;

            case ReadStatus.OK:
                writeSigevent(mqNotify);
                break;

            case ReadStatus.FAULT:
                // Never zeros for memory that could not be read.
                g.writeStartObject();
                g.writeFieldName(ERROR);
                g.writeString(EFAULT);
                g.writeEndObject();
                break;

            default:
                g.writeStartObject();
                g.writeFieldName(ERROR);
                g.writeString("unknown read status " + status);
                g.writeEndObject();
                break;
        }
        g.writeEndObject();

        g.writeEndArray();
    }

    private void writeSigevent(final MqNotifyDecoder mqNotify) throws IOException
    {
        final JsonGenerator g = generator;
        final int notify = mqNotify.sigevNotify();
        final int signo = mqNotify.sigevSigno();

        g.writeStartObject();
        g.writeFieldName(SIGEV_NOTIFY);
        final String notifyName = SigevNotify.name(notify);
        if (notifyName == null)
        {
            text.setLength(0);
            writeText(text.append(notify)); // a string either way, so the field keeps one type
        }
        else
        {
            g.writeString(notifyName);
        }
        g.writeFieldName(SIGEV_SIGNO);
        g.writeNumber(signo);
        g.writeFieldName(SIGNAL);
        final String signal = Signals.name(signo);
        if (signal == null)
        {
            g.writeNull();
        }
        else
        {
            g.writeString(signal);
        }
        g.writeFieldName(SIGEV_VALUE);
        writeUnsigned(mqNotify.sigevValue());

        if (notify == SigevNotify.SIGEV_THREAD)
        {
            g.writeFieldName(SIGEV_NOTIFY_FUNCTION);
            writeUnsigned(mqNotify.union0());
            g.writeFieldName(SIGEV_NOTIFY_ATTRIBUTES);
            writeUnsigned(mqNotify.union1());
        }
        else if (notify == SigevNotify.SIGEV_THREAD_ID)
        {
            g.writeFieldName(SIGEV_NOTIFY_THREAD_ID);
            g.writeNumber((int)mqNotify.union0());
        }
        g.writeEndObject();
    }

    private void startArg(final SerializedString name, final SerializedString type) throws IOException
    {
        final JsonGenerator g = generator;
        g.writeStartObject();
        g.writeFieldName(ARG_NAME);
        g.writeString(name);
        g.writeFieldName(ARG_TYPE);
        g.writeString(type);
        g.writeFieldName(ARG_VALUE);
    }

    /** A u64 (pointer, cgroup id) as the number it is, even with its top bit set. */
    private void writeUnsigned(final long value) throws IOException
    {
        if (value >= 0)
        {
            generator.writeNumber(value);
            return;
        }

        // Above Long.MAX_VALUE: spell out the digits ourselves rather than allocate a String or BigInteger.
        final char[] digits = unsignedDigits;
        int start = digits.length;
        long remaining = value;
        while (remaining != 0)
        {
            digits[--start] = (char)('0' + Long.remainderUnsigned(remaining, 10));
            remaining = Long.divideUnsigned(remaining, 10);
        }
        generator.writeNumber(digits, start, digits.length - start);
    }

    private void writeText(final StringBuilder text) throws IOException
    {
        final int length = text.length();
        if (chars.length < length)
        {
            chars = new char[length];
        }
        text.getChars(0, length, chars, 0);
        generator.writeString(chars, 0, length);
    }
}
