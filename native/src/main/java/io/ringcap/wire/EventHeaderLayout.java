package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_header} (native/src/bpf/ringcap_event.h), the 72 bytes that start
 * every record a ringcap BPF program writes. All fields little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |          event_type           |             size              |  0
 *  +-------------------------------+-------------------------------+
 *  |              cpu              |             flags             |  4
 *  +-------------------------------+-------------------------------+
 *  |                      entry_ns (CLOCK_BOOTTIME)                |  8
 *  |                      exit_ns  (CLOCK_BOOTTIME)                | 16
 *  |                      retval (s64, -errno)                     | 24
 *  +---------------------------------------------------------------+
 *  |                      pid (tgid)                               | 32
 *  |                      tid                                      | 36
 *  |                      uid                                      | 40
 *  |                      gid                                      | 44
 *  |                      cgroup_id (u64)                          | 48
 *  |                      comm[16]                                 | 56
 *  +---------------------------------------------------------------+ 72
 * </pre>
 */
public final class EventHeaderLayout
{
    public static final int EVENT_TYPE_OFFSET = 0;
    public static final int SIZE_OFFSET = 2;
    public static final int CPU_OFFSET = 4;
    public static final int FLAGS_OFFSET = 6;
    public static final int ENTRY_NS_OFFSET = 8;
    public static final int EXIT_NS_OFFSET = 16;
    public static final int RETVAL_OFFSET = 24;
    public static final int PID_OFFSET = 32;
    public static final int TID_OFFSET = 36;
    public static final int UID_OFFSET = 40;
    public static final int GID_OFFSET = 44;
    public static final int CGROUP_ID_OFFSET = 48;
    public static final int COMM_OFFSET = 56;
    public static final int COMM_LENGTH = 16;
    public static final int LENGTH = 72;

    private EventHeaderLayout()
    {
    }
}
