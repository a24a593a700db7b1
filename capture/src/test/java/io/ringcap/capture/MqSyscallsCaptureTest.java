package io.ringcap.capture;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.bpf.AttachMethod;
import io.ringcap.bpf.BpfConfig;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventHeaderRecord;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqGetSetAttrLayout;
import io.ringcap.wire.MqGetSetAttrRecord;
import io.ringcap.wire.MqOpenLayout;
import io.ringcap.wire.MqOpenRecord;
import io.ringcap.wire.MqTimedReceiveLayout;
import io.ringcap.wire.MqTimedReceiveRecord;
import io.ringcap.wire.MqTimedSendLayout;
import io.ringcap.wire.MqTimedSendRecord;
import io.ringcap.wire.MqUnlinkLayout;
import io.ringcap.wire.MqUnlinkRecord;
import io.ringcap.wire.ReadStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * mq_open, mq_unlink, mq_timedsend, mq_timedreceive and mq_getsetattr captured for real: BPF
 * tracepoints, the ring, the drain agent, the journal, the replay decoders. native/src/c/mq_cases.c
 * makes 18 calls with known arguments, failing ones included, and writes what it knows about them
 * and about itself; every decoded field of every record must match it exactly. Run once per
 * --payload-bytes setting: 0 (payload capture off), 5 (cuts some messages), 64 (keeps them whole),
 * and per attach method that works here: the syscall tracepoints and the raw sys_enter/sys_exit
 * hook must journal exactly the same calls with exactly the same arguments.
 */
class MqSyscallsCaptureTest
{
    private static final String PROGRAM = "mq_cases";
    private static final int RING_SIZE = 1 << 22;

    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 02;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int MODE_CREATE = 0640;
    private static final int MODE_EXISTS = 0600;
    private static final long MSGSIZE = 64;
    private static final long SEND_PRIO = 7;
    private static final long TEXT_PRIO = 1;
    private static final long FILL_PRIO = 0;
    private static final int FILLS = 3;
    /** mq_cases receives this many messages, then once more from the empty queue. */
    private static final int RECEIVES = 4;

    private static final int ENOENT = -2;
    private static final int EBADF = -9;
    private static final int EAGAIN = -11;
    private static final int EEXIST = -17;
    private static final int ETIMEDOUT = -110;

    @TempDir
    Path temp;

    /** Replay the journal as JSON and put every line through Tracee v0.24.1's decoding rules. */
    private static long traceeJsonLines(final Path journal)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ReplayCommand.run(new String[] {"--journal", journal.toString(), "--format", "json"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ReplayCommand.EXIT_OK, exit, err.toString(StandardCharsets.UTF_8));
        return TraceeJsonRules.checkLines(out.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @ParameterizedTest(name = "--payload-bytes {0} --attach {1}")
    @CsvSource({"0, tracepoint", "5, tracepoint", "64, tracepoint", "0, raw", "5, raw", "64, raw"})
    void everyCallIsJournaledWithItsArgumentsResultAndContext(final int payloadBytes, final String attach) throws Exception
    {
        final Path factsFile = temp.resolve("facts.txt");
        final Path journal = temp.resolve("journal");
        final BpfConfig config = new BpfConfig(0, 0, ConfigLayout.ANY_UID, 0, null, BpfConfig.ALL_EVENTS, payloadBytes, false);

        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of(KernelTests.nativeBin(PROGRAM).toString(), factsFile.toString()), RING_SIZE)
            .withBpfConfig(config).withAttachCandidates(AttachMethod.candidates(attach))).run();

        assertEquals(attach, result.attachMethod());
        assertEquals(0, result.commandExitCode(), "mq_cases saw every call return what it should");
        assertEquals(0, result.eventsDropped());
        assertEquals(result.eventsSubmitted(), result.eventsJournaled());
        final Facts facts = Facts.read(factsFile);
        final Map<Integer, List<UnsafeBuffer>> byType = readJournal(journal, result.eventsJournaled());
        assertEquals(result.eventsJournaled(), traceeJsonLines(journal),
            "every event of the real capture is one line that Tracee's decoder reads");

        assertEquals(0, byType.get(EventType.MQ_NOTIFY).size(), "mq_cases makes no mq_notify");
        assertEquals(3, byType.get(EventType.MQ_OPEN).size(), "mq_open records");
        assertEquals(2, byType.get(EventType.MQ_UNLINK).size(), "mq_unlink records");
        assertEquals(2 + FILLS, byType.get(EventType.MQ_TIMEDSEND).size(), "mq_timedsend records");
        assertEquals(1 + RECEIVES + 1, byType.get(EventType.MQ_TIMEDRECEIVE).size(), "mq_timedreceive records");
        assertEquals(2, byType.get(EventType.MQ_GETSETATTR).size(), "mq_getsetattr records");

        final long cgroupId = cgroupInode(facts.text("cgroup"));
        for (int type = EventType.MQ_OPEN; type <= EventType.MQ_GETSETATTR; type++)
        {
            for (final UnsafeBuffer record : byType.get(type))
            {
                assertContext(record, type, facts, cgroupId);
            }
        }

        assertMqOpen(byType.get(EventType.MQ_OPEN), facts);
        assertMqUnlink(byType.get(EventType.MQ_UNLINK), facts);
        assertMqTimedSend(byType.get(EventType.MQ_TIMEDSEND), facts, payloadBytes);
        assertMqTimedReceive(byType.get(EventType.MQ_TIMEDRECEIVE), facts, payloadBytes);
        assertMqGetSetAttr(byType.get(EventType.MQ_GETSETATTR), facts);
    }

