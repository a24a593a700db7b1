package io.ringcap.replay;

import io.ringcap.wire.MqTimedSendLayout;
import io.ringcap.wire.ReadStatus;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * mq_timedsend(mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned msg_prio,
 * const struct timespec *abs_timeout): Tracee's five args (msg_ptr as the pointer it is,
 * abs_timeout as {tv_sec, tv_nsec} or null), then ours: {@code payload}, the message bytes the
 * capture kept as hex (null when it kept none: --payload-bytes 0), and {@code mq_inode}.
 */
final class MqTimedSendRenderer implements EventRenderer
{
    private static final JsonText UNSIGNED_INT = new JsonText("unsigned int");
    private static final int ARGS_NUM = 5;

    private final MqTimedSendDecoder send = new MqTimedSendDecoder();

    public int argsNum()
    {
        return ARGS_NUM;
    }

    public void writeJsonArgs(final DirectBuffer buffer, final int offset, final JsonOutput json) throws IOException
    {
        final MqTimedSendDecoder send = this.send.wrap(buffer, offset);
        json.intArg(JsonOutput.MQDES, JsonOutput.MQD_T, send.mqdes());
        json.unsignedArg(JsonOutput.MSG_PTR, JsonOutput.CONST_CHAR_POINTER, send.msgPtr());
        json.unsignedArg(JsonOutput.MSG_LEN, JsonOutput.SIZE_T, send.msgLen());
        json.intArg(JsonOutput.MSG_PRIO, UNSIGNED_INT, send.msgPrio());
        json.startArg(JsonOutput.ABS_TIMEOUT, JsonOutput.CONST_TIMESPEC_POINTER);
        json.timespec(send.timeoutStatus(), send.absTimeoutSec(), send.absTimeoutNsec());
        json.endArg();
        json.startArg(JsonOutput.PAYLOAD, JsonOutput.BYTES);
        if (json.isRead(send.payloadStatus()))
        {
            json.hex(buffer, offset + MqTimedSendLayout.PAYLOAD_OFFSET, send.payloadLen());
        }
        json.endArg();
        json.unsignedArg(JsonOutput.MQ_INODE, JsonOutput.UNSIGNED_LONG, send.mqInode());
    }

    public void appendTableArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final MqTimedSendDecoder send = this.send.wrap(buffer, offset);
        table.arg("mqdes").append(send.mqdes());
        table.arg("len");
        table.unsigned(send.msgLen());
        table.arg("prio").append(send.msgPrio());
        table.arg("timeout");
        if (table.isRead(send.timeoutStatus()))
        {
            table.timespec(send.absTimeoutSec(), send.absTimeoutNsec());
        }
        // Payload capture is off by default: say nothing rather than <skipped> on every row.
        if (send.payloadStatus() != ReadStatus.SKIPPED)
        {
            table.arg("payload");
            if (table.isRead(send.payloadStatus()))
            {
                table.payload(buffer, offset + MqTimedSendLayout.PAYLOAD_OFFSET, send.payloadLen(), send.msgLen());
            }
        }
    }
}
