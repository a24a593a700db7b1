package io.ringcap.replay;

import io.ringcap.wire.MqOpenLayout;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * mq_open(const char *name, int oflag, umode_t mode, struct mq_attr *attr): Tracee's four args,
 * decoded. {@code name} as the syscall got it (glibc strips the leading '/'); {@code oflag} by name
 * ({@link OpenFlags}); {@code mode} in octal ("0640"); {@code attr} as the object the kernel reads,
 * mq_maxmsg and mq_msgsize, or null when attr is NULL or was not read (without O_CREAT the kernel
 * ignores it). retval is the new descriptor. A name longer than the record holds (the kernel refuses
 * any over 255 bytes: ENAMETOOLONG) shows its first 255 bytes and how long it was.
 *
 * <p>The table leaves out mode and attr without O_CREAT, as strace does: they mean nothing then.
 */
final class MqOpenRenderer implements EventRenderer
{
    private static final JsonText OFLAG = new JsonText("oflag");
    private static final JsonText INT = new JsonText("int");
    private static final JsonText MODE = new JsonText("mode");
    private static final JsonText UMODE_T = new JsonText("umode_t");
    private static final JsonText ATTR = new JsonText("attr");
    private static final JsonText MQ_ATTR_POINTER = new JsonText("struct mq_attr*");
    /** Octal digits a mode shows at least, its leading 0 included: 0640. */
    private static final int MODE_DIGITS = 4;
    private static final int ARGS_NUM = 4;

    private final MqOpenDecoder open = new MqOpenDecoder();

    public int argsNum()
    {
        return ARGS_NUM;
    }

    public void writeJsonArgs(final DirectBuffer buffer, final int offset, final JsonOutput json) throws IOException
    {
        final MqOpenDecoder open = this.open.wrap(buffer, offset);
        json.startArg(JsonOutput.NAME, JsonOutput.CONST_CHAR_POINTER);
        json.stringValue(buffer, offset + MqOpenLayout.NAME_OFFSET, open.nameStatus(), open.nameLen());
        json.endArg();

        json.startArg(OFLAG, INT);
        json.writeText(OpenFlags.appendOflag(open.oflag(), json.clearText()));
        json.endArg();

        json.startArg(MODE, UMODE_T);
        final StringBuilder mode = json.clearText();
        TableLine.appendOctal(mode, open.mode() & 0xFFFF_FFFFL, MODE_DIGITS);
        json.writeText(mode);
        json.endArg();

        json.startArg(ATTR, MQ_ATTR_POINTER);
        json.mqAttr(open.attrStatus(), true, open.attrFlags(), open.attrMaxmsg(), open.attrMsgsize(),
            open.attrCurmsgs());
        json.endArg();
    }

    public void writeJsonExtras(final DirectBuffer buffer, final int offset, final JsonOutput json)
    {
        final MqOpenDecoder open = this.open.wrap(buffer, offset);
        json.truncatedString(JsonOutput.NAME, open.nameStatus(), open.nameLen(), open.nameFullLength());
    }

    public void appendTableArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final MqOpenDecoder open = this.open.wrap(buffer, offset);
        table.arg("name");
        table.string(buffer, offset + MqOpenLayout.NAME_OFFSET, open.nameStatus(), open.nameLen(), open.nameFullLength());
        OpenFlags.appendOflag(open.oflag(), table.arg("oflag"));
        if ((open.oflag() & OpenFlags.O_CREAT) != 0)
        {
            table.arg("mode");
            table.octalMode(open.mode() & 0xFFFF_FFFFL);
            table.arg("attr");
            if (table.isRead(open.attrStatus()))
            {
                table.mqAttr(true, open.attrFlags(), open.attrMaxmsg(), open.attrMsgsize(), open.attrCurmsgs());
            }
        }
    }
}
