package io.ringcap.replay;

import io.ringcap.wire.EventType;
import io.ringcap.wire.GapLayout;
import io.ringcap.wire.MqAttrLayout;
import io.ringcap.wire.MqGetSetAttrLayout;
import io.ringcap.wire.MqNotifyDeliveredLayout;
import io.ringcap.wire.MqOpenLayout;
import io.ringcap.wire.MqTimedReceiveLayout;
import io.ringcap.wire.MqTimedSendLayout;
import io.ringcap.wire.MqUnlinkLayout;
import io.ringcap.wire.ProcessExecLayout;
import io.ringcap.wire.ReadStatus;
import io.ringcap.wire.TimespecLayout;
import java.nio.charset.StandardCharsets;

/**
 * Builders for every record type but mq_notify ({@link MqNotifyRecord}), with defaults that describe
 * one ordinary successful call each by the process of {@link RecordBuilder}'s header, on queue
 * {@link MqNotifyRecord#MQ_INODE}.
 */
public final class Records
{
    public static final int IPC_NS = 0xF000_0200;
    public static final int MSG_KEY = 0x5243_0001;
    public static final int MSQID = 32768;

    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NONBLOCK = 04000;

    private Records()
    {
    }

    /** mq_open("ringcap-q", O_RDWR|O_CREAT|O_EXCL, 0640, {maxmsg 4, msgsize 64}) = 3. */
    public static final class MqOpen extends RecordBuilder<MqOpen>
    {
        public MqOpen()
        {
            super(EventType.MQ_OPEN, MqOpenLayout.LENGTH);
            retval(3);
            putLong(MqOpenLayout.NAME_PTR_OFFSET, 0x7ffd_0000_1000L);
            name("ringcap-q");
            oflag(O_RDWR | O_CREAT | O_EXCL);
            mode(0640);
            putLong(MqOpenLayout.ATTR_PTR_OFFSET, 0x7ffd_0000_2000L);
            attr(ReadStatus.OK, 0, 4, 64, 0);
        }

        public MqOpen name(final String name)
        {
            return name(ReadStatus.OK, name.getBytes(StandardCharsets.UTF_8));
        }

        /** As the BPF program writes a string it read whole (OK), or did not read (NULL, FAULT: lengths 0). */
        public MqOpen name(final int status, final byte[] name)
        {
            return name(status, name, status == ReadStatus.OK ? name.length : 0);
        }

        /**
         * @param fullLength the string's whole length as the BPF program measured it: for TRUNCATED,
         *                   longer than the bytes kept, ReadStatus.STRING_LENGTH_MAX or _UNKNOWN.
         */
        public MqOpen name(final int status, final byte[] name, final long fullLength)
        {
            putInt(MqOpenLayout.NAME_STATUS_OFFSET, status);
            putInt(MqOpenLayout.NAME_LENGTH_OFFSET, name.length);
            putInt(MqOpenLayout.NAME_FULL_LENGTH_OFFSET, (int)fullLength);
            return putBytes(MqOpenLayout.NAME_OFFSET, MqOpenLayout.NAME_CAPACITY, name);
        }

        public MqOpen oflag(final int oflag)
        {
            return putInt(MqOpenLayout.OFLAG_OFFSET, oflag);
        }

        public MqOpen mode(final int mode)
        {
            return putInt(MqOpenLayout.MODE_OFFSET, mode);
        }

        public MqOpen attr(final int status, final long flags, final long maxmsg, final long msgsize, final long curmsgs)
        {
            putInt(MqOpenLayout.ATTR_STATUS_OFFSET, status);
            if (status == ReadStatus.NULL)
            {
                putLong(MqOpenLayout.ATTR_PTR_OFFSET, 0);
            }
            return Records.attr(this, MqOpenLayout.ATTR_OFFSET, flags, maxmsg, msgsize, curmsgs);
        }
    }

    /** mq_unlink("ringcap-q") = 0. */
    public static final class MqUnlink extends RecordBuilder<MqUnlink>
    {
        public MqUnlink()
        {
            super(EventType.MQ_UNLINK, MqUnlinkLayout.LENGTH);
            putLong(MqUnlinkLayout.NAME_PTR_OFFSET, 0x7ffd_0000_1000L);
            name(ReadStatus.OK, "ringcap-q".getBytes(StandardCharsets.UTF_8));
        }

