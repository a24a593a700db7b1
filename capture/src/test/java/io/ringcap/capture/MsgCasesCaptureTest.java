package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.bpf.AttachMethod;
import io.ringcap.bpf.BpfConfig;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.EventHeaderRecord;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MsgctlRecord;
import io.ringcap.wire.MsggetRecord;
import io.ringcap.wire.MsgrcvRecord;
import io.ringcap.wire.MsgsndLayout;
import io.ringcap.wire.MsgsndRecord;
import io.ringcap.wire.ReadStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * msgget, msgsnd, msgrcv and msgctl captured for real: BPF tracepoints, the ring, the drain agent,
 * the journal, the generated flyweights, replay. native/src/c/msg_cases.c makes 30 calls with known
 * arguments (EEXIST, ENOENT, EINVAL, EAGAIN, EFAULT, E2BIG, ENOMSG, EIDRM among them, one receive
 * on a second thread) and writes every argument, result and what the kernel wrote back; every field
 * of every record must match it exactly, and the results must be the ones the kernel documents. Run
 * once per --payload-bytes setting: 0 (off), 5 (cuts most texts), 64 (keeps them whole).
 */
class MsgCasesCaptureTest
{
    private static final String PROGRAM = "msg_cases";
    private static final int RING_SIZE = 1 << 22;

    private static final int IPC_CREAT = 01000;
    private static final int IPC_EXCL = 02000;
    private static final int IPC_NOWAIT = 04000;
    private static final int MSG_NOERROR = 010000;
    private static final int MSG_EXCEPT = 020000;
    private static final int MSG_COPY = 040000;
    private static final int IPC_RMID = 0;
    private static final int IPC_SET = 1;
    private static final int IPC_STAT = 2;
    private static final int IPC_INFO = 3;
    private static final int MSG_INFO = 12;
    private static final int BAD_CMD = 99;
    private static final long BAD_POINTER = 1;

