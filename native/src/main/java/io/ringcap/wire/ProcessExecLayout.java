package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_process_exec} (native/src/bpf/ringcap_event.h): a traced process
 * exec'd, naming its executable, 368 bytes. Replay keeps the last one per pid for the
 * {@code executable} field of later events.
 *
 * <pre>
 *    0  struct rc_header hdr     96 bytes
 *   96  u32 filename_status      {@link ReadStatus}
 *  100  u32 filename_len         bytes kept in filename, without the NUL
 *  104  u32 filename_full_len    the path's whole length: see {@link ReadStatus} for TRUNCATED
 *  108  u32 reserved             0
 *  112  char filename[256]       as given to execve (the kernel's copy), NUL-terminated, the first 255 bytes
 *  368
 * </pre>
 */
public final class ProcessExecLayout
{
    public static final int FILENAME_STATUS_OFFSET = 96;
    public static final int FILENAME_LENGTH_OFFSET = 100;
    public static final int FILENAME_FULL_LENGTH_OFFSET = 104;
    public static final int RESERVED_OFFSET = 108;
    public static final int FILENAME_OFFSET = 112;
    public static final int FILENAME_CAPACITY = 256;
    public static final int LENGTH = 368;

    private ProcessExecLayout()
    {
    }
}