        /** As the BPF program writes a string it read whole (OK), or did not read (NULL, FAULT: lengths 0). */
        public MqUnlink name(final int status, final byte[] name)
        {
            return name(status, name, status == ReadStatus.OK ? name.length : 0);
        }

        /**
         * @param fullLength the string's whole length as the BPF program measured it: for TRUNCATED,
         *                   longer than the bytes kept, ReadStatus.STRING_LENGTH_MAX or _UNKNOWN.
         */
        public MqUnlink name(final int status, final byte[] name, final long fullLength)
        {
            putInt(MqUnlinkLayout.NAME_STATUS_OFFSET, status);
            putInt(MqUnlinkLayout.NAME_LENGTH_OFFSET, name.length);
            putInt(MqUnlinkLayout.NAME_FULL_LENGTH_OFFSET, (int)fullLength);
            return putBytes(MqUnlinkLayout.NAME_OFFSET, MqUnlinkLayout.NAME_CAPACITY, name);
        }
    }

    /** mq_timedsend(3, msg, 5, 7, NULL) = 0, payload not kept. */
    public static final class MqTimedSend extends RecordBuilder<MqTimedSend>
    {
        public MqTimedSend()
        {
            super(EventType.MQ_TIMEDSEND, MqTimedSendLayout.LENGTH);
            putInt(MqTimedSendLayout.MQDES_OFFSET, 3);
            putInt(MqTimedSendLayout.MSG_PRIO_OFFSET, 7);
            putLong(MqTimedSendLayout.MSG_PTR_OFFSET, 0x7ffd_0000_3000L);
            putLong(MqTimedSendLayout.MSG_LEN_OFFSET, 5);
            timeout(0, ReadStatus.NULL, 0, 0);
            putLong(MqTimedSendLayout.MQ_INODE_OFFSET, MqNotifyRecord.MQ_INODE);
            putInt(MqTimedSendLayout.PAYLOAD_STATUS_OFFSET, ReadStatus.SKIPPED);
        }

        public MqTimedSend msgLen(final long msgLen)
        {
            return putLong(MqTimedSendLayout.MSG_LEN_OFFSET, msgLen);
        }

        public MqTimedSend timeout(final long pointer, final int status, final long sec, final long nsec)
        {
            putLong(MqTimedSendLayout.ABS_TIMEOUT_PTR_OFFSET, pointer);
            putInt(MqTimedSendLayout.TIMEOUT_STATUS_OFFSET, status);
            putLong(MqTimedSendLayout.ABS_TIMEOUT_OFFSET + TimespecLayout.SEC, sec);
            return putLong(MqTimedSendLayout.ABS_TIMEOUT_OFFSET + TimespecLayout.NSEC, nsec);
        }

        public MqTimedSend payload(final int status, final byte[] payload)
        {
            putInt(MqTimedSendLayout.PAYLOAD_STATUS_OFFSET, status);
            putInt(MqTimedSendLayout.PAYLOAD_LENGTH_OFFSET, payload.length);
            return putBytes(MqTimedSendLayout.PAYLOAD_OFFSET, MqTimedSendLayout.PAYLOAD_CAPACITY, payload);
        }
    }

    /** mq_timedreceive(3, buf, 64, &prio, NULL) = 5 with prio 7 written back, payload not kept. */
    public static final class MqTimedReceive extends RecordBuilder<MqTimedReceive>
    {
        public MqTimedReceive()
        {
            super(EventType.MQ_TIMEDRECEIVE, MqTimedReceiveLayout.LENGTH);
            retval(5);
            putInt(MqTimedReceiveLayout.MQDES_OFFSET, 3);
            putLong(MqTimedReceiveLayout.MSG_PTR_OFFSET, 0x7ffd_0000_4000L);
            putLong(MqTimedReceiveLayout.MSG_LEN_OFFSET, 64);
            prio(0x7ffd_0000_5000L, ReadStatus.OK, 7);
            timeout(0, ReadStatus.NULL, 0, 0);
            putLong(MqTimedReceiveLayout.MQ_INODE_OFFSET, MqNotifyRecord.MQ_INODE);
            putInt(MqTimedReceiveLayout.PAYLOAD_STATUS_OFFSET, ReadStatus.SKIPPED);
        }