    /** Every record, copied out by event type, in journal order: one thread's calls in call order. */
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

    /** The header: the mq_cases process as it described itself; no container, so ns ids equal host ids. */
    private static void assertContext(final UnsafeBuffer record, final int type, final Facts facts, final long cgroupId)
    {
        final EventHeaderRecord header = new EventHeaderRecord().wrap(record, 0);
        final String what = EventType.name(type) + " returning " + header.retval();
        assertEquals(type, header.eventType(), what);
        assertEquals(EventType.recordLength(type), header.size(), what + ": size");
        assertEquals(0, header.flags(), what + ": flags");
        assertTrue(header.cpu() < Runtime.getRuntime().availableProcessors(), what + ": cpu " + header.cpu());
        assertTrue(header.entryNs() > 0 && header.exitNs() >= header.entryNs(), what + ": entry <= exit");
        assertEquals(facts.integer("pid"), header.hostPid(), what + ": host_pid");
        assertEquals(facts.integer("tid"), header.hostTid(), what + ": host_tid");
        assertEquals(facts.integer("ppid"), header.hostPpid(), what + ": host_ppid");
        assertEquals(facts.integer("pid"), header.pid(), what + ": pid");
        assertEquals(facts.integer("tid"), header.tid(), what + ": tid");
        assertEquals(facts.integer("ppid"), header.ppid(), what + ": ppid");
        assertEquals(facts.number("uid"), header.uid(), what + ": uid");
        assertEquals(facts.number("gid"), header.gid(), what + ": gid");
        assertEquals(PROGRAM, comm(header), what + ": comm");
        assertEquals(facts.number("mnt_ns"), header.mntNs(), what + ": mnt_ns");
        assertEquals(facts.number("pid_ns"), header.pidNs(), what + ": pid_ns");
        assertEquals(cgroupId, header.cgroupId(), what + ": cgroup_id");
    }

    private static void assertMqOpen(final List<UnsafeBuffer> records, final Facts facts)
    {
        final int createFlags = O_CREAT | O_EXCL | O_RDWR;

        // Create: the new descriptor; name and *attr read at entry.
        final MqOpenRecord create = new MqOpenRecord().wrap(records.get(0), 0);
        assertEquals(facts.integer("mqdes"), retval(records.get(0)));
        assertOpen(create, facts.number("name_ptr"), facts.text("name"), createFlags, MODE_CREATE, facts.number("create_ptr"));
        assertEquals(ReadStatus.OK, create.attrStatus());
        assertArrayEquals(facts.longs("create"), attr(create));

        // A missing name without O_CREAT: the kernel ignores attr, so it is not read.
        final MqOpenRecord missing = new MqOpenRecord().wrap(records.get(1), 0);
        assertEquals(ENOENT, retval(records.get(1)));
        assertOpen(missing, facts.number("missing_ptr"), facts.text("missing"), O_RDONLY, 0, facts.number("create_ptr"));
        assertEquals(ReadStatus.SKIPPED, missing.attrStatus());
        assertArrayEquals(new long[4], attr(missing));

        // The queue again with O_EXCL, attr NULL.
        final MqOpenRecord exists = new MqOpenRecord().wrap(records.get(2), 0);
        assertEquals(EEXIST, retval(records.get(2)));
        assertOpen(exists, facts.number("name_ptr"), facts.text("name"), createFlags, MODE_EXISTS, 0);
        assertEquals(ReadStatus.NULL, exists.attrStatus());
        assertArrayEquals(new long[4], attr(exists));
    }

