package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_mq_timedreceive} (native/src/bpf/ringcap_event.h): the record for
 * {@code mq_timedreceive(mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned *msg_prio,
 * const struct timespec *abs_timeout)}, 432 bytes. The arguments are read at syscall entry; what
 * the kernel wrote back (*msg_prio, the message) at exit. retval is the message's length or -errno.
 *
 * <pre>
 *    0  struct rc_header hdr              96 bytes, see {@link EventHeaderLayout}
 *   96  s32 mqdes
 *  100  u32 msg_prio                      *msg_prio as written back, valid when prio_status == OK
 *  104  u64 msg_ptr
 *  112  u64 msg_len                       the buffer's size
 *  120  u64 msg_prio_ptr
 *  128  u64 abs_timeout_ptr               0 for NULL: block forever
 *  136  u32 prio_status                   {@link ReadStatus}: SKIPPED when the call failed
 *  140  u32 timeout_status
 *  144  struct rc_timespec abs_timeout    CLOCK_REALTIME, see {@link TimespecLayout}
 *  160  u64 mq_inode                      the queue's inode, 0 when mqdes is not an open message queue
 *  168  u32 payload_status                SKIPPED when --payload-bytes is 0 or the call failed
 *  172  u32 payload_len                   message bytes kept: min(--payload-bytes, retval)
 *  176  u8 payload[256]                   the received message's first bytes, binary
 *  432
 * </pre>
 */
public final class MqTimedReceiveLayout
{
    public static final int MQDES_OFFSET = 96;
    public static final int MSG_PRIO_OFFSET = 100;
    public static final int MSG_PTR_OFFSET = 104;
    public static final int MSG_LEN_OFFSET = 112;
    public static final int MSG_PRIO_PTR_OFFSET = 120;
    public static final int ABS_TIMEOUT_PTR_OFFSET = 128;
    public static final int PRIO_STATUS_OFFSET = 136;
    public static final int TIMEOUT_STATUS_OFFSET = 140;
    public static final int ABS_TIMEOUT_OFFSET = 144;
    public static final int MQ_INODE_OFFSET = 160;
    public static final int PAYLOAD_STATUS_OFFSET = 168;
    public static final int PAYLOAD_LENGTH_OFFSET = 172;
    public static final int PAYLOAD_OFFSET = 176;
    /** RC_PAYLOAD_MAX. */
    public static final int PAYLOAD_CAPACITY = 256;
    public static final int LENGTH = 432;

    public static final int ABS_TIMEOUT_SEC_OFFSET = ABS_TIMEOUT_OFFSET + TimespecLayout.SEC;
    public static final int ABS_TIMEOUT_NSEC_OFFSET = ABS_TIMEOUT_OFFSET + TimespecLayout.NSEC;

    private MqTimedReceiveLayout()
    {
    }
}
