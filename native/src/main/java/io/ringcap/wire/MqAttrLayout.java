package io.ringcap.wire;

/**
 * Offsets inside {@code struct rc_mq_attr} (native/src/bpf/ringcap_event.h): the four longs of
 * userspace {@code struct mq_attr}, 32 bytes, as embedded in the mq_open and mq_getsetattr records.
 *
 * <pre>
 *   0  s64 flags      mq_flags: 0 or O_NONBLOCK
 *   8  s64 maxmsg     mq_maxmsg
 *  16  s64 msgsize    mq_msgsize
 *  24  s64 curmsgs    mq_curmsgs
 *  32
 * </pre>
 */
public final class MqAttrLayout
{
    public static final int FLAGS = 0;
    public static final int MAXMSG = 8;
    public static final int MSGSIZE = 16;
    public static final int CURMSGS = 24;
    public static final int LENGTH = 32;

    private MqAttrLayout()
    {
    }
}
