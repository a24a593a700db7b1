package io.ringcap.replay;

import io.ringcap.wire.MqUnlinkLayout;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * mq_unlink(const char *name): Tracee's one arg, the name as the syscall got it (glibc strips the
 * leading '/'), or null / {"error":"EFAULT"} when it was NULL / unreadable; one longer than the
 * record holds, its first 255 bytes and how long it was.
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
        json.stringValue(buffer, offset + MqUnlinkLayout.NAME_OFFSET, unlink.nameStatus(), unlink.nameLen());
        json.endArg();
    }

    public void writeJsonExtras(final DirectBuffer buffer, final int offset, final JsonOutput json)
    {
        final MqUnlinkDecoder unlink = this.unlink.wrap(buffer, offset);
        json.truncatedString(JsonOutput.NAME, unlink.nameStatus(), unlink.nameLen(), unlink.nameFullLength());
    }

    public void appendTableArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final MqUnlinkDecoder unlink = this.unlink.wrap(buffer, offset);
        table.arg("name");
        table.string(buffer, offset + MqUnlinkLayout.NAME_OFFSET, unlink.nameStatus(), unlink.nameLen(),
            unlink.nameFullLength());
    }
}
