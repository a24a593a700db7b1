package io.ringcap.replay;

import io.ringcap.replay.decode.SigevNotify;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.ReadStatus;
import io.ringcap.wire.SigeventLayout;

/**
 * An {@code rc_mq_notify} record. Defaults: a successful mq_notify(3, &sev) asking for SIGUSR1 with
 * value 0x5eed, read alike at entry and exit, on queue inode {@link #MQ_INODE}, no cookie.
 */
public final class MqNotifyRecord extends RecordBuilder<MqNotifyRecord>
{
    public static final long MQ_INODE = 9876;
    public static final long SEVP = 0x7ffc63875620L;

    public MqNotifyRecord()
    {
        super(EventType.MQ_NOTIFY, MqNotifyLayout.LENGTH);
        mqdes(3);
        sevp(SEVP);
        sevStatus(ReadStatus.OK);
        sigevent(0x5eed, 10, SigevNotify.SIGEV_SIGNAL, 0, 0);
        mqInode(MQ_INODE);
        cookieStatus(ReadStatus.SKIPPED);
    }

    public MqNotifyRecord mqdes(final int mqdes)
    {
        return putInt(MqNotifyLayout.MQDES_OFFSET, mqdes);
    }

    public MqNotifyRecord sevStatus(final int status)
    {
        putInt(MqNotifyLayout.SEV_EXIT_STATUS_OFFSET, status);
        return putInt(MqNotifyLayout.SEV_STATUS_OFFSET, status);
    }

    public MqNotifyRecord sevp(final long sevp)
    {
        return putLong(MqNotifyLayout.SEVP_OFFSET, sevp);
    }

    /** Both readings, entry and exit, alike: no TOCTOU. */
    public MqNotifyRecord sigevent(final long value, final int signo, final int notify, final long union0, final long union1)
    {
        exitSigevent(value, signo, notify, union0, union1);
        return sigeventAt(MqNotifyLayout.SEV_OFFSET, value, signo, notify, union0, union1);
    }

    /** The exit reading alone. */
    public MqNotifyRecord exitSigevent(final long value, final int signo, final int notify, final long union0, final long union1)
    {
        return sigeventAt(MqNotifyLayout.SEV_EXIT_OFFSET, value, signo, notify, union0, union1);
    }

    public MqNotifyRecord exitStatus(final int status)
    {
        return putInt(MqNotifyLayout.SEV_EXIT_STATUS_OFFSET, status);
    }

    public MqNotifyRecord toctou(final boolean toctou)
    {
        return putInt(MqNotifyLayout.TOCTOU_OFFSET, toctou ? 1 : 0);
    }

    public MqNotifyRecord mqInode(final long mqInode)
    {
        return putLong(MqNotifyLayout.MQ_INODE_OFFSET, mqInode);
    }

    public MqNotifyRecord cookieStatus(final int status)
    {
        return putInt(MqNotifyLayout.COOKIE_STATUS_OFFSET, status);
    }

    public MqNotifyRecord cookie(final byte[] cookie)
    {
        cookieStatus(ReadStatus.OK);
        return putBytes(MqNotifyLayout.COOKIE_OFFSET, MqNotifyLayout.COOKIE_LENGTH, cookie);
    }

    /** NULL sevp, as the BPF program records it: nothing read, sev zero. */
    public MqNotifyRecord nullSevp()
    {
        sevp(0);
        sevStatus(ReadStatus.NULL);
        return sigevent(0, 0, 0, 0, 0);
    }

    /** An unreadable sevp: garbage left in sev must not be shown. */
    public MqNotifyRecord faultedSevp(final long sevp)
    {
        sevp(sevp);
        sevStatus(ReadStatus.FAULT);
        return sigevent(0x6a6a6a6aL, 77, 9, 0x1111, 0x2222);
    }

    private MqNotifyRecord sigeventAt(
        final int at, final long value, final int signo, final int notify, final long union0, final long union1)
    {
        putLong(at + SigeventLayout.VALUE, value);
        putInt(at + SigeventLayout.SIGNO, signo);
        putInt(at + SigeventLayout.NOTIFY, notify);
        putLong(at + SigeventLayout.UNION0, union0);
        return putLong(at + SigeventLayout.UNION1, union1);
    }
}
