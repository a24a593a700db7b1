package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_mq_timedsend} (native/src/bpf/ringcap_event.h): the record for
 * {@code mq_timedsend(mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned msg_prio,
 * const struct timespec *abs_timeout)}, 424 bytes. Everything is read at syscall entry, where the
 * kernel copies the message.
 *
 * <pre>
 *    0  struct rc_header hdr              96 bytes, see {@link EventHeaderLayout}
 *   96  s32 mqdes
 *  100  u32 msg_prio
 *  104  u64 msg_ptr
 *  112  u64 msg_len
 *  120  u64 abs_timeout_ptr               0 for NULL: block forever
 *  128  u32 timeout_status                {@link ReadStatus}
 *  132  u32 payload_status                SKIPPED when --payload-bytes is 0
 *  136  struct rc_timespec abs_timeout    CLOCK_REALTIME, see {@link TimespecLayout}
 *  152  u64 mq_inode                      the queue's inode, 0 when mqdes is not an open message queue
 *  160  u32 payload_len                   message bytes kept: min(--payload-bytes, msg_len)
 *  164  u32 reserved                      0
 *  168  u8 payload[256]                   the message's first bytes, binary
 *  424
 * </pre>
 */
public final class MqTimedSendLayout
{
    public static final int MQDES_OFFSET = 96;
    public static final int MSG_PRIO_OFFSET = 100;
    public static final int MSG_PTR_OFFSET = 104;
    public static final int MSG_LEN_OFFSET = 112;
    public static final int ABS_TIMEOUT_PTR_OFFSET = 120;
    public static final int TIMEOUT_STATUS_OFFSET = 128;
    public static final int PAYLOAD_STATUS_OFFSET = 132;
    public static final int ABS_TIMEOUT_OFFSET = 136;
    public static final int MQ_INODE_OFFSET = 152;
    public static final int PAYLOAD_LENGTH_OFFSET = 160;
    public static final int RESERVED_OFFSET = 164;
    public static final int PAYLOAD_OFFSET = 168;
    /** RC_PAYLOAD_MAX. */
    public static final int PAYLOAD_CAPACITY = 256;
    public static final int LENGTH = 424;

    public static final int ABS_TIMEOUT_SEC_OFFSET = ABS_TIMEOUT_OFFSET + TimespecLayout.SEC;
    public static final int ABS_TIMEOUT_NSEC_OFFSET = ABS_TIMEOUT_OFFSET + TimespecLayout.NSEC;

    private MqTimedSendLayout()
    {
    }
}
