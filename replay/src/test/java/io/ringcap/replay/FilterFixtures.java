package io.ringcap.replay;

import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.wire.JournalMetadata;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A journal for the filter, CSV and stats tests: seven events of three processes over four seconds
 * from 2026-11-22T10:00:00Z, some failing, one process in a docker container.
 *
 * <pre>
 * #  time (s)  event            host pid/tid  ns pid/tid  comm    uid   cgroup     ret
 * 0  0.100     mq_open          100/100       100/100     server  0     session    3
 * 1  0.200     mq_notify        100/101       100/101     server  0     session    0
 * 2  1.500     mq_open          5151/5152     7/8         worker  1000  container  -17 EEXIST  name we"ird,q
 * 3  1.600     mq_notify        5151/5152     7/8         worker  1000  container  -16 EBUSY
 * 4  2.000     mq_unlink        100/100       100/100     server  0     session    -2 ENOENT
 * 5  3.999     process_exec     200/200       200/200     client  1000  session    0
 * 6  4.000     mq_unlink        200/200       200/200     client  1000  session    -16 EBUSY
 * </pre>
 */
public final class FilterFixtures
{
    public static final long START_EPOCH_NS = Instant.parse("2026-11-22T10:00:00Z").getEpochSecond() * 1_000_000_000L;
    /** CLOCK_BOOTTIME of the first second: boot 1000 s before. */
    public static final long BOOT_NS = 1_000_000_000_000L;
    public static final JournalMetadata METADATA = TestJournalWriter.metadata(START_EPOCH_NS - BOOT_NS);
    public static final String CONTAINER_ID = FormatterFixtures.CONTAINER_ID;
    public static final long CONTAINER_CGROUP = 5000;
    public static final long SESSION_CGROUP = 77;
    /** Entry times after 10:00:00, in ms, by event. */
    public static final long[] AT_MS = {100, 200, 1500, 1600, 2000, 3999, 4000};
    /** Wall clock "now" for relative times: 10:00:05Z. */
    public static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T10:00:05Z"), ZoneOffset.UTC);

    private FilterFixtures()
    {
    }

    public static List<UnsafeBuffer> records()
    {
        return List.of(
            server(new Records.MqOpen().name("jobs"), 0, 100).build(),
            server(new MqNotifyRecord(), 1, 101).build(),
            worker(new Records.MqOpen().name("we\"ird,q").retval(-17), 2).build(),
            worker(new MqNotifyRecord().retval(-16), 3).build(),
            server(new Records.MqUnlink().name(io.ringcap.wire.ReadStatus.OK,
                "jobs".getBytes(StandardCharsets.UTF_8)).retval(-2), 4, 100).build(),
            client(new Records.ProcessExec().filename("/usr/bin/client"), 5).build(),
            client(new Records.MqUnlink().retval(-16), 6).build());
    }

    public static void write(final Path dir, final boolean withSummary)
    {
        final List<UnsafeBuffer> records = records();
        final RingSpan first = new RingSpan();
        final RingSpan second = new RingSpan();
        for (int i = 0; i < records.size(); i++)
        {
            (i < 3 ? first : second).record(records.get(i));
        }
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(METADATA)
                .cgroups(Map.of(SESSION_CGROUP, "/user.slice/user-1000.slice/session-2.scope"))
                .events(first)
                .events(second)
                .cgroups(Map.of(CONTAINER_CGROUP, "/system.slice/docker-" + CONTAINER_ID + ".scope"));
            if (withSummary)
            {
                writer.summary(7, 10, 3);
            }
        }
    }

    /** Runs replay; out and err are collected. */
    public static final class Run
    {
        public final ByteArrayOutputStream out = new ByteArrayOutputStream();
        public final ByteArrayOutputStream err = new ByteArrayOutputStream();
        public final int exitCode;

        public Run(final String... args)
        {
            exitCode = ReplayCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), NOW);
            if (TraceeJsonRules.writesJson(args))
            {
                TraceeJsonRules.checkLines(out()); // every JSON line a replay suite writes
            }
        }

        public String out()
        {
            return out.toString(StandardCharsets.UTF_8);
        }

        public String err()
        {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private static <T extends RecordBuilder<T>> T at(final T record, final int event)
    {
        final long entry = BOOT_NS + AT_MS[event] * 1_000_000L;
        return record.entryNs(entry).exitNs(entry + 1000).cpu(event);
    }

    private static <T extends RecordBuilder<T>> T server(final T record, final int event, final int tid)
    {
        return at(record, event).hostPid(100).pid(100).hostTid(tid).tid(tid).hostPpid(1).ppid(1).uid(0)
            .cgroupId(SESSION_CGROUP).comm("server");
    }

    private static <T extends RecordBuilder<T>> T worker(final T record, final int event)
    {
        return at(record, event).hostPid(5151).pid(7).hostTid(5152).tid(8).hostPpid(5100).ppid(0).uid(1000)
            .cgroupId(CONTAINER_CGROUP).comm("worker");
    }

    private static <T extends RecordBuilder<T>> T client(final T record, final int event)
    {
        return at(record, event).hostPid(200).pid(200).hostTid(200).tid(200).hostPpid(1).ppid(1).uid(1000)
            .cgroupId(SESSION_CGROUP).comm("client");
    }
}
