package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_mq_notify_delivered} (native/src/bpf/ringcap_event.h): a message-queue
 * notification sent as a signal (si_code SI_MESGQ), 120 bytes. The header is the sender's context;
 * entry_ns == exit_ns; retval is the signal generate result (0 delivered, 1 ignored, 2 pending, ...).
 *
 * <pre>
 *    0  struct rc_header hdr    96 bytes, the sender
 *   96  u32 target_pid          host tgid of the notified process
 *  100  s32 signo
 *  104  s32 si_code             SI_MESGQ (-3)
 *  108  s32 sender_mqdes        the sender's descriptor, -1 if unknown
 *  112  u64 mq_inode            the queue, 0 if unknown: links to the mq_notify registration
 *  120
 * </pre>
 */
public final class MqNotifyDeliveredLayout
{
    public static final int TARGET_PID_OFFSET = 96;
    public static final int SIGNO_OFFSET = 100;
    public static final int SI_CODE_OFFSET = 104;
    public static final int SENDER_MQDES_OFFSET = 108;
    public static final int MQ_INODE_OFFSET = 112;
    public static final int LENGTH = 120;

    private MqNotifyDeliveredLayout()
    {
    }
}
