package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_msgctl} (native/src/bpf/ringcap_event.h): the record for
 * {@code msgctl(int msqid, int cmd, struct msqid_ds *buf)}, 272 bytes. *buf is read where the
 * kernel uses it: at entry for IPC_SET, at exit for the commands that write it (IPC_STAT, MSG_STAT,
 * MSG_STAT_ANY into ds; IPC_INFO, MSG_INFO into info) unless the call failed; buf_status says how.
 *
 * <pre>
 *    0  struct rc_header hdr              96 bytes, see {@link EventHeaderLayout}
 *   96  s32 msqid                         MSG_STAT, MSG_STAT_ANY: an index
 *  100  s32 cmd
 *  104  u64 buf                           user pointer
 *  112  u32 ipc_ns                        the caller's IPC namespace inode
 *  116  u32 buf_status                    {@link ReadStatus}; SKIPPED: cmd does not use buf, or the call failed
 *  120  struct rc_msqid_ds ds             see {@link MsqidDsLayout}
 *  240  struct rc_msginfo info            see {@link MsginfoLayout}
 *  272
 * </pre>
 */
public final class MsgctlLayout
{
    public static final int MSQID_OFFSET = 96;
    public static final int CMD_OFFSET = 100;
    public static final int BUF_OFFSET = 104;
    public static final int IPC_NS_OFFSET = 112;
    public static final int BUF_STATUS_OFFSET = 116;
    public static final int DS_OFFSET = 120;
    public static final int INFO_OFFSET = 240;
    public static final int LENGTH = 272;

    private MsgctlLayout()
    {
    }
}