        public MqTimedReceive prio(final long pointer, final int status, final int prio)
        {
            putLong(MqTimedReceiveLayout.MSG_PRIO_PTR_OFFSET, pointer);
            putInt(MqTimedReceiveLayout.PRIO_STATUS_OFFSET, status);
            return putInt(MqTimedReceiveLayout.MSG_PRIO_OFFSET, prio);
        }

        public MqTimedReceive timeout(final long pointer, final int status, final long sec, final long nsec)
        {
            putLong(MqTimedReceiveLayout.ABS_TIMEOUT_PTR_OFFSET, pointer);
            putInt(MqTimedReceiveLayout.TIMEOUT_STATUS_OFFSET, status);
            putLong(MqTimedReceiveLayout.ABS_TIMEOUT_OFFSET + TimespecLayout.SEC, sec);
            return putLong(MqTimedReceiveLayout.ABS_TIMEOUT_OFFSET + TimespecLayout.NSEC, nsec);
        }

        public MqTimedReceive payload(final int status, final byte[] payload)
        {
            putInt(MqTimedReceiveLayout.PAYLOAD_STATUS_OFFSET, status);
            putInt(MqTimedReceiveLayout.PAYLOAD_LENGTH_OFFSET, payload.length);
            return putBytes(MqTimedReceiveLayout.PAYLOAD_OFFSET, MqTimedReceiveLayout.PAYLOAD_CAPACITY, payload);
        }
    }

    /** mq_getsetattr(3, NULL, &old) = 0, old {flags 0, maxmsg 4, msgsize 64, curmsgs 1}: glibc's mq_getattr. */
    public static final class MqGetSetAttr extends RecordBuilder<MqGetSetAttr>
    {
        public MqGetSetAttr()
        {
            super(EventType.MQ_GETSETATTR, MqGetSetAttrLayout.LENGTH);
            putInt(MqGetSetAttrLayout.MQDES_OFFSET, 3);
            newattr(0, ReadStatus.NULL, 0, 0, 0, 0);
            oldattr(0x7ffd_0000_6000L, ReadStatus.OK, 0, 4, 64, 1);
            putLong(MqGetSetAttrLayout.MQ_INODE_OFFSET, MqNotifyRecord.MQ_INODE);
        }

        public MqGetSetAttr newattr(final long pointer, final int status, final long flags, final long maxmsg,
            final long msgsize, final long curmsgs)
        {
            putLong(MqGetSetAttrLayout.NEWATTR_PTR_OFFSET, pointer);
            putInt(MqGetSetAttrLayout.NEWATTR_STATUS_OFFSET, status);
            return Records.attr(this, MqGetSetAttrLayout.NEWATTR_OFFSET, flags, maxmsg, msgsize, curmsgs);
        }

        public MqGetSetAttr oldattr(final long pointer, final int status, final long flags, final long maxmsg,
            final long msgsize, final long curmsgs)
        {
            putLong(MqGetSetAttrLayout.OLDATTR_PTR_OFFSET, pointer);
            putInt(MqGetSetAttrLayout.OLDATTR_STATUS_OFFSET, status);
            return Records.attr(this, MqGetSetAttrLayout.OLDATTR_OFFSET, flags, maxmsg, msgsize, curmsgs);
        }
    }

    /**
     * SIGUSR1 sent (generate result 0) to {@link RecordBuilder#HOST_PID} for queue
     * {@link MqNotifyRecord#MQ_INODE}, by a sender (the header) whose mq_timedsend used descriptor 3.
     */
    public static final class MqNotifyDelivered extends RecordBuilder<MqNotifyDelivered>
    {
        public MqNotifyDelivered()
        {
            super(EventType.MQ_NOTIFY_DELIVERED, MqNotifyDeliveredLayout.LENGTH);
            exitNs(ENTRY_NS);
            target(HOST_PID, MqNotifyRecord.MQ_INODE);
            putInt(MqNotifyDeliveredLayout.SIGNO_OFFSET, 10);
            putInt(MqNotifyDeliveredLayout.SI_CODE_OFFSET, -3);
            putInt(MqNotifyDeliveredLayout.SENDER_MQDES_OFFSET, 3);
        }

        /** Both timestamps: a signal is generated in an instant. */
        public MqNotifyDelivered at(final long bootNs)
        {
            entryNs(bootNs);
            return exitNs(bootNs);
        }

