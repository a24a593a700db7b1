package io.ringcap.replay.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FilterFixtures;
import io.ringcap.replay.Records;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.format.CsvFormatter;
import io.ringcap.replay.journal.JournalTables;
import io.ringcap.wire.JournalMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which events of {@link FilterFixtures} each replay filter, and each combination, lets through. */
class ReplayFilterTest
{
    @TempDir
    Path dir;

    @BeforeEach
    void writeJournal()
    {
        FilterFixtures.write(dir, true);
    }

    @Test
    void withoutFiltersEveryEventPasses()
    {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), passing());
    }

    @Test
    void event()
    {
        assertEquals(List.of(0, 1, 2, 3), passing("--event", "mq_open,mq_notify"));
        assertEquals(List.of(5), passing("--event", "process_exec"));
        assertEquals(List.of(4, 6), passing("--event", "mq_unlink"));
    }

    @Test
    void pidIsTheNamespaceOrTheHostPid()
    {
        assertEquals(List.of(0, 1, 4), passing("--pid", "100"));
        assertEquals(List.of(2, 3), passing("--pid", "7"), "namespace pid");
        assertEquals(List.of(2, 3), passing("--pid", "5151"), "host pid");
        assertEquals(List.of(), passing("--pid", "8"), "a tid is no pid");
    }

    @Test
    void pidTakesAListAsCaptureDoes()
    {
        assertEquals(List.of(0, 1, 2, 3, 4), passing("-p", "100,5151"), "either process, by host pid");
        assertEquals(List.of(2, 3, 5, 6), passing("--pid", "7,200"), "a namespace pid and a host pid");
        assertEquals(List.of(0, 1, 4), passing("-p", "100,999"), "a pid without events takes none");
        final FilterFixtures.Run bad = new FilterFixtures.Run("--journal", dir.toString(), "-p", "100,-1");
        assertEquals(2, bad.exitCode);
        assertEquals("ringcap: invalid value for option '--pid': -1 (a process id is positive: no event can match)\n",
            bad.err());
    }

    @Test
    void tidIsTheNamespaceOrTheHostTid()
    {
        assertEquals(List.of(1), passing("--tid", "101"));
        assertEquals(List.of(2, 3), passing("--tid", "8"));
        assertEquals(List.of(2, 3), passing("--tid", "5152"));
        assertEquals(List.of(), passing("--tid", "7"));
    }

    @Test
    void commIsTheWholeComm()
    {
        assertEquals(List.of(5, 6), passing("--comm", "client"));
        assertEquals(List.of(), passing("--comm", "serv"));
        assertEquals(List.of(), passing("--comm", "servers"));
    }

    @Test
    void uid()
    {
        assertEquals(List.of(2, 3, 5, 6), passing("--uid", "1000"));
        assertEquals(List.of(0, 1, 4), passing("--uid", "0"));
    }

    @Test
    void containerIsAPrefixOfTheIdTheCgroupTableDerives()
    {
        assertEquals(List.of(2, 3), passing("--container", "3f4e8b2c1d0a"));
        assertEquals(List.of(2, 3), passing("--container", FilterFixtures.CONTAINER_ID));
        assertEquals(List.of(2, 3), passing("--container", "3F4E"));
        assertEquals(List.of(), passing("--container", "3f4f"));
    }

    @Test
    void failedAndErrno()
    {
        assertEquals(List.of(2, 3, 4, 6), passing("--failed"));
        assertEquals(List.of(3, 6), passing("--errno", "EBUSY"));
        assertEquals(List.of(3, 6), passing("--errno", "ebusy"));
        assertEquals(List.of(4), passing("--errno", "2"));
        assertEquals(List.of(), passing("--errno", "EPERM"));
    }

    @Test
    void failedAndErrnoMatchSyscallsOnly()
    {
        final UnsafeBuffer exec = new Records.ProcessExec().retval(-16).build();
        final UnsafeBuffer open = new Records.MqOpen().retval(-16).build();
        final JournalMetadata metadata = FilterFixtures.METADATA;
        final EventFilter failed = new EventFilter.Builder().failed(true).build(metadata, JournalTables.empty());
        final EventFilter busy = new EventFilter.Builder().errno("EBUSY").build(metadata, JournalTables.empty());

        assertFalse(failed.matches(new EventHeaderDecoder().wrap(exec, 0)));
        assertFalse(busy.matches(new EventHeaderDecoder().wrap(exec, 0)));
        assertTrue(failed.matches(new EventHeaderDecoder().wrap(open, 0)));
        assertTrue(busy.matches(new EventHeaderDecoder().wrap(open, 0)));
    }

    @Test
    void sinceAndUntilAreInclusiveWallClockBounds()
    {
        assertEquals(List.of(2, 3, 4, 5, 6), passing("--since", "2026-11-22T10:00:01.5"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), passing("--until", "2026-11-22T10:00:03.999"));
        assertEquals(List.of(2, 3, 4), passing("--since", "2026-11-22T11:00:01+01:00", "--until", "2026-11-22T10:00:02Z"));
        assertEquals(List.of(), passing("--since", "2026-11-22T10:00:04.000000001"));
    }

    @Test
    void relativeTimesCountBackFromNow()
    {
        // now is 10:00:05Z
        assertEquals(List.of(4, 5, 6), passing("--since", "-3s"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), passing("--since", "-1m"));
        assertEquals(List.of(0, 1), passing("--since", "-2h", "--until", "-4s"));
        assertEquals(List.of(), passing("--until", "-1d"));
    }

    @Test
    void parseTime()
    {
        final long now = 1_000_000_000_000_000_000L;
        assertEquals(now - 30_000_000_000L, EventFilter.parseTime("--since", "-30s", now));
        assertEquals(now - 300_000_000_000L, EventFilter.parseTime("--since", "-5m", now));
        assertEquals(now - 7_200_000_000_000L, EventFilter.parseTime("--since", "-2h", now));
        assertEquals(FilterFixtures.START_EPOCH_NS, EventFilter.parseTime("--since", "2026-11-22T10:00:00", now));
        assertEquals(FilterFixtures.START_EPOCH_NS, EventFilter.parseTime("--since", "2026-11-22T10:00:00Z", now));
        assertEquals(FilterFixtures.START_EPOCH_NS + 123_456_789L,
            EventFilter.parseTime("--since", "2026-11-22T12:00:00.123456789+02:00", now));
        assertEquals(FilterFixtures.START_EPOCH_NS, EventFilter.parseTime("--since", "2026-11-22T05:00-05:00", now));
    }

    @Test
    void filtersCombineWithAnd()
    {
        assertEquals(List.of(4), passing("--failed", "--pid", "100"));
        assertEquals(List.of(6), passing("--event", "mq_unlink", "--errno", "EBUSY"));
        assertEquals(List.of(2), passing("--container", "3f4e", "--event", "mq_open"));
        assertEquals(List.of(3, 6), passing("--uid", "1000", "--failed", "--since", "2026-11-22T10:00:01.55"));
        assertEquals(List.of(), passing("--comm", "client", "--pid", "100"));
    }

    @Test
    void theClosingLineSaysHowManyMatched()
    {
        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--errno", "EBUSY");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        assertEquals(3, run.out().split("\n").length, "the header and two rows");
        assertEquals("7 events replayed from " + dir + ", 2 matched the filters (journaled 7, dropped 3)\n", run.err());
    }

    @Test
    void skippedRecordsStillTeachTheExecutable()
    {
        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--format", "json",
            "--event", "mq_unlink", "--pid", "200");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        final String[] lines = run.out().split("\n");
        assertEquals(1, lines.length, run.out());
        TraceeJsonRules.checkLines(run.out());
        assertTrue(lines[0].contains("\"/usr/bin/client\""), "the filtered-out process_exec named it: " + lines[0]);
    }

    @Test
    void setNamesSelectTheirEventsAndTheOldExecNameStillWorks() throws Exception
    {
        // FilterFixtures: record 5 is the exec, the others syscalls; ipc_msgq holds every mq_* event.
        assertEquals(passing("--events", "mq_open,mq_unlink,mq_timedsend,mq_timedreceive,mq_notify,mq_getsetattr," +
            "mq_notify_delivered"), passing("-e", "ipc_msgq"));
        assertEquals(List.of(5), passing("-e", "proc"));
        assertEquals(List.of(5), passing("--event", "sched_process_exec"));
    }

    @Test
    void aQuestionMarkListsTheEventsAndSets()
    {
        final FilterFixtures.Run run = new FilterFixtures.Run("--events", "?");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        assertEquals(io.ringcap.wire.EventTable.describe(), run.out());
        assertTrue(run.out().contains("  mq_timedsend(int32 mqdes, string msg_ptr, uint64 msg_len, uint32 msg_prio, " +
            "float64 abs_timeout)  sets: syscalls,ipc,ipc_msgq\n"), run.out());
        assertTrue(run.out().contains("  ipc_msgq: mq_notify, mq_open, mq_unlink, mq_timedsend, mq_timedreceive, " +
            "mq_getsetattr, mq_notify_delivered, msgget, msgsnd, msgrcv, msgctl\n"), run.out());
        assertTrue(run.out().contains("  msgrcv(int32 msqid, trace.Pointer msgp, uint64 msgsz, int64 msgtyp, int32 msgflg)" +
            "  sets: syscalls,ipc,ipc_msgq\n"), run.out());
    }

    @Test
    void unknownEventIsOneLineAndExitTwo()
    {
        assertBadInput("ringcap: invalid value for option --events: unknown event or set 'mq_opn' (events: mq_notify, " +
            "mq_open, mq_unlink, mq_timedsend, mq_timedreceive, mq_getsetattr, mq_notify_delivered, sched_process_exec, " +
            "msgget, msgsnd, msgrcv, msgctl, gap; sets: syscalls, ipc, ipc_msgq, default, proc)",
            "--event", "mq_open,mq_opn");
    }

    @Test
    void unknownErrnoIsOneLineAndExitTwo()
    {
        assertBadInput("ringcap: invalid value for option '--errno': unknown errno 'EBOGUS' " +
            "(give a name such as EBUSY, or a number)", "--errno", "EBOGUS");
    }

    @Test
    void badTimesAreOneLineAndExitTwo()
    {
        assertBadInput("ringcap: invalid value for option '--since': 'yesterday' is not a time: give " +
            "2026-11-22T10:00:00 (UTC), 2026-11-22T10:00:00+01:00, or -30s, -5m, -2h, -1d", "--since", "yesterday");
        assertBadInput("ringcap: invalid value for option '--until': '2026-13-01T00:00:00' is not a time: give " +
            "2026-11-22T10:00:00 (UTC), 2026-11-22T10:00:00+01:00, or -30s, -5m, -2h, -1d",
            "--until", "2026-13-01T00:00:00");
        assertBadInput("ringcap: invalid value for option '--since': '-5w' is not a time: give " +
            "2026-11-22T10:00:00 (UTC), 2026-11-22T10:00:00+01:00, or -30s, -5m, -2h, -1d", "--since", "-5w");
        assertBadInput("ringcap: --since is after --until: no event can match",
            "--since", "2026-11-22T10:00:02", "--until", "2026-11-22T10:00:01");
    }

    @Test
    void badContainerAndPidAreOneLineAndExitTwo()
    {
        assertBadInput("ringcap: invalid value for option '--container': 'web-1' is not a container id or prefix " +
            "of one (up to 64 hex digits)", "--container", "web-1");
        assertBadInput("ringcap: Invalid value for option '--pid' (PID): 'abc' is not an int", "--pid", "abc");
    }

    /** @return the events of FilterFixtures replay prints with these options, by number. */
    private List<Integer> passing(final String... filters)
    {
        final List<String> args = new ArrayList<>(List.of("--journal", dir.toString(), "--format", "csv"));
        args.addAll(Arrays.asList(filters));
        final FilterFixtures.Run run = new FilterFixtures.Run(args.toArray(new String[0]));
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode, run.err());
        final String[] lines = run.out().split("\n");
        assertEquals(CsvFormatter.HEADER, lines[0]);
        final List<Integer> events = new ArrayList<>();
        for (int i = 1; i < lines.length; i++)
        {
            final String timestamp = lines[i].substring(0, lines[i].indexOf(','));
            final String millis = timestamp.substring("2026-11-22T10:00:0".length(), "2026-11-22T10:00:00.000".length());
            final long ms = Long.parseLong(millis.replace(".", ""));
            final int event = Arrays.stream(FilterFixtures.AT_MS).boxed().toList().indexOf(ms);
            assertTrue(event >= 0, lines[i]);
            events.add(event);
        }
        return events;
    }

    private void assertBadInput(final String line, final String... filters)
    {
        final List<String> args = new ArrayList<>(List.of("--journal", dir.toString()));
        args.addAll(Arrays.asList(filters));
        final FilterFixtures.Run run = new FilterFixtures.Run(args.toArray(new String[0]));
        assertEquals(ReplayCommand.EXIT_BAD_INPUT, run.exitCode);
        assertEquals("", run.out());
        assertEquals(line + "\n", run.err());
    }
}
