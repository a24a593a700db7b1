package io.ringcap.replay.format;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.replay.decode.SigevNotify;
import io.ringcap.replay.decode.Signals;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.ReadStatus;
import io.ringcap.wire.SigeventLayout;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * mq_notify's {@code struct sigevent}, as the kernel reads it, in ringcap's JSON object and in the
 * table ({@link io.ringcap.wire.ArgKind#SIGEVENT_POINTER}). By sigev_notify:
 * <pre>
 * SIGEV_SIGNAL, SIGEV_NONE  sigev_notify, sigev_signo, signal (its name or null), sigev_value
 * SIGEV_THREAD_ID           the same, then sigev_notify_thread_id (_sigev_un._tid: union0's low 32 bits)
 * SIGEV_THREAD              sigev_notify, netlink_socket, sigev_value, cookie: the kernel does not run
 *                           threads; it sends to the netlink socket whose fd is sigev_signo the 32-byte
 *                           cookie sival_ptr points to (glibc's mq_notify passes its own), so the
 *                           function and attribute words are not shown: the kernel ignores them
 * other                     sigev_notify as a number in a string, sigev_signo, signal, sigev_value
 * </pre>
 * The entry reading is {@code sigevent}; when another thread rewrote *sevp during the call (the
 * record's toctou flag: the kernel may have acted on either reading) {@code toctou} and
 * {@code sigevent_at_exit}, the second reading, follow.
 */
final class SigeventWriter
{
    private static final JsonText SIGEVENT = new JsonText("sigevent");
    private static final JsonText SIGEVENT_AT_EXIT = new JsonText("sigevent_at_exit");
    private static final JsonText TOCTOU = new JsonText("toctou");
    private static final JsonText SIGEV_NOTIFY = new JsonText("sigev_notify");
    private static final JsonText SIGEV_SIGNO = new JsonText("sigev_signo");
    private static final JsonText SIGNAL = new JsonText("signal");
    private static final JsonText SIGEV_VALUE = new JsonText("sigev_value");
    private static final JsonText NETLINK_SOCKET = new JsonText("netlink_socket");
    private static final JsonText COOKIE = new JsonText("cookie");
    private static final JsonText SIGEV_NOTIFY_THREAD_ID = new JsonText("sigev_notify_thread_id");
    /** In place of a cookie read status: the reading has no cookie field at all (the exit reading). */
    private static final int NO_COOKIE = -1;

    private SigeventWriter()
    {
    }

    /** ringcap's fields: {@code "sigevent":..} and, after a TOCTOU race, {@code "toctou":true,"sigevent_at_exit":..}. */
    static void writeJson(final DirectBuffer buffer, final int offset, final JsonOutput json) throws IOException
    {
        json.fieldName(SIGEVENT);
        if (json.isRead(buffer.getInt(offset + MqNotifyLayout.SEV_STATUS_OFFSET, LITTLE_ENDIAN)))
        {
            writeReading(json, buffer, offset, offset + MqNotifyLayout.SEV_OFFSET,
                buffer.getInt(offset + MqNotifyLayout.COOKIE_STATUS_OFFSET, LITTLE_ENDIAN));
        }
        if (buffer.getInt(offset + MqNotifyLayout.TOCTOU_OFFSET, LITTLE_ENDIAN) != 0)
        {
            json.fieldName(TOCTOU);
            json.bool(true);
            json.fieldName(SIGEVENT_AT_EXIT);
            if (json.isRead(buffer.getInt(offset + MqNotifyLayout.SEV_EXIT_STATUS_OFFSET, LITTLE_ENDIAN)))
            {
                // The cookie was read once, for the entry reading: none to show at exit.
                writeReading(json, buffer, offset, offset + MqNotifyLayout.SEV_EXIT_OFFSET, NO_COOKIE);
            }
        }
    }

    /** The table's {@code sevp=0x.. sigevent={..}} and, after a race, {@code [TOCTOU] sigevent_at_exit={..}}. */
    static void appendTable(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        table.arg("sevp");
        table.pointer(buffer.getLong(offset + MqNotifyLayout.SEVP_OFFSET, LITTLE_ENDIAN));
        final int status = buffer.getInt(offset + MqNotifyLayout.SEV_STATUS_OFFSET, LITTLE_ENDIAN);
        if (status != ReadStatus.NULL)
        {
            table.arg("sigevent");
            if (table.isRead(status))
            {
                appendReading(table, buffer, offset, offset + MqNotifyLayout.SEV_OFFSET,
                    buffer.getInt(offset + MqNotifyLayout.COOKIE_STATUS_OFFSET, LITTLE_ENDIAN));
            }
        }
        if (buffer.getInt(offset + MqNotifyLayout.TOCTOU_OFFSET, LITTLE_ENDIAN) != 0)
        {
            table.marker("[TOCTOU]");
            table.arg("sigevent_at_exit");
            if (table.isRead(buffer.getInt(offset + MqNotifyLayout.SEV_EXIT_STATUS_OFFSET, LITTLE_ENDIAN)))
            {
                appendReading(table, buffer, offset, offset + MqNotifyLayout.SEV_EXIT_OFFSET, NO_COOKIE);
            }
        }
    }

    private static void writeReading(
        final JsonOutput json, final DirectBuffer buffer, final int offset, final int at, final int cookieStatus)
        throws IOException
    {
        final int notify = buffer.getInt(at + SigeventLayout.NOTIFY, LITTLE_ENDIAN);
        final int signo = buffer.getInt(at + SigeventLayout.SIGNO, LITTLE_ENDIAN);
        final long value = buffer.getLong(at + SigeventLayout.VALUE, LITTLE_ENDIAN);
        json.startObject();
        json.fieldName(SIGEV_NOTIFY);
        final String notifyName = SigevNotify.name(notify);
        if (notifyName == null)
        {
            json.writeText(json.clearText().append(notify)); // a string either way, so the field keeps one type
        }
        else
        {
            json.cachedString(notifyName);
        }
        if (notify == SigevNotify.SIGEV_THREAD)
        {
            json.fieldName(NETLINK_SOCKET);
            json.number(signo);
            json.fieldName(SIGEV_VALUE);
            json.unsigned(value);
            if (cookieStatus != NO_COOKIE)
            {
                json.fieldName(COOKIE);
                if (json.isRead(cookieStatus))
                {
                    json.hex(buffer, offset + MqNotifyLayout.COOKIE_OFFSET, MqNotifyLayout.COOKIE_LENGTH);
                }
            }
        }
        else
        {
            json.fieldName(SIGEV_SIGNO);
            json.number(signo);
            json.fieldName(SIGNAL);
            final String signal = Signals.name(signo);
            if (signal == null)
            {
                json.nullValue();
            }
            else
            {
                json.cachedString(signal);
            }
            json.fieldName(SIGEV_VALUE);
            json.unsigned(value);
            if (notify == SigevNotify.SIGEV_THREAD_ID)
            {
                json.fieldName(SIGEV_NOTIFY_THREAD_ID);
                json.number((int)buffer.getLong(at + SigeventLayout.UNION0, LITTLE_ENDIAN));
            }
        }
        json.endObject();
    }

    private static void appendReading(
        final TableLine table, final DirectBuffer buffer, final int offset, final int at, final int cookieStatus)
    {
        final int notify = buffer.getInt(at + SigeventLayout.NOTIFY, LITTLE_ENDIAN);
        final int signo = buffer.getInt(at + SigeventLayout.SIGNO, LITTLE_ENDIAN);
        final long value = buffer.getLong(at + SigeventLayout.VALUE, LITTLE_ENDIAN);
        final TableLine line = table.append('{');
        switch (notify)
        {
            case SigevNotify.SIGEV_SIGNAL:
                line.append("SIGEV_SIGNAL, ");
                table.signal(signo);
                line.append(", value=");
                table.hex(value);
                break;
            case SigevNotify.SIGEV_NONE:
                line.append("SIGEV_NONE");
                break;
            case SigevNotify.SIGEV_THREAD:
                line.append("SIGEV_THREAD, netlink_socket=").append(signo).append(", value=");
                table.hex(value);
                // Not read on purpose (sival_ptr NULL): say nothing rather than <skipped>.
                if (cookieStatus != NO_COOKIE && cookieStatus != ReadStatus.SKIPPED)
                {
                    line.append(", cookie=");
                    if (table.isRead(cookieStatus))
                    {
                        table.hexBytes(buffer, offset + MqNotifyLayout.COOKIE_OFFSET, MqNotifyLayout.COOKIE_LENGTH);
                    }
                }
                break;
            case SigevNotify.SIGEV_THREAD_ID:
                line.append("SIGEV_THREAD_ID, ");
                table.signal(signo);
                line.append(", value=");
                table.hex(value);
                line.append(", tid=").append((int)buffer.getLong(at + SigeventLayout.UNION0, LITTLE_ENDIAN));
                break;
            default:
                line.append("notify=").append(notify).append(", signo=").append(signo).append(", value=");
                table.hex(value);
                break;
        }
        line.append('}');
    }
}
