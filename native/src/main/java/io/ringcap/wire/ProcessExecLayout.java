package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_process_exec} (native/src/bpf/ringcap_event.h): a traced process
 * exec'd, naming its executable, 360 bytes. Replay keeps the last one per pid for the
 * {@code executable} field of later events.
 *
 * <pre>
 *    0  struct rc_header hdr     96 bytes
 *   96  u32 filename_status      {@link ReadStatus}
 *  100  u32 filename_len         bytes, without the NUL
 *  104  char filename[256]       as given to execve, NUL-terminated, cut at 255 bytes
 *  360
 * </pre>
 */
public final class ProcessExecLayout
{
    public static final int FILENAME_STATUS_OFFSET = 96;
    public static final int FILENAME_LENGTH_OFFSET = 100;
    public static final int FILENAME_OFFSET = 104;
    public static final int FILENAME_CAPACITY = 256;
    public static final int LENGTH = 360;

    private ProcessExecLayout()
    {
    }
}
