package io.ringcap.replay;

import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.ReadStatus;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * mq_notify(mqd_t mqdes, const struct sigevent *sevp). Tracee's args are mqdes and the sevp pointer;
 * ours follow: {@code sigevent}, *sevp as read at entry, decoded as the kernel reads it; then
 * {@code mq_inode}, the queue; and only when another thread rewrote *sevp during the call (the
 * record's toctou flag: the kernel may have acted on either reading) {@code toctou}: true and
 * {@code sigevent_at_exit}, the second reading.
 *
 * <p>The sigevent by sigev_notify:
 * <pre>
 * SIGEV_SIGNAL, SIGEV_NONE  sigev_notify, sigev_signo, signal (its name or null), sigev_value
 * SIGEV_THREAD_ID           the same, then sigev_notify_thread_id (_sigev_un._tid: union0's low 32 bits)
 * SIGEV_THREAD              sigev_notify, netlink_socket, sigev_value, cookie: the kernel does not run
 *                           threads; it sends to the netlink socket whose fd is sigev_signo the 32-byte
 *                           cookie sival_ptr points to (glibc's mq_notify passes its own), so the
 *                           function and attribute words are not shown: the kernel ignores them
 * other                     sigev_notify as a number in a string, sigev_signo, signal, sigev_value
 * </pre>
 */
final class MqNotifyRenderer implements EventRenderer
{
    private static final JsonText SEVP = new JsonText("sevp");
    private static final JsonText SIGEVENT_POINTER = new JsonText("const struct sigevent*");
    private static final JsonText SIGEVENT = new JsonText("sigevent");
    private static final JsonText SIGEVENT_AT_EXIT = new JsonText("sigevent_at_exit");
    private static final JsonText STRUCT_SIGEVENT = new JsonText("struct sigevent");
    private static final JsonText TOCTOU = new JsonText("toctou");
    private static final JsonText BOOL = new JsonText("bool");

    private static final JsonText SIGEV_NOTIFY = new JsonText("sigev_notify");
    private static final JsonText SIGEV_SIGNO = new JsonText("sigev_signo");
    private static final JsonText SIGNAL = new JsonText("signal");
    private static final JsonText SIGEV_VALUE = new JsonText("sigev_value");
    private static final JsonText NETLINK_SOCKET = new JsonText("netlink_socket");
    private static final JsonText COOKIE = new JsonText("cookie");
    private static final JsonText SIGEV_NOTIFY_THREAD_ID = new JsonText("sigev_notify_thread_id");

    /** Tracee's mq_notify arguments: mqdes, sevp. */
    private static final int ARGS_NUM = 2;
    /** In place of a cookie read status: the reading has no cookie field at all (the exit reading). */
    private static final int NO_COOKIE = -1;

    private final MqNotifyDecoder mqNotify = new MqNotifyDecoder();

    public int argsNum()
    {
        return ARGS_NUM;
    }

    public void writeJsonArgs(final DirectBuffer buffer, final int offset, final JsonOutput json) throws IOException
    {
        final MqNotifyDecoder n = mqNotify.wrap(buffer, offset);
        json.intArg(JsonOutput.MQDES, JsonOutput.MQD_T, n.mqdes());
        json.unsignedArg(SEVP, SIGEVENT_POINTER, n.sevp());

        json.startArg(SIGEVENT, STRUCT_SIGEVENT);
        if (json.isRead(n.sevStatus()))
        {
            writeSigevent(json, n.sigevNotify(), n.sigevSigno(), n.sigevValue(), n.union0(), n.cookieStatus(),
                buffer, offset);
        }
        json.endArg();

        json.unsignedArg(JsonOutput.MQ_INODE, JsonOutput.UNSIGNED_LONG, n.mqInode());

        if (n.toctou())
        {
            json.startArg(TOCTOU, BOOL);
            json.bool(true);
            json.endArg();
            json.startArg(SIGEVENT_AT_EXIT, STRUCT_SIGEVENT);
            if (json.isRead(n.sevExitStatus()))
            {
                // The cookie was read once, for the entry reading: none to show at exit.
                writeSigevent(json, n.exitSigevNotify(), n.exitSigevSigno(), n.exitSigevValue(), n.exitUnion0(),
                    NO_COOKIE, buffer, offset);
            }
            json.endArg();
        }
    }

    public void appendTableArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final MqNotifyDecoder n = mqNotify.wrap(buffer, offset);
        table.arg("mqdes").append(n.mqdes());
        table.arg("sevp");
        table.pointer(n.sevp());
        if (n.sevStatus() != ReadStatus.NULL)
        {
            table.arg("sigevent");
            if (table.isRead(n.sevStatus()))
            {
                appendSigevent(table, n.sigevNotify(), n.sigevSigno(), n.sigevValue(), n.union0(), n.cookieStatus(),
                    buffer, offset);
            }
        }
        if (n.toctou())
        {
            table.marker("[TOCTOU]");
            table.arg("sigevent_at_exit");
            if (table.isRead(n.sevExitStatus()))
            {
                appendSigevent(table, n.exitSigevNotify(), n.exitSigevSigno(), n.exitSigevValue(), n.exitUnion0(),
                    NO_COOKIE, buffer, offset);
            }
        }
    }

    private static void writeSigevent(
        final JsonOutput json, final int notify, final int signo, final long value, final long union0,
        final int cookieStatus, final DirectBuffer buffer, final int offset) throws IOException
    {
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
                json.number((int)union0);
            }
        }
        json.endObject();
    }

    private static void appendSigevent(
        final TableLine table, final int notify, final int signo, final long value, final long union0,
        final int cookieStatus, final DirectBuffer buffer, final int offset)
    {
        final StringBuilder line = table.builder();
        line.append('{');
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
                line.append(", tid=").append((int)union0);
                break;

            default:
                line.append("notify=").append(notify).append(", signo=").append(signo).append(", value=");
                table.hex(value);
                break;
        }
        line.append('}');
    }
}