    private static void assertOpen(final MqOpenRecord open, final long namePtr, final String name, final int oflag,
        final int mode, final long attrPtr)
    {
        assertEquals(namePtr, open.namePtr(), "name_ptr");
        assertEquals(ReadStatus.OK, open.nameStatus(), "name_status");
        assertEquals(name.length(), open.nameLength(), "name_len");
        assertEquals(name.length(), open.nameFullLength(), "name_full_len: read whole");
        assertEquals(name, name(open.buffer(), open.offset() + MqOpenLayout.NAME_OFFSET, open.nameLength()));
        assertZeroFrom((int)open.nameLength(), MqOpenLayout.NAME_CAPACITY, open::nameByte, "name");
        assertEquals(oflag, open.oflag(), "oflag");
        assertEquals(mode, open.mode(), "mode");
        assertEquals(attrPtr, open.attrPtr(), "attr_ptr");
    }

    private static long[] attr(final MqOpenRecord open)
    {
        return new long[] {open.attrFlags(), open.attrMaxmsg(), open.attrMsgsize(), open.attrCurmsgs()};
    }

    private static void assertMqUnlink(final List<UnsafeBuffer> records, final Facts facts)
    {
        final int[] expected = {0, ENOENT};
        for (int i = 0; i < expected.length; i++)
        {
            final MqUnlinkRecord unlink = new MqUnlinkRecord().wrap(records.get(i), 0);
            assertEquals(expected[i], retval(records.get(i)), "mq_unlink " + i);
            assertEquals(facts.number("name_ptr"), unlink.namePtr());
            assertEquals(ReadStatus.OK, unlink.nameStatus());
            assertEquals(facts.text("name").length(), unlink.nameLength());
            assertEquals(facts.text("name").length(), unlink.nameFullLength(), "read whole");
            assertEquals(0, records.get(i).getInt(MqUnlinkLayout.RESERVED_OFFSET, LITTLE_ENDIAN), "reserved");
            assertEquals(facts.text("name"), name(unlink.buffer(), unlink.offset() + MqUnlinkLayout.NAME_OFFSET,
                unlink.nameLength()));
            assertZeroFrom((int)unlink.nameLength(), MqUnlinkLayout.NAME_CAPACITY, unlink::nameByte, "name");
        }
    }

    private static void assertMqTimedSend(final List<UnsafeBuffer> records, final Facts facts, final int payloadBytes)
    {
        final long mqdes = facts.number("mqdes");
        final long inode = facts.number("mq_inode");

        // The binary message, prio 7, with an abs_timeout.
        final MqTimedSendRecord binary = send(records.get(0), 0);
        assertSend(binary, mqdes, inode, SEND_PRIO, facts.number("binary_ptr"), facts.bytes("binary"), payloadBytes);
        assertEquals(facts.number("future_ptr"), binary.absTimeoutPtr());
        assertEquals(ReadStatus.OK, binary.timeoutStatus());
        assertEquals(facts.number("future_sec"), binary.absTimeoutSec());
        assertEquals(facts.number("future_nsec"), binary.absTimeoutNsec());

        // Then the rest, with abs_timeout NULL: text, two fills, and a fill that finds the queue full.
        final long[] retvals = {0, 0, 0, EAGAIN};
        final String[] messages = {"text", "fill0", "fill1", "fill2"};
        final long[] prios = {TEXT_PRIO, FILL_PRIO, FILL_PRIO, FILL_PRIO};
        for (int i = 0; i < messages.length; i++)
        {
            final MqTimedSendRecord send = send(records.get(i + 1), retvals[i]);
            assertSend(send, mqdes, inode, prios[i], facts.number(messages[i] + "_ptr"), facts.bytes(messages[i]),
                payloadBytes);
            assertEquals(0, send.absTimeoutPtr());
            assertEquals(ReadStatus.NULL, send.timeoutStatus());
            assertEquals(0, send.absTimeoutSec());
            assertEquals(0, send.absTimeoutNsec());
        }
    }

