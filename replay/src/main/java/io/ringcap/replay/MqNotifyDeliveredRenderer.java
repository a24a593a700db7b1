package io.ringcap.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
    private static final SerializedString TARGET_PID = new SerializedString("target_pid");
    private static final SerializedString PID_T = new SerializedString("pid_t");
    private static final SerializedString SIGNAL = new SerializedString("signal");
    private static final SerializedString STRING = new SerializedString("string");
    private static final SerializedString SIGNO = new SerializedString("signo");
    private static final SerializedString INT = new SerializedString("int");
    private static final SerializedString SENDER_MQDES = new SerializedString("sender_mqdes");
    private static final SerializedString REGISTRATION = new SerializedString("registration");
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
        final JsonGenerator g = json.generator();
        json.intArg(TARGET_PID, PID_T, delivered.targetPid());
        json.startArg(SIGNAL, STRING);
        final String signal = Signals.name(delivered.signo());
        if (signal == null)
        {
            g.writeNull();
        }
        else
        {
            g.writeString(signal);
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
            g.writeNull();
        }
        else
        {
            g.writeNumber(context.toEpochNs(registrationNs));
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
