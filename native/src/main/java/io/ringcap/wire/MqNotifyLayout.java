package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_mq_notify} (native/src/bpf/ringcap_event.h): the record for
 * {@code mq_notify(mqd_t mqdes, const struct sigevent *sevp)}, 232 bytes.
 *
 * <pre>
 *    0  struct rc_header hdr           96 bytes, see {@link EventHeaderLayout}
 *   96  s32 mqdes
 *  100  u32 sev_status                 {@link ReadStatus}: how *sevp was read at entry
 *  104  u64 sevp                       the user pointer, 0 for NULL
 *  112  struct rc_sigevent sev         *sevp at entry, valid when sev_status == OK
 *        +0  u64 value                 sigev_value
 *        +8  s32 signo                 sigev_signo
 *       +12  s32 notify                sigev_notify
 *       +16  u64 union0                _sigev_un: _tid (SIGEV_THREAD_ID) or _function
 *       +24  u64 union1                _sigev_un: _attribute (SIGEV_THREAD)
 *  144  u32 sev_exit_status            *sevp read again at exit
 *  148  u32 toctou                     1: the exit reading differs from the entry reading
 *  152  struct rc_sigevent sev_exit
 *  184  u64 mq_inode                   the queue's inode, 0 when mqdes is not an open message queue
 *  192  u32 cookie_status              SIGEV_THREAD: the 32-byte cookie at sival_ptr
 *  196  u32 reserved
 *  200  u8 cookie[32]
 *  232
 * </pre>
 */
public final class MqNotifyLayout
{
    public static final int MQDES_OFFSET = 96;
    public static final int SEV_STATUS_OFFSET = 100;
    public static final int SEVP_OFFSET = 104;
    public static final int SEV_OFFSET = 112;
    public static final int SEV_EXIT_STATUS_OFFSET = 144;
    public static final int TOCTOU_OFFSET = 148;
    public static final int SEV_EXIT_OFFSET = 152;
    public static final int MQ_INODE_OFFSET = 184;
    public static final int COOKIE_STATUS_OFFSET = 192;
    public static final int COOKIE_OFFSET = 200;
    public static final int COOKIE_LENGTH = 32;
    public static final int LENGTH = 232;

    /** Offsets inside {@code struct rc_sigevent}, for both readings. */
    public static final int SIGEVENT_VALUE = 0;
    public static final int SIGEVENT_SIGNO = 8;
    public static final int SIGEVENT_NOTIFY = 12;
    public static final int SIGEVENT_UNION0 = 16;
    public static final int SIGEVENT_UNION1 = 24;
    public static final int SIGEVENT_LENGTH = 32;

    public static final int SEV_VALUE_OFFSET = SEV_OFFSET + SIGEVENT_VALUE;
    public static final int SEV_SIGNO_OFFSET = SEV_OFFSET + SIGEVENT_SIGNO;
    public static final int SEV_NOTIFY_OFFSET = SEV_OFFSET + SIGEVENT_NOTIFY;
    public static final int SEV_UNION0_OFFSET = SEV_OFFSET + SIGEVENT_UNION0;
    public static final int SEV_UNION1_OFFSET = SEV_OFFSET + SIGEVENT_UNION1;

    private MqNotifyLayout()
    {
    }
}