        public MqNotifyDelivered target(final int targetPid, final long mqInode)
        {
            putInt(MqNotifyDeliveredLayout.TARGET_PID_OFFSET, targetPid);
            return putLong(MqNotifyDeliveredLayout.MQ_INODE_OFFSET, mqInode);
        }

        public MqNotifyDelivered signo(final int signo)
        {
            return putInt(MqNotifyDeliveredLayout.SIGNO_OFFSET, signo);
        }

        public MqNotifyDelivered senderMqdes(final int mqdes)
        {
            return putInt(MqNotifyDeliveredLayout.SENDER_MQDES_OFFSET, mqdes);
        }
    }

    /** The process exec'd /usr/bin/mq_notify_cases. */
    public static final class ProcessExec extends RecordBuilder<ProcessExec>
    {
        public ProcessExec()
        {
            super(EventType.PROCESS_EXEC, ProcessExecLayout.LENGTH);
            filename("/usr/bin/mq_notify_cases");
        }

        public ProcessExec filename(final String filename)
        {
            return filename(ReadStatus.OK, filename.getBytes(StandardCharsets.UTF_8));
        }

        /** As the BPF program writes a string it read whole (OK), or did not read (NULL, FAULT: lengths 0). */
        public ProcessExec filename(final int status, final byte[] filename)
        {
            return filename(status, filename, status == ReadStatus.OK ? filename.length : 0);
        }

        /**
         * @param fullLength the string's whole length as the BPF program measured it: for TRUNCATED,
         *                   longer than the bytes kept, ReadStatus.STRING_LENGTH_MAX or _UNKNOWN.
         */
        public ProcessExec filename(final int status, final byte[] filename, final long fullLength)
        {
            putInt(ProcessExecLayout.FILENAME_STATUS_OFFSET, status);
            putInt(ProcessExecLayout.FILENAME_LENGTH_OFFSET, filename.length);
            putInt(ProcessExecLayout.FILENAME_FULL_LENGTH_OFFSET, (int)fullLength);
            return putBytes(ProcessExecLayout.FILENAME_OFFSET, ProcessExecLayout.FILENAME_CAPACITY, filename);
        }
    }

    /**
     * A gap as rc_report_gap writes it: 1234 events lost on CPU 1, the first at ENTRY_NS, the last
     * 0.5 ms later, reported 0.1 ms after that; no task (ids 0, comm "").
     */
    public static final class Gap extends RecordBuilder<Gap>
    {
        public Gap()
        {
            super(EventType.GAP, GapLayout.LENGTH);
            cpu(1).hostPid(0).hostTid(0).hostPpid(0).pid(0).tid(0).ppid(0).uid(0).gid(0).cgroupId(0).mntNs(0).pidNs(0)
                .comm("");
            range(ENTRY_NS, ENTRY_NS + 500_000);
            dropped(1234);
        }

        public Gap dropped(final long dropped)
        {
            return putLong(GapLayout.DROPPED_OFFSET, dropped);
        }

        /** First and last drop; the header's entry_ns is the first, exit_ns 0.1 ms after the last. */
        public Gap range(final long firstNs, final long lastNs)
        {
            entryNs(firstNs);
            exitNs(lastNs + 100_000);
            putLong(GapLayout.FIRST_NS_OFFSET, firstNs);
            return putLong(GapLayout.LAST_NS_OFFSET, lastNs);
        }
    }

    // ---- SysV message queues: defaults are the calls of a queue created and used by one process.

    /** msgget(0x52430001, IPC_CREAT|IPC_EXCL|0600) = 32768. */
    static final class Msgget extends RecordBuilder<Msgget>
    {
        public Msgget()
        {
            super(EventType.MSGGET, io.ringcap.wire.MsggetLayout.LENGTH);
            key(MSG_KEY).msgflg(01000 | 02000 | 0600).retval(MSQID);
            putInt(io.ringcap.wire.MsggetLayout.IPC_NS_OFFSET, IPC_NS);
        }

        public Msgget key(final int key)
        {
            return putInt(io.ringcap.wire.MsggetLayout.KEY_OFFSET, key);
        }

        public Msgget msgflg(final int msgflg)
        {
            return putInt(io.ringcap.wire.MsggetLayout.MSGFLG_OFFSET, msgflg);
        }
    }

