package io.ringcap.replay;

import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * mq_notify_delivered: a queue's notification sent as a signal, in the sender's context (the task
 * whose mq_timedsend made the queue non-empty). Its args name the notified process, the signal, the
 * queue, and {@code registration}: the entry time (ns since the epoch, like {@code timestamp}) of the
 * mq_notify this delivery fulfils, as {@link ReplayContext} linked it, or null when the replay saw
 * none. returnValue is the kernel's signal generate result (0 delivered, 1 ignored, 2 already
 * pending, ...), not an errno.
 */
final class MqNotifyDeliveredRenderer implements EventRenderer
{
    private static final JsonText TARGET_PID = new JsonText("target_pid");
    private static final JsonText PID_T = new JsonText("pid_t");
    private static final JsonText SIGNAL = new JsonText("signal");
    private static final JsonText STRING = new JsonText("string");
    private static final JsonText SIGNO = new JsonText("signo");
    private static final JsonText INT = new JsonText("int");
    private static final JsonText SENDER_MQDES = new JsonText("sender_mqdes");
    private static final JsonText REGISTRATION = new JsonText("registration");
    /** target_pid, signal, signo, mq_inode, sender_mqdes, registration: all ours, no Tracee event to follow. */
    private static final int ARGS_NUM = 6;

    private final MqNotifyDeliveredDecoder delivered = new MqNotifyDeliveredDecoder();

    public int argsNum()
    {
        return ARGS_NUM;
    }

    public void writeJsonArgs(final DirectBuffer buffer, final int offset, final JsonOutput json) throws IOException
    {
        final MqNotifyDeliveredDecoder delivered = this.delivered.wrap(buffer, offset);
        json.intArg(TARGET_PID, PID_T, delivered.targetPid());
        json.startArg(SIGNAL, STRING);
        final String signal = Signals.name(delivered.signo());
        if (signal == null)
        {
            json.nullValue();
        }
        else
        {
            json.cachedString(signal);
        }
        json.endArg();
        json.intArg(SIGNO, INT, delivered.signo());
        json.unsignedArg(JsonOutput.MQ_INODE, JsonOutput.UNSIGNED_LONG, delivered.mqInode());
        json.intArg(SENDER_MQDES, JsonOutput.MQD_T, delivered.senderMqdes());
        json.startArg(REGISTRATION, JsonOutput.UNSIGNED_LONG);
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
        json.endArg();
    }

    public void appendTableArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final MqNotifyDeliveredDecoder delivered = this.delivered.wrap(buffer, offset);
        table.arg("target_pid").append(delivered.targetPid());
        table.arg("signal");
        table.signal(delivered.signo());
        table.arg("sender_mqdes").append(delivered.senderMqdes());
        table.arg("registration");
        final ReplayContext context = table.context();
        final long registrationNs = context.deliveryRegistrationNs();
        if (registrationNs == ReplayContext.NO_REGISTRATION)
        {
            table.builder().append("none");
        }
        else
        {
            table.timeOfDay(context.toEpochNs(registrationNs));
        }
    }
}
