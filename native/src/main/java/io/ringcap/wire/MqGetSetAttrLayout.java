package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_mq_getsetattr} (native/src/bpf/ringcap_event.h): the record for
 * {@code mq_getsetattr(mqd_t mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr)},
 * 200 bytes. *newattr is read at syscall entry, *oldattr (written by the kernel) at exit.
 *
 * <pre>
 *    0  struct rc_header hdr          96 bytes, see {@link EventHeaderLayout}
 *   96  s32 mqdes
 *  100  u32 newattr_status            {@link ReadStatus}
 *  104  u64 newattr_ptr               0 for NULL: only get
 *  112  u64 oldattr_ptr               0 for NULL: only set
 *  120  u32 oldattr_status            SKIPPED when the call failed
 *  124  u32 reserved                  0
 *  128  struct rc_mq_attr newattr     see {@link MqAttrLayout}; only mq_flags is used by the kernel
 *  160  struct rc_mq_attr oldattr     the attributes before the call
 *  192  u64 mq_inode                  the queue's inode, 0 when mqdes is not an open message queue
 *  200
 * </pre>
 */
public final class MqGetSetAttrLayout
{
    public static final int MQDES_OFFSET = 96;
    public static final int NEWATTR_STATUS_OFFSET = 100;
    public static final int NEWATTR_PTR_OFFSET = 104;
    public static final int OLDATTR_PTR_OFFSET = 112;
    public static final int OLDATTR_STATUS_OFFSET = 120;
    public static final int RESERVED_OFFSET = 124;
    public static final int NEWATTR_OFFSET = 128;
    public static final int OLDATTR_OFFSET = 160;
    public static final int MQ_INODE_OFFSET = 192;
    public static final int LENGTH = 200;

    private MqGetSetAttrLayout()
    {
    }
}
