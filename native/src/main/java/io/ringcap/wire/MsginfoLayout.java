package io.ringcap.wire;

/**
 * Offsets inside {@code struct rc_msginfo} (native/src/bpf/ringcap_event.h): the kernel's
 * {@code struct msginfo} that msgctl's IPC_INFO and MSG_INFO write, 30 bytes and 2 of padding.
 *
 * <pre>
 *   0  s32 msgpool
 *   4  s32 msgmap
 *   8  s32 msgmax
 *  12  s32 msgmnb
 *  16  s32 msgmni
 *  20  s32 msgssz
 *  24  s32 msgtql
 *  28  u16 msgseg
 *  30  u16 reserved
 *  32
 * </pre>
 */
public final class MsginfoLayout
{
    public static final int MSGPOOL = 0;
    public static final int MSGMAP = 4;
    public static final int MSGMAX = 8;
    public static final int MSGMNB = 12;
    public static final int MSGMNI = 16;
    public static final int MSGSSZ = 20;
    public static final int MSGTQL = 24;
    public static final int MSGSEG = 28;
    public static final int RESERVED = 30;
    public static final int LENGTH = 32;

    private MsginfoLayout()
    {
    }
}