    private static final int ENOENT = -2;
    private static final int E2BIG = -7;
    private static final int EAGAIN = -11;
    private static final int EFAULT = -14;
    private static final int EEXIST = -17;
    private static final int EINVAL = -22;
    private static final int ENOSYS = -38;
    private static final int ENOMSG = -42;
    private static final int EIDRM = -43;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @ParameterizedTest(name = "--payload-bytes {0} --attach {1}")
    @CsvSource({"0, tracepoint", "5, tracepoint", "64, tracepoint", "0, raw", "5, raw", "64, raw"})
    void everySysvCallIsJournaledWithItsArgumentsResultAndWhatWasRead(final int payloadBytes, final String attach)
        throws Exception
    {
        final Path factsFile = temp.resolve("facts.txt");
        final Path journal = temp.resolve("journal");
        final BpfConfig config = new BpfConfig(0, 0, ConfigLayout.ANY_UID, 0, null, BpfConfig.ALL_EVENTS, payloadBytes, false);

        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of(KernelTests.nativeBin(PROGRAM).toString(), factsFile.toString()), RING_SIZE)
            .withBpfConfig(config).withAttachCandidates(AttachMethod.candidates(attach))).run();

        assertEquals(attach, result.attachMethod());
        assertEquals(0, result.commandExitCode(), "msg_cases saw every call return what it should");
        assertEquals(0, result.eventsDropped());
        assertEquals(result.eventsSubmitted(), result.eventsJournaled());
        final Map<String, String> facts = KernelTests.facts(factsFile);
        final Map<Integer, List<UnsafeBuffer>> byType = readJournal(journal, result.eventsJournaled());

        final int msqid = Integer.parseInt(facts.get("msqid"));
        final int msqid2 = Integer.parseInt(facts.get("msqid2"));
        assertMsgget(byType.get(EventType.MSGGET), calls(facts, "msgget"), facts, msqid, msqid2);
        assertMsgsnd(byType.get(EventType.MSGSND), calls(facts, "msgsnd"), facts, payloadBytes, msqid, msqid2);
        assertMsgrcv(byType.get(EventType.MSGRCV), calls(facts, "msgrcv"), facts, payloadBytes, msqid, msqid2);
        assertMsgctl(byType.get(EventType.MSGCTL), calls(facts, "msgctl"), facts, msqid, msqid2);

        assertEquals(result.eventsJournaled(), traceeJsonLines(journal),
            "every event of the real capture is one line that Tracee's decoder reads");
        assertTableRows(journal, facts, payloadBytes);

        // replay's filters know the events and Tracee's set: 30 calls in ipc_msgq, two ENOMSG receives.
        assertEquals(1 + 30, replay(journal, "--format", "csv", "-e", "ipc_msgq").split("\n").length, "ipc_msgq rows");
        final String[] noMessage = replay(journal, "--format", "csv", "-e", "msgrcv", "--errno", "ENOMSG").split("\n");
        assertEquals(3, noMessage.length, String.join("\n", noMessage));
        assertTrue(noMessage[1].contains(",msgrcv,-42,ENOMSG,") && noMessage[1].contains("msgtyp=99"), noMessage[1]);
        assertTrue(noMessage[2].contains(",msgrcv,-42,ENOMSG,") && noMessage[2].contains("msgtyp=0"), noMessage[2]);
    }

    /**
     * The in-kernel filters on the SysV hooks: an event mask without msgget, and --failed (decided in
     * each exit program before ring space is reserved). The BPF submit count and the journal hold
     * exactly the failed msgsnd, msgrcv and msgctl calls, in call order, and nothing else; on the raw
     * hook too, where the mask decides which syscall numbers are handled at all.
     */
    @ParameterizedTest(name = "--attach {0}")
    @ValueSource(strings = {"tracepoint", "raw"})
    void theEventMaskAndFailedFilterLeaveExactlyTheFailedCallsOfTheChosenEvents(final String attach) throws Exception
    {
        final Path factsFile = temp.resolve("facts.txt");
        final Path journal = temp.resolve("journal");
        final long mask = (1L << EventType.MSGSND) | (1L << EventType.MSGRCV) | (1L << EventType.MSGCTL);
        final BpfConfig config = new BpfConfig(0, 0, ConfigLayout.ANY_UID, 0, null, mask, 0, false, 0, true);

        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of(KernelTests.nativeBin(PROGRAM).toString(), factsFile.toString()), RING_SIZE)
            .withBpfConfig(config).withAttachCandidates(AttachMethod.candidates(attach))).run();

        assertEquals(attach, result.attachMethod());
        assertEquals(0, result.commandExitCode(), "msg_cases saw every call return what it should");
        final Map<String, String> facts = KernelTests.facts(factsFile);
        final Map<Integer, List<UnsafeBuffer>> byType = readJournal(journal, result.eventsJournaled());
        long expected = 0;
        for (final int type : new int[] {EventType.MSGSND, EventType.MSGRCV, EventType.MSGCTL})
        {
            final String syscall = EventType.name(type);
            final List<Long> failed = new ArrayList<>();
            for (final String[] call : calls(facts, syscall))
            {
                final long ret = Long.parseLong(call[type == EventType.MSGSND ? 4 : type == EventType.MSGRCV ? 5 : 3]);
                if (ret < 0)
                {
                    failed.add(ret);
                }
            }
            final List<Long> journaled = new ArrayList<>();
            for (final UnsafeBuffer record : byType.get(type))
            {
                journaled.add(new EventHeaderRecord().wrap(record, 0).retval());
            }
            assertEquals(failed, journaled, syscall + ": exactly the failed calls, in order");
            expected += failed.size();
        }
        assertEquals(List.of(), byType.get(EventType.MSGGET), "msgget is not in the mask");
        assertEquals(expected, result.eventsSubmitted(), "submitted by BPF: the failed calls only");
        assertEquals(expected, result.eventsJournaled());
        assertTrue(expected >= 11, "msg_cases fails at least 11 of these calls: " + expected);
    }

    private static void assertMsgget(
        final List<UnsafeBuffer> records, final List<String[]> calls, final Map<String, String> facts, final int msqid,
        final int msqid2)
    {
        final int key = Integer.parseInt(facts.get("key"));
        final int missingKey = Integer.parseInt(facts.get("missing_key"));
        assertEquals(5, calls.size(), "msgget calls");
        assertEquals(calls.size(), records.size(), "msgget records");
        final int[][] expected = {
            {key, IPC_CREAT | IPC_EXCL | 0600, msqid},
            {key, IPC_CREAT | IPC_EXCL | 0600, EEXIST},
            {missingKey, 0, ENOENT},
            {key, 0, msqid},
            {0, 0640, msqid2},
        };
        for (int i = 0; i < records.size(); i++)
        {
            final MsggetRecord msgget = new MsggetRecord().wrap(records.get(i), 0);
            final String what = "msgget " + i;
            assertContext(records.get(i), EventType.MSGGET, facts, facts.get("tid"), what);
            assertEquals(expected[i][0], msgget.key(), what + ": key");
            assertEquals(expected[i][1], msgget.msgflg(), what + ": msgflg");
            assertEquals(expected[i][2], msgget.retval(), what + ": retval");
            assertArrayEquals(new long[] {msgget.key(), msgget.msgflg(), msgget.retval()}, longs(calls.get(i), 0, 3),
                what + " as msg_cases saw it");
            assertEquals(0, records.get(i).getInt(io.ringcap.wire.MsggetLayout.RESERVED_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN), what + ": reserved");
        }
    }

    private static void assertMsgsnd(
        final List<UnsafeBuffer> records, final List<String[]> calls, final Map<String, String> facts,
        final int payloadBytes, final int msqid, final int msqid2)
    {
        assertEquals(7, calls.size(), "msgsnd calls");
        assertEquals(calls.size(), records.size(), "msgsnd records");
        final long[][] expected = {
            {msqid, 7, 12, 0, 0},
            {msqid, 3, 6, 0, 0},
            {msqid, 5, 5, 0, 0},
            {msqid, 0, 4, 0, EINVAL},            // mtype < 1
            {msqid, 1, 64, IPC_NOWAIT, EAGAIN},  // 23 of 64 bytes queued: no room
            {msqid, -1, 4, IPC_NOWAIT, EFAULT},  // msgp unreadable: no mtype
            {msqid2, 3, 6, 0, EINVAL},           // the queue was removed
        };
        for (int i = 0; i < records.size(); i++)
        {
            final MsgsndRecord msgsnd = new MsgsndRecord().wrap(records.get(i), 0);
            final String[] call = calls.get(i);
            final String what = "msgsnd " + i;
            assertContext(records.get(i), EventType.MSGSND, facts, facts.get("tid"), what);
            // msqid,msgp,msgsz,msgflg,ret,mtype,text
            assertEquals(expected[i][0], msgsnd.msqid(), what + ": msqid");
            assertEquals(Long.parseUnsignedLong(call[1]), msgsnd.msgp(), what + ": msgp");
            assertEquals(expected[i][2], msgsnd.msgsz(), what + ": msgsz");
            assertEquals(Long.parseLong(call[2]), msgsnd.msgsz(), what + ": msgsz as passed");
            assertEquals(expected[i][3], msgsnd.msgflg(), what + ": msgflg");
            assertEquals(expected[i][4], msgsnd.retval(), what + ": retval");
            assertEquals(Long.parseLong(call[4]), msgsnd.retval(), what + ": retval as msg_cases saw it");
            if (msgsnd.msgp() == BAD_POINTER)
            {
                assertEquals(ReadStatus.FAULT, msgsnd.mtypeStatus(), what + ": mtype_status");
                assertEquals(0, msgsnd.mtype(), what + ": mtype");
                assertEquals(payloadBytes == 0 ? ReadStatus.SKIPPED : ReadStatus.FAULT, msgsnd.payloadStatus(),
                    what + ": payload_status");
                assertEquals(0, msgsnd.payloadLength(), what + ": payload_len");
                assertZeroFrom(0, MsgsndLayout.PAYLOAD_CAPACITY, msgsnd::payloadByte, what + " payload");
                continue;
            }
            assertEquals(ReadStatus.OK, msgsnd.mtypeStatus(), what + ": mtype_status");
            assertEquals(expected[i][1], msgsnd.mtype(), what + ": mtype");
            assertEquals(Long.parseLong(call[5]), msgsnd.mtype(), what + ": mtype as passed");
            assertPayload(bytes(call, 6), payloadBytes, msgsnd.payloadStatus(), msgsnd.payloadLength(),
                msgsnd::payloadByte, what);
        }
    }

    private static void assertMsgrcv(
        final List<UnsafeBuffer> records, final List<String[]> calls, final Map<String, String> facts,
        final int payloadBytes, final int msqid, final int msqid2)
    {
        assertEquals(8, calls.size(), "msgrcv calls");
        assertEquals(calls.size(), records.size(), "msgrcv records");
        // msgsz, msgtyp, msgflg, retval, mtype received
        final long copied = Long.parseLong(calls.get(2)[5]);
        assertTrue(copied == 12 || copied == ENOSYS, "MSG_COPY: the first message, or ENOSYS without CHECKPOINT_RESTORE");
        final long[][] expected = {
            {msqid, 4, 7, IPC_NOWAIT, E2BIG, 0},
            {msqid, 64, 99, IPC_NOWAIT, ENOMSG, 0},
            {msqid, 64, 0, MSG_COPY | IPC_NOWAIT, copied, copied < 0 ? 0 : 7},
            {msqid, 64, -5, 0, 6, 3},
            {msqid, 64, 7, MSG_EXCEPT | IPC_NOWAIT, 5, 5},
            {msqid, 4, 0, MSG_NOERROR, 4, 7},
            {msqid, 64, 0, IPC_NOWAIT, ENOMSG, 0},
            {msqid2, 64, 0, 0, EIDRM, 0},          // the other thread, blocked while the queue was removed
        };
        for (int i = 0; i < records.size(); i++)
        {
            final MsgrcvRecord msgrcv = new MsgrcvRecord().wrap(records.get(i), 0);
            final String[] call = calls.get(i);
            final String what = "msgrcv " + i;
            // msqid,msgp,msgsz,msgtyp,msgflg,ret,mtype,text,tid
            assertContext(records.get(i), EventType.MSGRCV, facts, call[8], what);
            assertEquals(expected[i][0], msgrcv.msqid(), what + ": msqid");
            assertEquals(Long.parseUnsignedLong(call[1]), msgrcv.msgp(), what + ": msgp");
            assertEquals(expected[i][1], msgrcv.msgsz(), what + ": msgsz");
            assertEquals(expected[i][2], msgrcv.msgtyp(), what + ": msgtyp");
            assertEquals(Long.parseLong(call[3]), msgrcv.msgtyp(), what + ": msgtyp as passed");
            assertEquals(expected[i][3], msgrcv.msgflg(), what + ": msgflg");
            assertEquals(expected[i][4], msgrcv.retval(), what + ": retval");
            assertEquals(Long.parseLong(call[5]), msgrcv.retval(), what + ": retval as msg_cases saw it");
            if (msgrcv.retval() < 0)
            {
                assertEquals(ReadStatus.SKIPPED, msgrcv.mtypeStatus(), what + ": nothing written back");
                assertEquals(0, msgrcv.mtype(), what + ": mtype");
                assertEquals(ReadStatus.SKIPPED, msgrcv.payloadStatus(), what + ": payload_status");
                assertEquals(0, msgrcv.payloadLength(), what + ": payload_len");
                assertZeroFrom(0, MsgsndLayout.PAYLOAD_CAPACITY, msgrcv::payloadByte, what + " payload");
                continue;
            }
            assertEquals(ReadStatus.OK, msgrcv.mtypeStatus(), what + ": mtype_status");
            assertEquals(expected[i][5], msgrcv.mtype(), what + ": mtype received");
            assertEquals(Long.parseLong(call[6]), msgrcv.mtype(), what + ": mtype as msg_cases got it");
            final byte[] text = bytes(call, 7);
            assertEquals(msgrcv.retval(), text.length, what + ": text bytes received");
            assertPayload(text, payloadBytes, msgrcv.payloadStatus(), msgrcv.payloadLength(), msgrcv::payloadByte, what);
        }
    }

    private static void assertMsgctl(
        final List<UnsafeBuffer> records, final List<String[]> calls, final Map<String, String> facts, final int msqid,
        final int msqid2)
    {
        assertEquals(10, calls.size(), "msgctl calls");
        assertEquals(calls.size(), records.size(), "msgctl records");
        final long highestIndex = Long.parseLong(calls.get(3)[3]);
        assertTrue(highestIndex >= 0, "IPC_INFO returns the highest index in use");
        // msqid, cmd, retval, buf_status
        final long[][] expected = {
            {msqid, IPC_STAT, 0, ReadStatus.OK},
            {msqid, IPC_SET, 0, ReadStatus.OK},         // read at entry, where the kernel copies it
            {msqid, IPC_STAT, 0, ReadStatus.OK},
            {msqid, IPC_INFO, highestIndex, ReadStatus.OK},
            {msqid, MSG_INFO, highestIndex, ReadStatus.OK},
            {msqid, IPC_STAT, EFAULT, ReadStatus.SKIPPED}, // the kernel wrote nothing
            {msqid, BAD_CMD, EINVAL, ReadStatus.SKIPPED},
            {msqid2, IPC_RMID, 0, ReadStatus.SKIPPED},   // buf unused
            {msqid, IPC_RMID, 0, ReadStatus.SKIPPED},
            {msqid, IPC_STAT, EINVAL, ReadStatus.SKIPPED}, // removed
        };
        final long pid = Long.parseLong(facts.get("pid"));
        for (int i = 0; i < records.size(); i++)
        {
            final MsgctlRecord msgctl = new MsgctlRecord().wrap(records.get(i), 0);
            final String[] call = calls.get(i);
            final String what = "msgctl " + i;
            // msqid,cmd,buf,ret[,ds=...|,info=...]
            assertContext(records.get(i), EventType.MSGCTL, facts, facts.get("tid"), what);
            assertEquals(expected[i][0], msgctl.msqid(), what + ": msqid");
            assertEquals(expected[i][1], msgctl.cmd(), what + ": cmd");
            assertEquals(Long.parseUnsignedLong(call[2]), msgctl.buf(), what + ": buf");
            assertEquals(expected[i][2], msgctl.retval(), what + ": retval");
            assertEquals(Long.parseLong(call[3]), msgctl.retval(), what + ": retval as msg_cases saw it");
            assertEquals(expected[i][3], msgctl.bufStatus(), what + ": buf_status");
            final long[] ds = {msgctl.dsPermKey(), msgctl.dsPermUid(), msgctl.dsPermGid(), msgctl.dsPermCuid(),
                msgctl.dsPermCgid(), msgctl.dsPermMode(), msgctl.dsPermSeq(), msgctl.dsStime(), msgctl.dsRtime(),
                msgctl.dsCtime(), msgctl.dsCbytes(), msgctl.dsQnum(), msgctl.dsQbytes(), msgctl.dsLspid(),
                msgctl.dsLrpid()};
            final long[] info = {msgctl.infoMsgpool(), msgctl.infoMsgmap(), msgctl.infoMsgmax(), msgctl.infoMsgmnb(),
                msgctl.infoMsgmni(), msgctl.infoMsgssz(), msgctl.infoMsgtql(), msgctl.infoMsgseg()};
            final boolean isInfo = msgctl.cmd() == IPC_INFO || msgctl.cmd() == MSG_INFO;
            if (msgctl.bufStatus() == ReadStatus.OK && !isInfo)
            {
                assertTrue(call[4].startsWith("ds="), what + ": msg_cases printed the struct");
                assertArrayEquals(semicolonLongs(call[4].substring(3)), ds, what + ": msqid_ds as the kernel wrote it");
            }
            else
            {
                assertArrayEquals(new long[ds.length], ds, what + ": no msqid_ds read");
            }
            if (msgctl.bufStatus() == ReadStatus.OK && isInfo)
            {
                assertTrue(call[4].startsWith("info="), what + ": msg_cases printed the struct");
                assertArrayEquals(semicolonLongs(call[4].substring(5)), info, what + ": msginfo as the kernel wrote it");
            }
            else
            {
                assertArrayEquals(new long[info.length], info, what + ": no msginfo read");
            }
            assertEquals(0, records.get(i).getShort(io.ringcap.wire.MsgctlLayout.INFO_RESERVED_OFFSET,
                java.nio.ByteOrder.LITTLE_ENDIAN), what + ": info.reserved");
        }

        // What the kernel reported about the queue, through ringcap: fresh, as set, then with three messages.
        final MsgctlRecord fresh = new MsgctlRecord().wrap(records.get(0), 0);
        assertEquals(Integer.parseInt(facts.get("key")), fresh.dsPermKey(), "msg_perm.key");
        assertEquals(Long.parseLong(facts.get("uid")), fresh.dsPermUid(), "msg_perm.uid");
        assertEquals(0600, fresh.dsPermMode() & 0777, "msg_perm.mode as created");
        assertEquals(0, fresh.dsQnum(), "msg_qnum fresh");
        final MsgctlRecord set = new MsgctlRecord().wrap(records.get(1), 0);
        assertEquals(0640, set.dsPermMode(), "IPC_SET mode passed");
        assertEquals(64, set.dsQbytes(), "IPC_SET msg_qbytes passed");
        final MsgctlRecord full = new MsgctlRecord().wrap(records.get(2), 0);
        assertEquals(0640, full.dsPermMode() & 0777, "msg_perm.mode after IPC_SET");
        assertEquals(64, full.dsQbytes(), "msg_qbytes after IPC_SET");
        assertEquals(3, full.dsQnum(), "msg_qnum: three messages");
        assertEquals(12 + 6 + 5, full.dsCbytes(), "msg_cbytes");
        assertEquals(pid, full.dsLspid(), "msg_lspid: msg_cases");
        assertEquals(0, full.dsLrpid(), "msg_lrpid: nothing received yet");
        assertTrue(full.dsStime() > 0, "msg_stime set by the sends");
    }

    /** The header: msg_cases as it described itself (thread tid), in its own IPC namespace. */
    private static void assertContext(
        final UnsafeBuffer record, final int type, final Map<String, String> facts, final String tid, final String what)
    {
        final EventHeaderRecord header = new EventHeaderRecord().wrap(record, 0);
        assertEquals(type, header.eventType(), what);
        assertEquals(EventType.recordLength(type), header.size(), what + ": size");
        assertEquals(0, header.flags(), what + ": flags");
        assertTrue(header.entryNs() > 0 && header.exitNs() >= header.entryNs(), what + ": entry <= exit");
        assertEquals(Long.parseLong(facts.get("pid")), header.hostPid(), what + ": host_pid");
        assertEquals(Long.parseLong(tid), header.hostTid(), what + ": host_tid");
        assertEquals(Long.parseLong(facts.get("ppid")), header.hostPpid(), what + ": host_ppid");
        assertEquals(Long.parseLong(facts.get("uid")), header.uid(), what + ": uid");
        assertEquals(Long.parseLong(facts.get("gid")), header.gid(), what + ": gid");
        final byte[] comm = new byte[PROGRAM.length() + 1];
        for (int i = 0; i < comm.length; i++)
        {
            comm[i] = (byte)header.commByte(i);
        }
        assertEquals(PROGRAM + "\0", new String(comm, StandardCharsets.US_ASCII), what + ": comm");
        final long ipcNs = record.getInt(ipcNsOffset(type), java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        assertEquals(Long.parseLong(facts.get("ipc_ns")), ipcNs, what + ": ipc_ns");
    }

    private static int ipcNsOffset(final int type)
    {
        switch (type)
        {
            case EventType.MSGGET:
                return io.ringcap.wire.MsggetLayout.IPC_NS_OFFSET;
            case EventType.MSGSND:
                return io.ringcap.wire.MsgsndLayout.IPC_NS_OFFSET;
            case EventType.MSGRCV:
                return io.ringcap.wire.MsgrcvLayout.IPC_NS_OFFSET;
            default:
                return io.ringcap.wire.MsgctlLayout.IPC_NS_OFFSET;
        }
    }

    /** The kept text: min(--payload-bytes, its length) bytes, zeros after; SKIPPED and empty with 0. */
    private static void assertPayload(
        final byte[] text, final int payloadBytes, final long status, final long length, final IntUnaryOperator byteAt,
        final String what)
    {
        final int kept = Math.min(payloadBytes, text.length);
        assertEquals(payloadBytes == 0 ? ReadStatus.SKIPPED : ReadStatus.OK, status, what + ": payload_status");
        assertEquals(kept, length, what + ": payload_len");
        final byte[] payload = new byte[kept];
        for (int i = 0; i < kept; i++)
        {
            payload[i] = (byte)byteAt.applyAsInt(i);
        }
        assertArrayEquals(Arrays.copyOf(text, kept), payload, what + ": payload bytes");
        assertZeroFrom(kept, MsgsndLayout.PAYLOAD_CAPACITY, byteAt, what + " payload");
    }

    private static void assertZeroFrom(final int from, final int capacity, final IntUnaryOperator byteAt, final String field)
    {
        for (int i = from; i < capacity; i++)
        {
            assertEquals(0, byteAt.applyAsInt(i), field + " byte " + i + " past the kept bytes");
        }
    }

    /** The table's ARGS of a few rows, exactly: names, flags, commands, structs and payloads as documented. */
    private static void assertTableRows(final Path journal, final Map<String, String> facts, final int payloadBytes)
    {
        final String table = replay(journal, "--format", "table");
        final String key = "0x" + Integer.toHexString(Integer.parseInt(facts.get("key")));
        final String msqid = facts.get("msqid");
        assertContains(table, " key=" + key + " msgflg=IPC_CREAT|IPC_EXCL|0600\n");
        assertContains(table, "-17 EEXIST");
        assertContains(table, " key=IPC_PRIVATE msgflg=0640\n");
        assertContains(table, " msqid=" + msqid + " msgp=0x" + Long.toHexString(Long.parseUnsignedLong(
            facts.get("msgsnd.0").split(",")[1])) + " msgsz=12 msgflg=0 mtype=7" +
            (payloadBytes == 0 ? "\n" : " payload=" + facts.get("msgsnd.0").split(",")[6].substring(0,
                2 * Math.min(payloadBytes, 12)) + (payloadBytes < 12 ? "..." : "") + "\n"));
        assertContains(table, " msgsz=4 msgflg=IPC_NOWAIT mtype=<unreadable>");
        assertContains(table, " msgtyp=7 msgflg=IPC_NOWAIT|MSG_EXCEPT mtype=5");
        assertContains(table, " msgtyp=0 msgflg=MSG_NOERROR mtype=7");
        assertContains(table, "-43 EIDRM");
        assertContains(table, " cmd=IPC_SET buf={msg_perm={uid=" + facts.get("uid") + ",gid=" + facts.get("gid") +
            ",mode=0640,key=" + key + ",");
        assertContains(table, ",msg_cbytes=23,msg_qnum=3,msg_qbytes=64,msg_lspid=" + facts.get("pid") + ",msg_lrpid=0}\n");
        assertContains(table, " cmd=IPC_INFO buf={msgpool=");
        assertContains(table, " cmd=MSG_INFO buf={msgpool=");
        assertContains(table, " msqid=" + msqid + " cmd=99\n");
        assertContains(table, " msqid=" + facts.get("msqid2") + " cmd=IPC_RMID\n");
    }

    private static void assertContains(final String text, final String part)
    {
        assertTrue(text.contains(part), "no '" + part.replace("\n", "\\n") + "' in:\n" + text);
    }

    private static String replay(final Path journal, final String... options)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> args = new ArrayList<>(List.of("--journal", journal.toString(), "--no-progress"));
        args.addAll(List.of(options));
        final int exit = ReplayCommand.run(args.toArray(new String[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ReplayCommand.EXIT_OK, exit, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Replay the journal as JSON and put every line through Tracee v0.24.1's decoding rules. */
    private static long traceeJsonLines(final Path journal)
    {
        return TraceeJsonRules.checkLines(replay(journal, "--format", "json"));
    }

    /** Every record, copied out by event type, in journal order. */
    private static Map<Integer, List<UnsafeBuffer>> readJournal(final Path journal, final long journaled)
    {
        final Map<Integer, List<UnsafeBuffer>> byType = new HashMap<>();
        for (int type = 1; type < EventType.MAX; type++)
        {
            byType.put(type, new ArrayList<>());
        }
        final EventHeaderRecord header = new EventHeaderRecord();
        try (JournalReader reader = JournalReader.open(journal))
        {
            final long records = reader.forEachRecord((buffer, offset, length) ->
            {
                final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
                copy.putBytes(0, buffer, offset, length);
                byType.get(header.wrap(copy, 0).eventType()).add(copy);
            });
            assertEquals(journaled, records);
        }
        return byType;
    }

    /** msg_cases' lines "<syscall>.<n>=a,b,c" for n = 0, 1, ... in call order, split at the commas. */
    private static List<String[]> calls(final Map<String, String> facts, final String syscall)
    {
        final List<String[]> calls = new ArrayList<>();
        for (int i = 0; facts.containsKey(syscall + "." + i); i++)
        {
            calls.add(facts.get(syscall + "." + i).split(",", -1));
        }
        return calls;
    }

    private static long[] longs(final String[] fields, final int from, final int to)
    {
        return Arrays.stream(fields, from, to).mapToLong(Long::parseLong).toArray();
    }

    private static long[] semicolonLongs(final String text)
    {
        return Arrays.stream(text.split(";")).mapToLong(Long::parseLong).toArray();
    }

    private static byte[] bytes(final String[] fields, final int index)
    {
        return HexFormat.of().parseHex(fields[index]);
    }
}