    private static MqTimedSendRecord send(final UnsafeBuffer record, final long expectedRetval)
    {
        assertEquals(expectedRetval, retval(record), "mq_timedsend retval");
        assertEquals(0, record.getInt(MqTimedSendLayout.RESERVED_OFFSET, LITTLE_ENDIAN), "reserved");
        return new MqTimedSendRecord().wrap(record, 0);
    }

    /** The message is read at entry, so even the send that fails with EAGAIN keeps it. */
    private static void assertSend(final MqTimedSendRecord send, final long mqdes, final long inode, final long prio,
        final long msgPtr, final byte[] message, final int payloadBytes)
    {
        assertEquals(mqdes, send.mqdes());
        assertEquals(inode, send.mqInode());
        assertEquals(prio, send.msgPrio());
        assertEquals(msgPtr, send.msgPtr());
        assertEquals(message.length, send.msgLen());
        assertPayload(message, payloadBytes, send.payloadStatus(), send.payloadLength(),
            copy(send.payloadLength(), send::getPayload), send::payloadByte);
    }

    private static void assertMqTimedReceive(final List<UnsafeBuffer> records, final Facts facts, final int payloadBytes)
    {
        final long mqdes = facts.number("mqdes");
        final long inode = facts.number("mq_inode");
        // The failing receives share the spare slot, RECEIVES.
        final long spareBuffer = facts.number("received" + RECEIVES + "_ptr");
        final long sparePrio = facts.number("prio" + RECEIVES + "_ptr");

        // The empty blocking queue, an abs_timeout in the past: nothing written back.
        final MqTimedReceiveRecord timedOut = receive(records.get(0), ETIMEDOUT);
        assertReceive(timedOut, mqdes, inode, spareBuffer, sparePrio);
        assertEquals(facts.number("past_ptr"), timedOut.absTimeoutPtr());
        assertEquals(ReadStatus.OK, timedOut.timeoutStatus());
        assertEquals(facts.number("past_sec"), timedOut.absTimeoutSec());
        assertEquals(facts.number("past_nsec"), timedOut.absTimeoutNsec());
        assertNothingWrittenBack(timedOut);

        // The queue's messages, highest priority first: *msg_prio and the message as written back.
        final String[] messages = {"binary", "text", "fill0", "fill1"};
        final long[] prios = {SEND_PRIO, TEXT_PRIO, FILL_PRIO, FILL_PRIO};
        for (int i = 0; i < RECEIVES; i++)
        {
            final byte[] message = facts.bytes(messages[i]);
            final MqTimedReceiveRecord received = receive(records.get(1 + i), message.length);
            assertReceive(received, mqdes, inode, facts.number("received" + i + "_ptr"), facts.number("prio" + i + "_ptr"));
            assertNoTimeout(received);
            assertEquals(ReadStatus.OK, received.prioStatus(), messages[i]);
            assertEquals(prios[i], received.msgPrio(), messages[i]);
            assertEquals(facts.number("prio" + i), received.msgPrio(), "what mq_cases got back");
            assertPayload(message, payloadBytes, received.payloadStatus(), received.payloadLength(),
                copy(received.payloadLength(), received::getPayload), received::payloadByte);
        }

        // The empty O_NONBLOCK queue.
        final MqTimedReceiveRecord empty = receive(records.get(1 + RECEIVES), EAGAIN);
        assertReceive(empty, mqdes, inode, spareBuffer, sparePrio);
        assertNoTimeout(empty);
        assertNothingWrittenBack(empty);
    }

