package io.ringcap.replay;

import io.ringcap.replay.decode.SigevNotify;
import io.ringcap.replay.journal.JournalTables;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.ReadStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Records whose rendering the formatter tests pin down: {@link #mqNotifyCases()}, one per case the
 * sigevent rendering distinguishes, and {@link #everyEvent()}, one of each event type in the order
 * a program makes them, with the tables ({@link #tables()}) that name their cgroups and executables.
 */
public final class FormatterFixtures
{
    /** A name of 255 bytes, the longest the kernel takes and a record holds whole; the first 255 of longer ones. */
    public static final byte[] NAME_255 = "q".repeat(255).getBytes(StandardCharsets.UTF_8);

    public static final long ENTRY_NS = RecordBuilder.ENTRY_NS;
    public static final long WALL_NS = epochNs("2024-11-22T10:15:42.123456789Z");
    public static final long BOOT_TO_WALL_NS = WALL_NS - ENTRY_NS;
    public static final JournalMetadata METADATA = new JournalMetadata(JournalFormat.FORMAT_VERSION, "build-7",
        "6.18.44-test", BOOT_TO_WALL_NS, "tracepoint", 1 << 24, 31337, "./mq_notify_cases");

    /** A docker container's id and the cgroup it runs in. */
    public static final String CONTAINER_ID = "3f4e8b2c1d0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a493827160";
    public static final long CONTAINER_CGROUP_ID = 5000;
    public static final String SESSION_CGROUP = "/user.slice/user-1000.slice/session-2.scope";
    /** A process running before the capture began, named by the PROCESSES table. */
    public static final int OLD_PROCESS_PID = 777;
    public static final String OLD_PROCESS_EXECUTABLE = "/usr/sbin/sshd";
    /** A process in the container, which never exec'd during the capture. */
    public static final int CONTAINER_HOST_PID = 5151;

    public static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    /** Abs timeout of the send: CLOCK_REALTIME seconds and nanoseconds. */
    public static final long TIMEOUT_SEC = 1_732_270_600L;
    public static final long TIMEOUT_NSEC = 500;

    private FormatterFixtures()
    {
    }

    /** The mq_notify cases, in the order the expected outputs list them. */
    public static List<UnsafeBuffer> mqNotifyCases()
    {
        return List.of(
            // 0: SIGEV_SIGNAL, success
            new MqNotifyRecord().build(),
            // 1: NULL sevp, EBADF
            new MqNotifyRecord().mqdes(99).retval(-9).nullSevp().mqInode(0).build(),
            // 2: unreadable sevp, EFAULT, on another CPU and thread, a second later
            new MqNotifyRecord().cpu(12).hostTid(4250).tid(50).entryNs(ENTRY_NS + 1_000_000_001L)
                .exitNs(ENTRY_NS + 1_000_002_000L).retval(-14).faultedSevp(0x10).build(),
            // 3: SIGEV_THREAD_ID with a real-time signal, EBUSY (a notification is already registered)
            new MqNotifyRecord().retval(-16).sigevent(42, 35, SigevNotify.SIGEV_THREAD_ID, 4243, 0).build(),
            // 4: SIGEV_NONE
            new MqNotifyRecord().sigevent(0, 0, SigevNotify.SIGEV_NONE, 0, 0).build(),
            // 5: SIGEV_THREAD as the kernel sees it: signo a netlink socket, value the cookie's address
            new MqNotifyRecord().sigevent(0x7f12_3456_7000L, 5, SigevNotify.SIGEV_THREAD, 0x40_1136L, 0)
                .cookie(cookie()).build(),
            // 6: a notify value Linux does not define, an unnamed signal, an errno without a name
            new MqNotifyRecord().retval(-4000).sigevent(-1, 33, 3, 0, 0).build(),
            // 7: SIGEV_SIGNAL with an unnamed signal; comm with a control character and non-ASCII;
            //    pointer and cgroup id with the top bit set
            new MqNotifyRecord().comm("tab\there€").cgroupId(-2).sevp(0xffff_ffff_ffff_f000L)
                .sigevent(7, 99, SigevNotify.SIGEV_SIGNAL, 0, 0).build(),
            // 8: TOCTOU: another thread rewrote the sigevent during the call
            new MqNotifyRecord().toctou(true).exitSigevent(8, 12, SigevNotify.SIGEV_SIGNAL, 0, 0).build(),
            // 9: SIGEV_THREAD whose cookie could not be read, and TOCTOU with the exit reading unreadable
            new MqNotifyRecord().sigevent(0x10, 6, SigevNotify.SIGEV_THREAD, 0, 0)
                .cookieStatus(ReadStatus.FAULT).toctou(true).exitStatus(ReadStatus.FAULT).build());
    }

    /**
     * One record of each type, 1 ms apart: process 4242 execs, opens a queue, registers for
     * notification, sends (which notifies it), receives, reads the attributes, unlinks the queue;
     * then a process in a container and one from before the capture make a call each.
     */
    public static List<UnsafeBuffer> everyEvent()
    {
        return List.of(
            at(0, new Records.ProcessExec()).build(),
            at(1, new Records.MqOpen()).build(),
            at(2, new MqNotifyRecord()).build(),
            at(3, new Records.MqTimedSend()).timeout(0x7ffd_0000_7000L, ReadStatus.OK, TIMEOUT_SEC, TIMEOUT_NSEC)
                .payload(ReadStatus.OK, HELLO).build(),
            new Records.MqNotifyDelivered().at(entryNs(4)).build(),
            at(5, new Records.MqTimedReceive()).payload(ReadStatus.OK, HELLO).build(),
            at(6, new Records.MqGetSetAttr()).build(),
            at(7, new Records.MqUnlink()).build(),
            inContainer(at(8, new Records.MqOpen())).oflag(Records.O_RDWR).attr(ReadStatus.SKIPPED, 0, 0, 0, 0)
                .retval(-2).build(),
            at(9, new Records.MqUnlink()).hostPid(OLD_PROCESS_PID).hostTid(OLD_PROCESS_PID).hostPpid(1)
                .pid(OLD_PROCESS_PID).tid(OLD_PROCESS_PID).ppid(1).comm("sshd").retval(-13).build());
    }

    /**
     * The SysV message-queue calls of process 4242, 1 ms apart from record 10 on (after everyEvent()'s):
     * a queue created, a create that finds it (EEXIST), a send with its text kept, one whose msgp faulted,
     * a receive with its text kept, one that found nothing (ENOMSG), IPC_STAT, IPC_INFO, IPC_RMID.
     */
    public static List<UnsafeBuffer> sysvMsgEvents()
    {
        return List.of(
            at(10, new Records.Msgget()).build(),
            at(11, new Records.Msgget()).retval(-17).build(),
            at(12, new Records.Msgsnd()).payload(ReadStatus.OK, HELLO).build(),
            at(13, new Records.Msgsnd()).mtype(ReadStatus.FAULT, 0).payload(ReadStatus.FAULT, new byte[0])
                .retval(-14).build(),
            at(14, new Records.Msgrcv()).payload(ReadStatus.OK, HELLO).build(),
            at(15, new Records.Msgrcv()).mtype(ReadStatus.SKIPPED, 0).retval(-42).build(),
            at(16, new Records.Msgctl()).build(),
            at(17, new Records.Msgctl()).cmd(3).info().retval(0).build(),
            at(18, new Records.Msgctl()).cmd(0).bufStatus(ReadStatus.SKIPPED).build());
    }

    /**
     * Strings as the BPF programs write them when they fill their 256-byte field, in the order the
     * expected outputs list them: whole at 255 bytes, then cut, with the full length measured.
     */
    public static List<UnsafeBuffer> truncatedStrings()
    {
        final byte[] path = ("/" + "p".repeat(254)).getBytes(StandardCharsets.UTF_8);
        return List.of(
            // 0: exactly 255 bytes: whole, created
            new Records.MqOpen().name(ReadStatus.OK, NAME_255).build(),
            // 1: 300 bytes: its first 255 kept, ENAMETOOLONG
            new Records.MqOpen().name(ReadStatus.TRUNCATED, NAME_255, 300).retval(-36).build(),
            // 2: 4096 bytes or more (the kernel's getname stops there)
            new Records.MqUnlink().name(ReadStatus.TRUNCATED, NAME_255, ReadStatus.STRING_LENGTH_MAX).retval(-36)
                .build(),
            // 3: the bytes after the first 255 could not be read, EFAULT
            new Records.MqUnlink().name(ReadStatus.TRUNCATED, NAME_255, ReadStatus.STRING_LENGTH_UNKNOWN).retval(-14)
                .build(),
            // 4: an exec path of 4095 bytes, the longest the kernel takes
            new Records.ProcessExec().filename(ReadStatus.TRUNCATED, path, 4095).build());
    }

    /** Entry time of everyEvent()'s record i. */
    public static long entryNs(final int i)
    {
        return ENTRY_NS + i * 1_000_000L;
    }

    /** The tables of the journal everyEvent() comes from, as JournalReader.tables() reads them. */
    public static JournalTables tables()
    {
        final JournalTables tables = new JournalTables();
        cgroups().forEach(tables::putCgroup);
        processes().forEach(tables::putExecutable);
        cgroupsAtStop().forEach(tables::putCgroup);
        return tables;
    }

    /** Written at the capture's start. */
    public static Map<Long, String> cgroups()
    {
        final Map<Long, String> cgroups = new LinkedHashMap<>();
        cgroups.put(1L, "/");
        cgroups.put(RecordBuilder.CGROUP_ID, SESSION_CGROUP);
        return cgroups;
    }

    /** Written at the capture's stop: the container started during the capture. */
    public static Map<Long, String> cgroupsAtStop()
    {
        return Map.of(CONTAINER_CGROUP_ID, "/system.slice/docker-" + CONTAINER_ID + ".scope");
    }

    public static Map<Integer, String> processes()
    {
        return Map.of(OLD_PROCESS_PID, OLD_PROCESS_EXECUTABLE, RecordBuilder.HOST_PID, "/bin/bash");
    }

    public static byte[] cookie()
    {
        final byte[] cookie = new byte[32];
        for (int i = 0; i < cookie.length; i++)
        {
            cookie[i] = (byte)(i * 17);
        }
        return cookie;
    }

    public static long epochNs(final String instant)
    {
        final Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
    }

    private static <T extends RecordBuilder<T>> T at(final int i, final T record)
    {
        record.entryNs(entryNs(i));
        return record.exitNs(entryNs(i) + 12_345);
    }

    private static <T extends RecordBuilder<T>> T inContainer(final T record)
    {
        return record.hostPid(CONTAINER_HOST_PID).hostTid(CONTAINER_HOST_PID).hostPpid(5150).pid(1).tid(1).ppid(0)
            .cgroupId(CONTAINER_CGROUP_ID).mntNs(0xF000_0100).pidNs(0xF000_0101).uid(0).gid(0).comm("worker");
    }
}
