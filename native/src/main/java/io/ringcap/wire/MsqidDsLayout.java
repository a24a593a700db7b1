package io.ringcap.wire;

/**
 * Offsets inside {@code struct rc_msqid_ds} (native/src/bpf/ringcap_event.h): the x86_64
 * {@code struct msqid64_ds} (userspace's struct msqid_ds is the same 120 bytes) field for field, as
 * embedded in the msgctl record.
 *
 * <pre>
 *    0  s32 perm_key      msg_perm.key
 *    4  u32 perm_uid      msg_perm.uid: the owner
 *    8  u32 perm_gid
 *   12  u32 perm_cuid     the creator
 *   16  u32 perm_cgid
 *   20  u32 perm_mode     the low 9 bits are the permissions
 *   24  u16 perm_seq
 *   26  u16 perm_pad2
 *   28  u32 perm_pad3
 *   32  u64 perm_unused1
 *   40  u64 perm_unused2
 *   48  s64 stime         msg_stime: last msgsnd, seconds since the epoch
 *   56  s64 rtime         msg_rtime: last msgrcv
 *   64  s64 ctime         msg_ctime: creation or last IPC_SET
 *   72  u64 cbytes        bytes queued
 *   80  u64 qnum          messages queued
 *   88  u64 qbytes        the most bytes the queue holds
 *   96  s32 lspid         the last sender
 *  100  s32 lrpid         the last receiver
 *  104  u64 unused4
 *  112  u64 unused5
 *  120
 * </pre>
 */
public final class MsqidDsLayout
{
    public static final int PERM_KEY = 0;
    public static final int PERM_UID = 4;
    public static final int PERM_GID = 8;
    public static final int PERM_CUID = 12;
    public static final int PERM_CGID = 16;
    public static final int PERM_MODE = 20;
    public static final int PERM_SEQ = 24;
    public static final int PERM_PAD2 = 26;
    public static final int PERM_PAD3 = 28;
    public static final int PERM_UNUSED1 = 32;
    public static final int PERM_UNUSED2 = 40;
    public static final int STIME = 48;
    public static final int RTIME = 56;
    public static final int CTIME = 64;
    public static final int CBYTES = 72;
    public static final int QNUM = 80;
    public static final int QBYTES = 88;
    public static final int LSPID = 96;
    public static final int LRPID = 100;
    public static final int UNUSED4 = 104;
    public static final int UNUSED5 = 112;
    public static final int LENGTH = 120;

    private MsqidDsLayout()
    {
    }
}
