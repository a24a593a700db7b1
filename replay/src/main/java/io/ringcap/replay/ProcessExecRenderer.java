package io.ringcap.replay;

import io.ringcap.wire.ProcessExecLayout;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * process_exec: {@code pathname}, the executable as given to execve. The event's own
 * {@code executable} field already shows it: {@link ReplayContext} learns it before rendering. A
 * path longer than the record holds shows its first 255 bytes and how long it was (and is no
 * process's executable: that one is unknown, "").
 */
final class ProcessExecRenderer implements EventRenderer
{
    private static final JsonText PATHNAME = new JsonText("pathname");
    private static final int ARGS_NUM = 1;

    private final ProcessExecDecoder exec = new ProcessExecDecoder();

    public int argsNum()
    {
        return ARGS_NUM;
    }

    public void writeJsonArgs(final DirectBuffer buffer, final int offset, final JsonOutput json) throws IOException
    {
        final ProcessExecDecoder exec = this.exec.wrap(buffer, offset);
        json.startArg(PATHNAME, JsonOutput.CONST_CHAR_POINTER);
        json.stringValue(buffer, offset + ProcessExecLayout.FILENAME_OFFSET, exec.filenameStatus(),
            exec.filenameLength());
        json.endArg();
    }

    public void writeJsonExtras(final DirectBuffer buffer, final int offset, final JsonOutput json)
    {
        final ProcessExecDecoder exec = this.exec.wrap(buffer, offset);
        json.truncatedString(PATHNAME, exec.filenameStatus(), exec.filenameLength(), exec.filenameFullLength());
    }

    public void appendTableArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final ProcessExecDecoder exec = this.exec.wrap(buffer, offset);
        table.arg("pathname");
        table.string(buffer, offset + ProcessExecLayout.FILENAME_OFFSET, exec.filenameStatus(),
            exec.filenameLength(), exec.filenameFullLength());
    }
}