    private static MqTimedReceiveRecord receive(final UnsafeBuffer record, final long expectedRetval)
    {
        assertEquals(expectedRetval, retval(record), "mq_timedreceive retval");
        return new MqTimedReceiveRecord().wrap(record, 0);
    }

    private static void assertReceive(final MqTimedReceiveRecord receive, final long mqdes, final long inode,
        final long msgPtr, final long prioPtr)
    {
        assertEquals(mqdes, receive.mqdes());
        assertEquals(inode, receive.mqInode());
        assertEquals(msgPtr, receive.msgPtr());
        assertEquals(MSGSIZE, receive.msgLen());
        assertEquals(prioPtr, receive.msgPrioPtr());
    }

    private static void assertNoTimeout(final MqTimedReceiveRecord receive)
    {
        assertEquals(0, receive.absTimeoutPtr());
        assertEquals(ReadStatus.NULL, receive.timeoutStatus());
        assertEquals(0, receive.absTimeoutSec());
        assertEquals(0, receive.absTimeoutNsec());
    }

    /** A failed receive: neither *msg_prio nor the buffer is read, whatever --payload-bytes says. */
    private static void assertNothingWrittenBack(final MqTimedReceiveRecord receive)
    {
        assertEquals(ReadStatus.SKIPPED, receive.prioStatus());
        assertEquals(0, receive.msgPrio());
        assertEquals(ReadStatus.SKIPPED, receive.payloadStatus());
        assertEquals(0, receive.payloadLength());
        assertZeroFrom(0, MqTimedReceiveLayout.PAYLOAD_CAPACITY, receive::payloadByte, "payload");
    }

    private static void assertMqGetSetAttr(final List<UnsafeBuffer> records, final Facts facts)
    {
        // Set O_NONBLOCK on the queue holding two messages; *oldattr as the kernel wrote it back.
        final MqGetSetAttrRecord set = new MqGetSetAttrRecord().wrap(records.get(0), 0);
        assertEquals(0, retval(records.get(0)));
        assertEquals(facts.number("mqdes"), set.mqdes());
        assertEquals(facts.number("mq_inode"), set.mqInode());
        assertNewattr(set, facts);
        assertEquals(facts.number("old_ptr"), set.oldattrPtr());
        assertEquals(ReadStatus.OK, set.oldattrStatus());
        assertArrayEquals(facts.longs("old"), oldattr(set));
        assertArrayEquals(new long[] {0, 4, MSGSIZE, 2}, oldattr(set), "blocking, maxmsg 4, msgsize 64, 2 queued");
        assertEquals(0, records.get(0).getInt(MqGetSetAttrLayout.RESERVED_OFFSET, LITTLE_ENDIAN), "reserved");

        // A descriptor that is not open: *newattr still read at entry, *oldattr not written.
        final MqGetSetAttrRecord bad = new MqGetSetAttrRecord().wrap(records.get(1), 0);
        assertEquals(EBADF, retval(records.get(1)));
        assertEquals(facts.number("bad_mqdes"), bad.mqdes());
        assertEquals(0, bad.mqInode(), "no queue behind a descriptor that is not open");
        assertNewattr(bad, facts);
        assertEquals(facts.number("bad_old_ptr"), bad.oldattrPtr());
        assertEquals(ReadStatus.SKIPPED, bad.oldattrStatus());
        assertArrayEquals(new long[4], oldattr(bad));
    }

    private static void assertNewattr(final MqGetSetAttrRecord getSet, final Facts facts)
    {
        assertEquals(facts.number("nonblock_ptr"), getSet.newattrPtr());
        assertEquals(ReadStatus.OK, getSet.newattrStatus());
        assertArrayEquals(facts.longs("nonblock"), new long[] {getSet.newattrFlags(), getSet.newattrMaxmsg(),
            getSet.newattrMsgsize(), getSet.newattrCurmsgs()});
    }

    private static long[] oldattr(final MqGetSetAttrRecord getSet)
    {
        return new long[] {getSet.oldattrFlags(), getSet.oldattrMaxmsg(), getSet.oldattrMsgsize(), getSet.oldattrCurmsgs()};
    }

