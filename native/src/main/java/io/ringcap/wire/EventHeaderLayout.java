package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_header} (native/src/bpf/ringcap_event.h), the 96 bytes that start
 * every record a ringcap BPF program writes. All fields little-endian. Ids come twice: as the host
 * sees them, and as the task's own pid namespace does (equal outside containers).
 *
 * <pre>
 *   0  u16 event_type     {@link EventType}
 *   2  u16 size           bytes in the whole record
 *   4  u16 cpu
 *   6  u16 flags          reserved, 0
 *   8  u64 entry_ns       CLOCK_BOOTTIME at syscall entry
 *  16  u64 exit_ns        CLOCK_BOOTTIME at syscall exit
 *  24  s64 retval         -errno on failure
 *  32  u32 host_pid       tgid, host pid namespace
 *  36  u32 host_tid
 *  40  u32 host_ppid      real parent's tgid
 *  44  u32 pid            tgid in the task's pid namespace
 *  48  u32 tid
 *  52  u32 ppid           0 when the parent is outside the namespace
 *  56  u32 uid
 *  60  u32 gid
 *  64  u64 cgroup_id      cgroup v2 id
 *  72  u32 mnt_ns         mount namespace inode
 *  76  u32 pid_ns         pid namespace inode
 *  80  char comm[16]
 *  96
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
    public static final int HOST_PID_OFFSET = 32;
    public static final int HOST_TID_OFFSET = 36;
    public static final int HOST_PPID_OFFSET = 40;
    public static final int PID_OFFSET = 44;
    public static final int TID_OFFSET = 48;
    public static final int PPID_OFFSET = 52;
    public static final int UID_OFFSET = 56;
    public static final int GID_OFFSET = 60;
    public static final int CGROUP_ID_OFFSET = 64;
    public static final int MNT_NS_OFFSET = 72;
    public static final int PID_NS_OFFSET = 76;
    public static final int COMM_OFFSET = 80;
    public static final int COMM_LENGTH = 16;
    public static final int LENGTH = 96;

    private EventHeaderLayout()
    {
    }
}
