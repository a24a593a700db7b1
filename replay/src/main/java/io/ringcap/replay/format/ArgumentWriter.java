package io.ringcap.replay.format;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.decode.Signals;
import io.ringcap.wire.ArgDefinition;
import io.ringcap.wire.ArgKind;
import io.ringcap.wire.EventDefinition;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventTable;
import io.ringcap.wire.EventType;
import io.ringcap.wire.GapLayout;
import io.ringcap.wire.MqAttrLayout;
import io.ringcap.wire.ReadStatus;
import io.ringcap.wire.TimespecLayout;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * The one writer of an event's arguments, driven by its {@link EventTable} row, for every format:
 * Tracee's args (JSON's {@code args} array: each value in the shape of its Tracee type), ringcap's
 * own fields (JSON's {@code ringcap} object: what pointers pointed to, reads that failed, strings cut
 * short, the queue's inode) and the compact ARGS text of the table and CSV (the decoded form, with
 * the same names). Records reach it checked by {@link JournalReader}: of their type and full length.
 *
 * <p>Values read from user memory follow one rule: in {@code args} a value not read whole is null
 * (Tracee's types cannot hold an error); in ringcap's object it is null when its pointer was NULL or
 * it was not read on purpose, and {@code {"error":"EFAULT"}} when it could not be read; never zeros
 * or "". The names and types are encoded once, per row; nothing is allocated per record.
 */
final class ArgumentWriter
{
    private static final JsonText PAYLOAD = new JsonText("payload");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Seconds and nanoseconds this small add up without overflow into one count of nanoseconds. */
    private static final long MAX_EXACT_SECONDS = 8_000_000_000L;
    private static final long MAX_EXACT_NANOS = 1_000_000_000_000_000_000L;

    /**
     * Per type and arg, its array element up to the value, encoded once:
     * {@code ,{"name":"mqdes","type":"int32","value":} (no comma for the first). One copy per arg.
     */
    private final byte[][][] argPrefixes = new byte[EventType.MAX][][];
    /** Per type and extra, {@code ,"mq_inode":}. */
    private final byte[][][] extraPrefixes = new byte[EventType.MAX][][];
    private final JsonText[][] argNames = new JsonText[EventType.MAX][];
    private final ArgDefinition[][] args = new ArgDefinition[EventType.MAX][];
    /** Per type, the indexes of its args that write something into ringcap's object: the rest are skipped. */
    private final int[][] argsWithExtras = new int[EventType.MAX][];
    private final ArgDefinition[][] extras = new ArgDefinition[EventType.MAX][];

    ArgumentWriter()
    {
        for (final EventDefinition event : EventTable.all())
        {
            final int type = event.type();
            final int count = event.argCount();
            argPrefixes[type] = new byte[count][];
            argNames[type] = new JsonText[count];
            args[type] = new ArgDefinition[count];
            int withExtras = 0;
            for (int i = 0; i < count; i++)
            {
                final ArgDefinition arg = event.arg(i);
                args[type][i] = arg;
                argNames[type][i] = new JsonText(arg.name());
                argPrefixes[type][i] = ascii((i == 0 ? "" : ",") + "{\"name\":" + quoted(arg.name()) + ",\"type\":" +
                    quoted(arg.traceeType()) + ",\"value\":");
                withExtras += hasExtra(arg.kind()) ? 1 : 0;
            }
            argsWithExtras[type] = new int[withExtras];
            for (int i = 0, j = 0; i < count; i++)
            {
                if (hasExtra(event.arg(i).kind()))
                {
                    argsWithExtras[type][j++] = i;
                }
            }
            extraPrefixes[type] = new byte[event.extraCount()][];
            extras[type] = new ArgDefinition[event.extraCount()];
            for (int i = 0; i < event.extraCount(); i++)
            {
                extras[type][i] = event.extra(i);
                extraPrefixes[type][i] = ascii("," + quoted(event.extra(i).name()) + ":");
            }
        }
    }

    /** @return whether an arg of this kind can write into ringcap's object ({@link #writeJsonExtra}). */
    private static boolean hasExtra(final ArgKind kind)
    {
        switch (kind)
        {
            case STRING:
            case MESSAGE:
            case TIMEOUT:
            case MQ_ATTR_POINTER:
            case MQ_CREATE_ATTR_POINTER:
            case UINT32_POINTER:
            case SIGEVENT_POINTER:
            case MSGBUF_POINTER:
            case MSGCTL_BUF:
                return true;
            default:
                return false;
        }
    }

    /** Names and type strings are plain identifiers: quoting is all they need. */
    private static String quoted(final String identifier)
    {
        return "\"" + identifier + "\"";
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** @return Tracee's {@code argsNum}: the length of the args array {@link #writeJsonArgs} writes. */
    int argsNum(final int eventType)
    {
        return args[eventType].length;
    }

    /** Write Tracee's args as array elements {@code {"name":..,"type":..,"value":..}}; the caller writes the brackets. */
    void writeJsonArgs(final int eventType, final DirectBuffer buffer, final int offset, final JsonOutput json)
    {
        final ArgDefinition[] args = this.args[eventType];
        final byte[][] prefixes = argPrefixes[eventType];
        for (int i = 0; i < args.length; i++)
        {
            json.raw(prefixes[i]);
            writeJsonValue(args[i], buffer, offset, json);
            json.endObject();
        }
    }

    /** Write ringcap's fields of the record as fields of the open object, each after a comma. */
    void writeJsonExtras(final int eventType, final DirectBuffer buffer, final int offset, final JsonOutput json)
        throws IOException
    {
        final ArgDefinition[] args = this.args[eventType];
        final JsonText[] names = argNames[eventType];
        final int[] withExtras = argsWithExtras[eventType];
        for (int j = 0; j < withExtras.length; j++)
        {
            final int i = withExtras[j];
            writeJsonExtra(args[i], names[i], buffer, offset, json);
        }
        final ArgDefinition[] extras = this.extras[eventType];
        final byte[][] prefixes = extraPrefixes[eventType];
        for (int i = 0; i < extras.length; i++)
        {
            json.raw(prefixes[i]);
            writeJsonValue(extras[i], buffer, offset, json);
        }
    }

    /** Append the ARGS text of a table row ({@code name="q" oflag=O_RDWR|O_CREAT ...}). */
    void appendTableArgs(final int eventType, final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final ArgDefinition[] args = this.args[eventType];
        for (int i = 0; i < args.length; i++)
        {
            if (args[i].inTable() && args[i].kind() != ArgKind.MESSAGE)
            {
                appendTableValue(args[i], buffer, offset, table);
            }
        }
        // ringcap's fields the table shows too (a SysV message's mtype), after Tracee's args.
        final ArgDefinition[] extras = this.extras[eventType];
        for (int i = 0; i < extras.length; i++)
        {
            if (extras[i].inTable())
            {
                appendTableValue(extras[i], buffer, offset, table);
            }
        }
        // The message's bytes last, as the longest value: the other args stay in their columns' order.
        for (int i = 0; i < args.length; i++)
        {
            if (args[i].inTable() && (args[i].kind() == ArgKind.MESSAGE || args[i].kind() == ArgKind.MSGBUF_POINTER))
            {
                appendTablePayload(args[i], buffer, offset, table);
            }
        }
    }

    private static void writeJsonValue(
        final ArgDefinition arg, final DirectBuffer buffer, final int offset, final JsonOutput json)
    {
        final int at = offset + arg.offset();
        switch (arg.kind())
        {
            case INT32:
            case OPEN_FLAGS:
            case IPC_KEY:
            case IPC_GET_FLAGS:
            case MSG_FLAGS:
            case MSGCTL_CMD:
                json.number(buffer.getInt(at, LITTLE_ENDIAN));
                break;
            case UINT32:
                json.number(buffer.getInt(at, LITTLE_ENDIAN) & 0xFFFF_FFFFL);
                break;
            case CREATE_MODE:
                json.number(buffer.getInt(at, LITTLE_ENDIAN) & 0xFFFF); // umode_t: the kernel's 16 bits
                break;
            case INT64:
                json.number(buffer.getLong(at, LITTLE_ENDIAN));
                break;
            case UINT64:
            case POINTER:
            case MQ_ATTR_POINTER:
            case MQ_CREATE_ATTR_POINTER:
            case UINT32_POINTER:
            case SIGEVENT_POINTER:
            case MSGBUF_POINTER:
            case MSGCTL_BUF:
                json.unsigned(buffer.getLong(at, LITTLE_ENDIAN));
                break;
            case USER_INT64:
                if (json.isRead(status(arg, buffer, offset)))
                {
                    json.number(buffer.getLong(at, LITTLE_ENDIAN));
                }
                break;
            case STRING:
            {
                final int status = status(arg, buffer, offset);
                if (status == ReadStatus.OK || status == ReadStatus.TRUNCATED)
                {
                    json.utf8(buffer, offset + arg.dataOffset(), length(arg, buffer, offset));
                }
                else
                {
                    json.nullValue();
                }
                break;
            }
            case MESSAGE:
                if (status(arg, buffer, offset) == ReadStatus.OK)
                {
                    json.utf8(buffer, offset + arg.dataOffset(), length(arg, buffer, offset));
                }
                else
                {
                    json.nullValue();
                }
                break;
            case TIMEOUT:
                if (status(arg, buffer, offset) == ReadStatus.OK)
                {
                    writeSeconds(json, buffer.getLong(offset + arg.dataOffset() + TimespecLayout.SEC, LITTLE_ENDIAN),
                        buffer.getLong(offset + arg.dataOffset() + TimespecLayout.NSEC, LITTLE_ENDIAN));
                }
                else
                {
                    json.nullValue();
                }
                break;
            case SIGNAL_NAME:
            {
                final String signal = Signals.name(buffer.getInt(at, LITTLE_ENDIAN));
                if (signal == null)
                {
                    json.nullValue();
                }
                else
                {
                    json.cachedString(signal);
                }
                break;
            }
            case REGISTRATION_TIME:
            {
                final ReplayContext context = json.context();
                final long registrationNs = context.deliveryRegistrationNs();
                if (registrationNs == ReplayContext.NO_REGISTRATION)
                {
                    json.nullValue();
                }
                else
                {
                    json.number(context.toEpochNs(registrationNs));
                }
                break;
            }
            default:
                throw new IllegalStateException("no JSON value for " + arg.kind());
        }
    }

    private static void writeJsonExtra(
        final ArgDefinition arg, final JsonText name, final DirectBuffer buffer, final int offset, final JsonOutput json)
        throws IOException
    {
        switch (arg.kind())
        {
            case STRING:
            {
                final int status = status(arg, buffer, offset);
                if (status == ReadStatus.TRUNCATED)
                {
                    json.truncatedString(name, status, length(arg, buffer, offset),
                        buffer.getInt(offset + arg.fullLengthOffset(), LITTLE_ENDIAN) & 0xFFFF_FFFFL);
                }
                else if (status != ReadStatus.OK && status != ReadStatus.NULL && status != ReadStatus.SKIPPED)
                {
                    json.fieldName(name);
                    json.isRead(status); // the error
                }
                break;
            }
            case MESSAGE:
            {
                json.fieldName(name);
                json.unsigned(buffer.getLong(offset + arg.offset(), LITTLE_ENDIAN));
                json.fieldName(PAYLOAD);
                if (json.isRead(status(arg, buffer, offset)))
                {
                    json.hex(buffer, offset + arg.dataOffset(), length(arg, buffer, offset));
                }
                break;
            }
            case TIMEOUT:
            {
                final int at = offset + arg.dataOffset();
                json.fieldName(name);
                json.timespec(status(arg, buffer, offset), buffer.getLong(at + TimespecLayout.SEC, LITTLE_ENDIAN),
                    buffer.getLong(at + TimespecLayout.NSEC, LITTLE_ENDIAN));
                break;
            }
            case MQ_ATTR_POINTER:
            case MQ_CREATE_ATTR_POINTER:
            {
                final int at = offset + arg.dataOffset();
                json.fieldName(name);
                json.mqAttr(status(arg, buffer, offset), arg.kind() == ArgKind.MQ_CREATE_ATTR_POINTER,
                    buffer.getLong(at + MqAttrLayout.FLAGS, LITTLE_ENDIAN),
                    buffer.getLong(at + MqAttrLayout.MAXMSG, LITTLE_ENDIAN),
                    buffer.getLong(at + MqAttrLayout.MSGSIZE, LITTLE_ENDIAN),
                    buffer.getLong(at + MqAttrLayout.CURMSGS, LITTLE_ENDIAN));
                break;
            }
            case UINT32_POINTER:
                json.fieldName(name);
                if (json.isRead(status(arg, buffer, offset)))
                {
                    json.number(buffer.getInt(offset + arg.dataOffset(), LITTLE_ENDIAN) & 0xFFFF_FFFFL);
                }
                break;
            case SIGEVENT_POINTER:
                SigeventWriter.writeJson(buffer, offset, json);
                break;
            case MSGBUF_POINTER:
                SysvMsgWriter.writeJsonPayload(status(arg, buffer, offset), buffer, offset + arg.dataOffset(),
                    length(arg, buffer, offset), json);
                break;
            case MSGCTL_BUF:
                SysvMsgWriter.writeJsonBuf(buffer, offset, json);
                break;
            default:
                break; // the arg's value says all there is
        }
    }

    private static void appendTableValue(
        final ArgDefinition arg, final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final int at = offset + arg.offset();
        switch (arg.kind())
        {
            case INT32:
                table.arg(arg.name()).append(buffer.getInt(at, LITTLE_ENDIAN));
                break;
            case UINT32:
                table.arg(arg.name()).append(buffer.getInt(at, LITTLE_ENDIAN) & 0xFFFF_FFFFL);
                break;
            case INT64:
                table.arg(arg.name()).append(buffer.getLong(at, LITTLE_ENDIAN));
                break;
            case UINT64:
                table.arg(arg.name());
                table.unsigned(buffer.getLong(at, LITTLE_ENDIAN));
                break;
            case POINTER:
                table.arg(arg.name());
                table.pointer(buffer.getLong(at, LITTLE_ENDIAN));
                break;
            case OPEN_FLAGS:
                OpenFlags.appendOflag(buffer.getInt(at, LITTLE_ENDIAN), table.arg(arg.name()));
                break;
            case CREATE_MODE:
                // Without O_CREAT the kernel ignores the mode: left out, as strace does.
                if ((buffer.getInt(offset + arg.statusOffset(), LITTLE_ENDIAN) & OpenFlags.O_CREAT) != 0)
                {
                    table.arg(arg.name());
                    table.octalMode(buffer.getInt(at, LITTLE_ENDIAN) & 0xFFFF_FFFFL);
                }
                break;
            case STRING:
                table.arg(arg.name());
                table.string(buffer, offset + arg.dataOffset(), status(arg, buffer, offset), length(arg, buffer, offset),
                    buffer.getInt(offset + arg.fullLengthOffset(), LITTLE_ENDIAN) & 0xFFFF_FFFFL);
                break;
            case MESSAGE:
                appendTablePayload(arg, buffer, offset, table);
                break;
            case IPC_KEY:
                SysvMsgWriter.appendKey(buffer.getInt(at, LITTLE_ENDIAN), table.arg(arg.name()));
                break;
            case IPC_GET_FLAGS:
                SysvMsgWriter.appendGetFlags(buffer.getInt(at, LITTLE_ENDIAN), table.arg(arg.name()));
                break;
            case MSG_FLAGS:
                SysvMsgWriter.appendMsgFlags(buffer.getInt(at, LITTLE_ENDIAN), table.arg(arg.name()));
                break;
            case MSGCTL_CMD:
                SysvMsgWriter.appendCommand(buffer.getInt(at, LITTLE_ENDIAN), table.arg(arg.name()));
                break;
            case MSGBUF_POINTER:
                table.arg(arg.name());
                table.pointer(buffer.getLong(at, LITTLE_ENDIAN));
                break;
            case USER_INT64:
            {
                // Skipped when the call failed: RET already says so.
                final int status = status(arg, buffer, offset);
                if (status != ReadStatus.SKIPPED)
                {
                    table.arg(arg.name());
                    if (table.isRead(status))
                    {
                        table.append(buffer.getLong(at, LITTLE_ENDIAN));
                    }
                }
                break;
            }
            case MSGCTL_BUF:
                SysvMsgWriter.appendBuf(arg.name(), buffer, offset, table);
                break;
            case TIMEOUT:
                table.arg(arg.name());
                if (table.isRead(status(arg, buffer, offset)))
                {
                    final int data = offset + arg.dataOffset();
                    table.timespec(buffer.getLong(data + TimespecLayout.SEC, LITTLE_ENDIAN),
                        buffer.getLong(data + TimespecLayout.NSEC, LITTLE_ENDIAN));
                }
                break;
            case MQ_ATTR_POINTER:
            case MQ_CREATE_ATTR_POINTER:
            {
                // Skipped: not read on purpose (a failed call's oldattr, attr without O_CREAT).
                final int status = status(arg, buffer, offset);
                if (status != ReadStatus.SKIPPED)
                {
                    table.arg(arg.name());
                    if (table.isRead(status))
                    {
                        final int data = offset + arg.dataOffset();
                        table.mqAttr(arg.kind() == ArgKind.MQ_CREATE_ATTR_POINTER,
                            buffer.getLong(data + MqAttrLayout.FLAGS, LITTLE_ENDIAN),
                            buffer.getLong(data + MqAttrLayout.MAXMSG, LITTLE_ENDIAN),
                            buffer.getLong(data + MqAttrLayout.MSGSIZE, LITTLE_ENDIAN),
                            buffer.getLong(data + MqAttrLayout.CURMSGS, LITTLE_ENDIAN));
                    }
                }
                break;
            }
            case UINT32_POINTER:
            {
                // Skipped when the call failed: RET already says so.
                final int status = status(arg, buffer, offset);
                if (status != ReadStatus.SKIPPED)
                {
                    table.arg(arg.name());
                    if (table.isRead(status))
                    {
                        table.append(buffer.getInt(offset + arg.dataOffset(), LITTLE_ENDIAN) & 0xFFFF_FFFFL);
                    }
                }
                break;
            }
            case SIGEVENT_POINTER:
                SigeventWriter.appendTable(buffer, offset, table);
                break;
            case SIGNAL_NAME:
                table.arg(arg.name());
                table.signal(buffer.getInt(at, LITTLE_ENDIAN));
                break;
            case REGISTRATION_TIME:
            {
                table.arg(arg.name());
                final ReplayContext context = table.context();
                final long registrationNs = context.deliveryRegistrationNs();
                if (registrationNs == ReplayContext.NO_REGISTRATION)
                {
                    table.append("none");
                }
                else
                {
                    table.timeOfDay(context.toEpochNs(registrationNs));
                }
                break;
            }
            default:
                throw new IllegalStateException("no table text for " + arg.kind());
        }
    }

    /** A message's kept bytes as {@code payload=} (MESSAGE, MSGBUF_POINTER); nothing when not read on purpose. */
    private static void appendTablePayload(
        final ArgDefinition arg, final DirectBuffer buffer, final int offset, final TableLine table)
    {
        // Payload capture is off by default: say nothing rather than <skipped> on every row.
        final int status = status(arg, buffer, offset);
        if (status != ReadStatus.SKIPPED)
        {
            table.arg("payload");
            if (table.isRead(status))
            {
                // A received message is retval bytes long; a failed call has none to cut.
                final long messageLength = arg.fullLengthOffset() < 0 ?
                    Math.max(0, buffer.getLong(offset + EventHeaderLayout.RETVAL_OFFSET, LITTLE_ENDIAN)) :
                    buffer.getLong(offset + arg.fullLengthOffset(), LITTLE_ENDIAN);
                table.payload(buffer, offset + arg.dataOffset(), length(arg, buffer, offset), messageLength);
            }
        }
    }

    /** A gap row: the CPU, how many events were lost and when the first and last of them happened. */
    /** Append the ARGS text of a gap row: {@code cpu=1 dropped=17 first=... last=...}. */
    static void appendGapArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final ReplayContext context = table.context();
        table.arg("cpu").append(buffer.getShort(offset + EventHeaderLayout.CPU_OFFSET, LITTLE_ENDIAN) & 0xFFFF);
        table.arg("dropped").append(buffer.getLong(offset + GapLayout.DROPPED_OFFSET, LITTLE_ENDIAN));
        table.arg("first");
        table.timeOfDay(context.toEpochNs(buffer.getLong(offset + GapLayout.FIRST_NS_OFFSET, LITTLE_ENDIAN)));
        table.arg("last");
        table.timeOfDay(context.toEpochNs(buffer.getLong(offset + GapLayout.LAST_NS_OFFSET, LITTLE_ENDIAN)));
    }

    /**
     * Tracee's float64 seconds of a timespec, written exactly: {@code 1732270542.500000000}. Values no
     * valid timeout has (seconds beyond ±8e9, nanoseconds beyond ±1e18) go through a double.
     */
    private static void writeSeconds(final JsonOutput json, final long sec, final long nsec)
    {
        if (Math.abs(sec) <= MAX_EXACT_SECONDS && Math.abs(nsec) <= MAX_EXACT_NANOS)
        {
            final long total = sec * NANOS_PER_SECOND + nsec;
            json.decimalNanos(total);
        }
        else
        {
            // Not a timeout the kernel accepts (EINVAL): rare, and allocating here is fine.
            json.rawAscii(Double.toString(sec + nsec / (double)NANOS_PER_SECOND));
        }
    }

    private static int status(final ArgDefinition arg, final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + arg.statusOffset(), LITTLE_ENDIAN);
    }

    /** The kept length, never more than the data field holds whatever the record says. */
    private static int length(final ArgDefinition arg, final DirectBuffer buffer, final int offset)
    {
        final int length = buffer.getInt(offset + arg.lengthOffset(), LITTLE_ENDIAN);
        return Math.max(0, Math.min(length, arg.capacity()));
    }
}
