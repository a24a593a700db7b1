package io.ringcap.replay;

import io.ringcap.wire.MqTimedReceiveLayout;
import io.ringcap.wire.ReadStatus;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * mq_timedreceive(mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned *msg_prio,
 * const struct timespec *abs_timeout): Tracee's five args, with {@code msg_prio} the priority the
 * kernel wrote back (null when msg_prio was NULL or the call failed), then ours: {@code payload},
 * the received bytes the capture kept as hex, and {@code mq_inode}. retval is the message's length.
 */
final class MqTimedReceiveRenderer implements EventRenderer
{
    private static final JsonText CHAR_POINTER = new JsonText("char*");
    private static final JsonText UNSIGNED_INT_POINTER = new JsonText("unsigned int*");
    private static final int ARGS_NUM = 5;

    private final MqTimedReceiveDecoder receive = new MqTimedReceiveDecoder();
    private final EventHeaderDecoder header = new EventHeaderDecoder();

    public int argsNum()
    {
        return ARGS_NUM;
    }

    public void writeJsonArgs(final DirectBuffer buffer, final int offset, final JsonOutput json) throws IOException
    {
        final MqTimedReceiveDecoder receive = this.receive.wrap(buffer, offset);
        json.intArg(JsonOutput.MQDES, JsonOutput.MQD_T, receive.mqdes());
        json.unsignedArg(JsonOutput.MSG_PTR, CHAR_POINTER, receive.msgPtr());
        json.unsignedArg(JsonOutput.MSG_LEN, JsonOutput.SIZE_T, receive.msgLen());
        json.startArg(JsonOutput.MSG_PRIO, UNSIGNED_INT_POINTER);
        if (json.isRead(receive.prioStatus()))
        {
            json.number(receive.msgPrio());
        }
        json.endArg();
        json.startArg(JsonOutput.ABS_TIMEOUT, JsonOutput.CONST_TIMESPEC_POINTER);
        json.timespec(receive.timeoutStatus(), receive.absTimeoutSec(), receive.absTimeoutNsec());
        json.endArg();
        json.startArg(JsonOutput.PAYLOAD, JsonOutput.BYTES);
        if (json.isRead(receive.payloadStatus()))
        {
            json.hex(buffer, offset + MqTimedReceiveLayout.PAYLOAD_OFFSET, receive.payloadLen());
        }
        json.endArg();
        json.unsignedArg(JsonOutput.MQ_INODE, JsonOutput.UNSIGNED_LONG, receive.mqInode());
    }

    public void appendTableArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final MqTimedReceiveDecoder receive = this.receive.wrap(buffer, offset);
        table.arg("mqdes").append(receive.mqdes());
        table.arg("len");
        table.unsigned(receive.msgLen());
        // Skipped when the call failed: RET already says so.
        if (receive.prioStatus() != ReadStatus.SKIPPED)
        {
            table.arg("prio");
            if (table.isRead(receive.prioStatus()))
            {
                table.builder().append(receive.msgPrio());
            }
        }
        table.arg("timeout");
        if (table.isRead(receive.timeoutStatus()))
        {
            table.timespec(receive.absTimeoutSec(), receive.absTimeoutNsec());
        }
        if (receive.payloadStatus() != ReadStatus.SKIPPED)
        {
            table.arg("payload");
            if (table.isRead(receive.payloadStatus()))
            {
                // The message was retval bytes long; a failed call has no payload to cut.
                final long received = Math.max(0, header.wrap(buffer, offset).retval());
                table.payload(buffer, offset + MqTimedReceiveLayout.PAYLOAD_OFFSET, receive.payloadLen(), received);
            }
        }
    }
}
