package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_msgget} (native/src/bpf/ringcap_event.h): the record for
 * {@code msgget(key_t key, int msgflg)}, 112 bytes; retval is the queue's msqid. Its args
 * ({@code struct rc_msgget_args}) are named flat, from the record's start.
 *
 * <pre>
 *    0  struct rc_header hdr              96 bytes, see {@link EventHeaderLayout}
 *   96  s32 key                           IPC_PRIVATE is 0
 *  100  s32 msgflg                        IPC_CREAT, IPC_EXCL and the permission bits
 *  104  u32 ipc_ns                        the caller's IPC namespace inode
 *  108  u32 reserved                      0
 *  112
 * </pre>
 */
public final class MsggetLayout
{
    public static final int KEY_OFFSET = 96;
    public static final int MSGFLG_OFFSET = 100;
    public static final int IPC_NS_OFFSET = 104;
    public static final int RESERVED_OFFSET = 108;
    public static final int LENGTH = 112;

    private MsggetLayout()
    {
    }
}
