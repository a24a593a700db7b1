package io.ringcap.replay;

import io.ringcap.wire.ReadStatus;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * mq_getsetattr(mqd_t mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr): Tracee's
 * three args, each attr as its four fields (newattr as passed, read at entry; oldattr as the kernel
 * wrote it back, read at exit) or null when the pointer was NULL or, for oldattr, the call failed;
 * then our {@code mq_inode}. (glibc's mq_getattr is mq_getsetattr(mqdes, NULL, attr).)
 */
final class MqGetSetAttrRenderer implements EventRenderer
{
    private static final JsonText NEWATTR = new JsonText("newattr");
    private static final JsonText CONST_MQ_ATTR_POINTER = new JsonText("const struct mq_attr*");
    private static final JsonText OLDATTR = new JsonText("oldattr");
    private static final JsonText MQ_ATTR_POINTER = new JsonText("struct mq_attr*");
    private static final int ARGS_NUM = 3;

    private final MqGetSetAttrDecoder attr = new MqGetSetAttrDecoder();

    public int argsNum()
    {
        return ARGS_NUM;
    }

    public void writeJsonArgs(final DirectBuffer buffer, final int offset, final JsonOutput json) throws IOException
    {
        final MqGetSetAttrDecoder attr = this.attr.wrap(buffer, offset);
        json.intArg(JsonOutput.MQDES, JsonOutput.MQD_T, attr.mqdes());
        json.startArg(NEWATTR, CONST_MQ_ATTR_POINTER);
        json.mqAttr(attr.newattrStatus(), false, attr.newattrFlags(), attr.newattrMaxmsg(), attr.newattrMsgsize(),
            attr.newattrCurmsgs());
        json.endArg();
        json.startArg(OLDATTR, MQ_ATTR_POINTER);
        json.mqAttr(attr.oldattrStatus(), false, attr.oldattrFlags(), attr.oldattrMaxmsg(), attr.oldattrMsgsize(),
            attr.oldattrCurmsgs());
        json.endArg();
        json.unsignedArg(JsonOutput.MQ_INODE, JsonOutput.UNSIGNED_LONG, attr.mqInode());
    }

    public void appendTableArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final MqGetSetAttrDecoder attr = this.attr.wrap(buffer, offset);
        table.arg("mqdes").append(attr.mqdes());
        table.arg("newattr");
        if (table.isRead(attr.newattrStatus()))
        {
            table.mqAttr(false, attr.newattrFlags(), attr.newattrMaxmsg(), attr.newattrMsgsize(), attr.newattrCurmsgs());
        }
        // Skipped when the call failed: RET already says so.
        if (attr.oldattrStatus() != ReadStatus.SKIPPED)
        {
            table.arg("oldattr");
            if (table.isRead(attr.oldattrStatus()))
            {
                table.mqAttr(false, attr.oldattrFlags(), attr.oldattrMaxmsg(), attr.oldattrMsgsize(),
                    attr.oldattrCurmsgs());
            }
        }
    }
}
