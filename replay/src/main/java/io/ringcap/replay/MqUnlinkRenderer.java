package io.ringcap.replay;

import io.ringcap.wire.MqUnlinkLayout;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * mq_unlink(const char *name): Tracee's one arg, the name as the syscall got it (glibc strips the
 * leading '/'), or null / {"error":"EFAULT"} when it was NULL / unreadable.
 */
final class MqUnlinkRenderer implements EventRenderer
{
    private static final int ARGS_NUM = 1;

    private final MqUnlinkDecoder unlink = new MqUnlinkDecoder();

    public int argsNum()
    {
        return ARGS_NUM;
    }

    public void writeJsonArgs(final DirectBuffer buffer, final int offset, final JsonOutput json) throws IOException
    {
        final MqUnlinkDecoder unlink = this.unlink.wrap(buffer, offset);
        json.startArg(JsonOutput.NAME, JsonOutput.CONST_CHAR_POINTER);
        if (json.isRead(unlink.nameStatus()))
        {
            json.utf8(buffer, offset + MqUnlinkLayout.NAME_OFFSET, unlink.nameLen());
        }
        json.endArg();
    }

    public void appendTableArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final MqUnlinkDecoder unlink = this.unlink.wrap(buffer, offset);
        table.arg("name");
        if (table.isRead(unlink.nameStatus()))
        {
            table.quoted(buffer, offset + MqUnlinkLayout.NAME_OFFSET, unlink.nameLen());
        }
    }
}