    /**
     * The payload keeps the message's first min(--payload-bytes, length) bytes, NULs included, and
     * zeros after them; with --payload-bytes 0 it is SKIPPED and empty.
     */
    private static void assertPayload(final byte[] message, final int payloadBytes, final long status, final long length,
        final byte[] payload, final IntUnaryOperator byteAt)
    {
        final int kept = Math.min(payloadBytes, message.length);
        assertEquals(payloadBytes == 0 ? ReadStatus.SKIPPED : ReadStatus.OK, status, "payload_status");
        assertEquals(kept, length, "payload_len");
        assertArrayEquals(Arrays.copyOf(message, kept), payload, "payload bytes");
        assertZeroFrom(kept, MqTimedSendLayout.PAYLOAD_CAPACITY, byteAt, "payload");
    }

    /** No stale ring bytes: the field is zero from `from` to its end. */
    private static void assertZeroFrom(final int from, final int capacity, final IntUnaryOperator byteAt, final String field)
    {
        for (int i = from; i < capacity; i++)
        {
            assertEquals(0, byteAt.applyAsInt(i), field + " byte " + i + " past the kept bytes");
        }
    }

    /** A byte-array field's copy, through the flyweight's own getter: what the field holds, allocated here. */
    private static byte[] copy(final long length, final FieldCopy getter)
    {
        final byte[] bytes = new byte[(int)length];
        getter.copy(new UnsafeBuffer(bytes), 0, bytes.length);
        return bytes;
    }

    /** A flyweight's {@code getX(destination, destinationOffset, length)}. */
    @FunctionalInterface
    private interface FieldCopy
    {
        void copy(MutableDirectBuffer destination, int destinationOffset, int length);
    }

    private static String name(final DirectBuffer record, final int at, final long length)
    {
        return record.getStringWithoutLengthUtf8(at, (int)length);
    }

    /** comm up to its NUL. */
    private static String comm(final EventHeaderRecord header)
    {
        int length = 0;
        while (length < EventHeaderLayout.COMM_LENGTH && header.commByte(length) != 0)
        {
            length++;
        }
        return name(header.buffer(), header.offset() + EventHeaderLayout.COMM_OFFSET, length);
    }

    private static long retval(final UnsafeBuffer record)
    {
        return new EventHeaderRecord().wrap(record, 0).retval();
    }

    /**
     * The cgroup v2 id of a cgroup path (as /proc/self/cgroup names it): the inode of its directory
     * under the cgroup2 mount.
     */
    private static long cgroupInode(final String cgroupPath) throws IOException
    {
        String mountPoint = null;
        for (final String line : Files.readAllLines(Path.of("/proc/self/mountinfo")))
        {
            // "36 35 0:30 / /sys/fs/cgroup/unified rw,relatime shared:10 - cgroup2 cgroup2 rw"
            final String[] sides = line.split(" - ", 2);
            if (sides.length == 2 && sides[1].startsWith("cgroup2 "))
            {
                mountPoint = sides[0].split(" ")[4];
                break;
            }
        }
        assertNotNull(mountPoint, "no cgroup2 mount in /proc/self/mountinfo");
        return ((Number)Files.getAttribute(Path.of(mountPoint, cgroupPath), "unix:ino")).longValue();
    }

    /** What mq_cases wrote: key=value lines. */
    private record Facts(Map<String, String> values)
    {
        static Facts read(final Path file) throws IOException
        {
            final Map<String, String> values = new HashMap<>();
            for (final String line : Files.readAllLines(file))
            {
                final int eq = line.indexOf('=');
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return new Facts(values);
        }

        String text(final String key)
        {
            final String value = values.get(key);
            assertNotNull(value, "mq_cases wrote no " + key);
            return value;
        }

        /** Pointers are unsigned decimal; every other number fits a long. */
        long number(final String key)
        {
            return Long.parseUnsignedLong(text(key));
        }

        int integer(final String key)
        {
            return Integer.parseInt(text(key));
        }

        long[] longs(final String key)
        {
            return Arrays.stream(text(key).split(",")).mapToLong(Long::parseLong).toArray();
        }

        byte[] bytes(final String key)
        {
            return HexFormat.of().parseHex(text(key));
        }
    }
}