    /** msgsnd(32768, {mtype 7, "hello"}, 5, IPC_NOWAIT) = 0, mtype read, the text not kept (--payload-bytes 0). */
    static final class Msgsnd extends RecordBuilder<Msgsnd>
    {
        public Msgsnd()
        {
            super(EventType.MSGSND, io.ringcap.wire.MsgsndLayout.LENGTH);
            putInt(io.ringcap.wire.MsgsndLayout.MSQID_OFFSET, MSQID);
            putInt(io.ringcap.wire.MsgsndLayout.MSGFLG_OFFSET, 04000);
            putLong(io.ringcap.wire.MsgsndLayout.MSGP_OFFSET, 0x7ffd_0000_5000L);
            putLong(io.ringcap.wire.MsgsndLayout.MSGSZ_OFFSET, 5);
            putInt(io.ringcap.wire.MsgsndLayout.IPC_NS_OFFSET, IPC_NS);
            mtype(ReadStatus.OK, 7);
            putInt(io.ringcap.wire.MsgsndLayout.PAYLOAD_STATUS_OFFSET, ReadStatus.SKIPPED);
        }

        public Msgsnd mtype(final int status, final long mtype)
        {
            putInt(io.ringcap.wire.MsgsndLayout.MTYPE_STATUS_OFFSET, status);
            return putLong(io.ringcap.wire.MsgsndLayout.MTYPE_OFFSET, mtype);
        }

        public Msgsnd payload(final int status, final byte[] payload)
        {
            putInt(io.ringcap.wire.MsgsndLayout.PAYLOAD_STATUS_OFFSET, status);
            putInt(io.ringcap.wire.MsgsndLayout.PAYLOAD_LENGTH_OFFSET, payload.length);
            return putBytes(io.ringcap.wire.MsgsndLayout.PAYLOAD_OFFSET, io.ringcap.wire.MsgsndLayout.PAYLOAD_CAPACITY,
                payload);
        }
    }

    /** msgrcv(32768, buf, 64, -5, MSG_NOERROR) = 5, {mtype 3, "hello"} written back, the text not kept. */
    static final class Msgrcv extends RecordBuilder<Msgrcv>
    {
        public Msgrcv()
        {
            super(EventType.MSGRCV, io.ringcap.wire.MsgrcvLayout.LENGTH);
            putInt(io.ringcap.wire.MsgrcvLayout.MSQID_OFFSET, MSQID);
            putInt(io.ringcap.wire.MsgrcvLayout.MSGFLG_OFFSET, 010000);
            putLong(io.ringcap.wire.MsgrcvLayout.MSGP_OFFSET, 0x7ffd_0000_6000L);
            putLong(io.ringcap.wire.MsgrcvLayout.MSGSZ_OFFSET, 64);
            putLong(io.ringcap.wire.MsgrcvLayout.MSGTYP_OFFSET, -5);
            putInt(io.ringcap.wire.MsgrcvLayout.IPC_NS_OFFSET, IPC_NS);
            mtype(ReadStatus.OK, 3);
            putInt(io.ringcap.wire.MsgrcvLayout.PAYLOAD_STATUS_OFFSET, ReadStatus.SKIPPED);
            retval(5);
        }

        public Msgrcv mtype(final int status, final long mtype)
        {
            putInt(io.ringcap.wire.MsgrcvLayout.MTYPE_STATUS_OFFSET, status);
            return putLong(io.ringcap.wire.MsgrcvLayout.MTYPE_OFFSET, mtype);
        }

        public Msgrcv payload(final int status, final byte[] payload)
        {
            putInt(io.ringcap.wire.MsgrcvLayout.PAYLOAD_STATUS_OFFSET, status);
            putInt(io.ringcap.wire.MsgrcvLayout.PAYLOAD_LENGTH_OFFSET, payload.length);
            return putBytes(io.ringcap.wire.MsgrcvLayout.PAYLOAD_OFFSET, io.ringcap.wire.MsgrcvLayout.PAYLOAD_CAPACITY,
                payload);
        }
    }

