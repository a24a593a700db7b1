package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_msgrcv} (native/src/bpf/ringcap_event.h): the record for
 * {@code msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg)}, 408 bytes. The
 * received message (its mtype and the first bytes of its retval text bytes) is read at exit,
 * unless the call failed (then SKIPPED).
 *
 * <pre>
 *    0  struct rc_header hdr              96 bytes, see {@link EventHeaderLayout}
 *   96  s32 msqid
 *  100  s32 msgflg                        IPC_NOWAIT, MSG_NOERROR, MSG_EXCEPT, MSG_COPY
 *  104  u64 msgp
 *  112  u64 msgsz                         the most text bytes to receive
 *  120  s64 msgtyp                        MSG_COPY: the index
 *  128  u32 ipc_ns                        the caller's IPC namespace inode
 *  132  u32 mtype_status                  exit: {@link ReadStatus} of msgp->mtype
 *  136  s64 mtype                         exit: the received message's type
 *  144  u32 payload_status                exit: SKIPPED when --payload-bytes is 0 or the call failed
 *  148  u32 payload_len                   text bytes kept: min(--payload-bytes, retval)
 *  152  u8 payload[256]                   the received text's first bytes, binary
 *  408
 * </pre>
 */
public final class MsgrcvLayout
{
    public static final int MSQID_OFFSET = 96;
    public static final int MSGFLG_OFFSET = 100;
    public static final int MSGP_OFFSET = 104;
    public static final int MSGSZ_OFFSET = 112;
    public static final int MSGTYP_OFFSET = 120;
    public static final int IPC_NS_OFFSET = 128;
    public static final int MTYPE_STATUS_OFFSET = 132;
    public static final int MTYPE_OFFSET = 136;
    public static final int PAYLOAD_STATUS_OFFSET = 144;
    public static final int PAYLOAD_LENGTH_OFFSET = 148;
    public static final int PAYLOAD_OFFSET = 152;
    /** RC_PAYLOAD_MAX. */
    public static final int PAYLOAD_CAPACITY = 256;
    public static final int LENGTH = 408;

    private MsgrcvLayout()
    {
    }
}
