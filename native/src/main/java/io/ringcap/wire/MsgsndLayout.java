package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_msgsnd} (native/src/bpf/ringcap_event.h): the record for
 * {@code msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg)}, 400 bytes. Everything is
 * read at syscall entry, where the kernel copies the message: its mtype and the text's first bytes.
 *
 * <pre>
 *    0  struct rc_header hdr              96 bytes, see {@link EventHeaderLayout}
 *   96  s32 msqid
 *  100  s32 msgflg                        IPC_NOWAIT
 *  104  u64 msgp                          user pointer to the struct msgbuf
 *  112  u64 msgsz                         the text's size, mtype not included
 *  120  s64 mtype                         msgp->mtype, valid when mtype_status is OK
 *  128  u32 mtype_status                  {@link ReadStatus}
 *  132  u32 payload_status                SKIPPED when --payload-bytes is 0
 *  136  u32 payload_len                   text bytes kept: min(--payload-bytes, msgsz)
 *  140  u32 ipc_ns                        the caller's IPC namespace inode
 *  144  u8 payload[256]                   the text's first bytes, binary
 *  400
 * </pre>
 */
public final class MsgsndLayout
{
    public static final int MSQID_OFFSET = 96;
    public static final int MSGFLG_OFFSET = 100;
    public static final int MSGP_OFFSET = 104;
    public static final int MSGSZ_OFFSET = 112;
    public static final int MTYPE_OFFSET = 120;
    public static final int MTYPE_STATUS_OFFSET = 128;
    public static final int PAYLOAD_STATUS_OFFSET = 132;
    public static final int PAYLOAD_LENGTH_OFFSET = 136;
    public static final int IPC_NS_OFFSET = 140;
    public static final int PAYLOAD_OFFSET = 144;
    /** RC_PAYLOAD_MAX. */
    public static final int PAYLOAD_CAPACITY = 256;
    public static final int LENGTH = 400;

    private MsgsndLayout()
    {
    }
}