    /**
     * msgctl(32768, IPC_STAT, buf) = 0, *buf as written back: owner 1000:1000, 0640, two messages of
     * 11 bytes in a 16384-byte queue, last sent by 4242.
     */
    static final class Msgctl extends RecordBuilder<Msgctl>
    {
        public Msgctl()
        {
            super(EventType.MSGCTL, io.ringcap.wire.MsgctlLayout.LENGTH);
            putInt(io.ringcap.wire.MsgctlLayout.MSQID_OFFSET, MSQID);
            putInt(io.ringcap.wire.MsgctlLayout.CMD_OFFSET, 2);
            putLong(io.ringcap.wire.MsgctlLayout.BUF_OFFSET, 0x7ffd_0000_8000L);
            putInt(io.ringcap.wire.MsgctlLayout.IPC_NS_OFFSET, IPC_NS);
            putInt(io.ringcap.wire.MsgctlLayout.BUF_STATUS_OFFSET, ReadStatus.OK);
            final int ds = io.ringcap.wire.MsgctlLayout.DS_OFFSET;
            putInt(ds + io.ringcap.wire.MsqidDsLayout.PERM_KEY, MSG_KEY);
            putInt(ds + io.ringcap.wire.MsqidDsLayout.PERM_UID, 1000);
            putInt(ds + io.ringcap.wire.MsqidDsLayout.PERM_GID, 1000);
            putInt(ds + io.ringcap.wire.MsqidDsLayout.PERM_CUID, 1000);
            putInt(ds + io.ringcap.wire.MsqidDsLayout.PERM_CGID, 1000);
            putInt(ds + io.ringcap.wire.MsqidDsLayout.PERM_MODE, 0640);
            putShort(ds + io.ringcap.wire.MsqidDsLayout.PERM_SEQ, 1);
            putLong(ds + io.ringcap.wire.MsqidDsLayout.STIME, 1_732_270_542L);
            putLong(ds + io.ringcap.wire.MsqidDsLayout.RTIME, 0);
            putLong(ds + io.ringcap.wire.MsqidDsLayout.CTIME, 1_732_270_541L);
            putLong(ds + io.ringcap.wire.MsqidDsLayout.CBYTES, 11);
            putLong(ds + io.ringcap.wire.MsqidDsLayout.QNUM, 2);
            putLong(ds + io.ringcap.wire.MsqidDsLayout.QBYTES, 16384);
            putInt(ds + io.ringcap.wire.MsqidDsLayout.LSPID, 4242);
            putInt(ds + io.ringcap.wire.MsqidDsLayout.LRPID, 0);
        }

        public Msgctl cmd(final int cmd)
        {
            return putInt(io.ringcap.wire.MsgctlLayout.CMD_OFFSET, cmd);
        }

        public Msgctl bufStatus(final int status)
        {
            return putInt(io.ringcap.wire.MsgctlLayout.BUF_STATUS_OFFSET, status);
        }

        /** IPC_INFO's struct msginfo, the kernel's defaults; ds zeroed as the BPF program leaves it. */
        public Msgctl info()
        {
            putBytes(io.ringcap.wire.MsgctlLayout.DS_OFFSET, io.ringcap.wire.MsqidDsLayout.LENGTH,
                new byte[io.ringcap.wire.MsqidDsLayout.LENGTH]);
            final int info = io.ringcap.wire.MsgctlLayout.INFO_OFFSET;
            putInt(info + io.ringcap.wire.MsginfoLayout.MSGPOOL, 512000);
            putInt(info + io.ringcap.wire.MsginfoLayout.MSGMAP, 16384);
            putInt(info + io.ringcap.wire.MsginfoLayout.MSGMAX, 8192);
            putInt(info + io.ringcap.wire.MsginfoLayout.MSGMNB, 16384);
            putInt(info + io.ringcap.wire.MsginfoLayout.MSGMNI, 32000);
            putInt(info + io.ringcap.wire.MsginfoLayout.MSGSSZ, 16);
            putInt(info + io.ringcap.wire.MsginfoLayout.MSGTQL, 16384);
            return putShort(info + io.ringcap.wire.MsginfoLayout.MSGSEG, 0xFFFF);
        }
    }
    // ---- end of SysV message queues

    private static <T extends RecordBuilder<T>> T attr(final T record, final int at, final long flags,
        final long maxmsg, final long msgsize, final long curmsgs)
    {
        record.putLong(at + MqAttrLayout.FLAGS, flags);
        record.putLong(at + MqAttrLayout.MAXMSG, maxmsg);
        record.putLong(at + MqAttrLayout.MSGSIZE, msgsize);
        return record.putLong(at + MqAttrLayout.CURMSGS, curmsgs);
    }
}
