package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_mq_notify} (native/src/bpf/ringcap_event.h): the record for
 * {@code mq_notify(mqd_t mqdes, const struct sigevent *sevp)}, 120 bytes.
 *
 * <pre>
 *    0  struct rc_header hdr           72 bytes, see {@link EventHeaderLayout}
 *   72  s32 mqdes
 *   76  u32 sev_status                 {@link ReadStatus}: how *sevp was read at entry
 *   80  u64 sevp                       the user pointer, 0 for NULL
 *   88  struct rc_sigevent sev         valid only when sev_status == READ_OK
 *        88  u64 value                 sigev_value
 *        96  s32 signo                 sigev_signo
 *       100  s32 notify                sigev_notify
 *       104  u64 union0                _sigev_un: _tid (SIGEV_THREAD_ID) or _function
 *       112  u64 union1                _sigev_un: _attribute (SIGEV_THREAD)
 *  120
 * </pre>
 */
public final class MqNotifyLayout
{
    public static final int MQDES_OFFSET = 72;
    public static final int SEV_STATUS_OFFSET = 76;
    public static final int SEVP_OFFSET = 80;
    public static final int SEV_OFFSET = 88;
    public static final int SEV_VALUE_OFFSET = SEV_OFFSET;
    public static final int SEV_SIGNO_OFFSET = SEV_OFFSET + 8;
    public static final int SEV_NOTIFY_OFFSET = SEV_OFFSET + 12;
    public static final int SEV_UNION0_OFFSET = SEV_OFFSET + 16;
    public static final int SEV_UNION1_OFFSET = SEV_OFFSET + 24;
    public static final int SIGEVENT_LENGTH = 32;
    public static final int LENGTH = 120;

    private MqNotifyLayout()
    {
    }
}
