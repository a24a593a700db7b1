package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.bpf.BpfConfig;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqGetSetAttrRecord;
import io.ringcap.wire.MqNotifyRecord;
import io.ringcap.wire.MqOpenLayout;
import io.ringcap.wire.MqOpenRecord;
import io.ringcap.wire.MqTimedReceiveRecord;
import io.ringcap.wire.MqTimedSendRecord;
import io.ringcap.wire.MqUnlinkLayout;
import io.ringcap.wire.MqUnlinkRecord;
import io.ringcap.wire.ProcessExecLayout;
import io.ringcap.wire.ProcessExecRecord;
import io.ringcap.wire.ReadStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strings at and past what a record holds, and descriptors that are not queues, captured for real:
 * native/src/c/mq_strings.c names queues of 255 bytes (the longest the kernel takes: whole), 256 and
 * 300 bytes and 5000 (refused with ENAMETOOLONG: their first 255 bytes kept, marked TRUNCATED with the
 * length measured, 4096 meaning "at least"), execs itself through a 300-byte path, and calls
 * mq_notify, mq_timedsend, mq_timedreceive and mq_getsetattr on descriptors of "/" and of a regular
 * file (EBADF: mq_inode 0) and on a queue (mq_inode its st_ino).
 */
class MqStringsCaptureTest
{
    private static final String PROGRAM = "mq_strings";
    private static final int KEPT = 255;
    private static final int EBADF = -9;
    private static final int ENAMETOOLONG = -36;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void longStringsAreKeptInPartWithTheirLengthAndOnlyQueuesHaveAnInode() throws Exception
    {
        final Path factsFile = temp.resolve("facts.txt");
        final Path journal = temp.resolve("journal");
        final BpfConfig config = new BpfConfig(0, 0, ConfigLayout.ANY_UID, 0, null, BpfConfig.ALL_EVENTS, 0, false);

        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of(KernelTests.nativeBin(PROGRAM).toString(), factsFile.toString()), 1 << 22)
            .withBpfConfig(config)).run();

        assertEquals(0, result.commandExitCode(), "mq_strings saw every call return what it should");
        assertEquals(0, result.eventsDropped());
        final Map<String, String> facts = KernelTests.facts(factsFile);
        final Map<Integer, List<UnsafeBuffer>> byType = readJournal(journal);
        final String longest = facts.get("longest");
        assertEquals(KEPT, longest.length());

        final List<UnsafeBuffer> opens = byType.get(EventType.MQ_OPEN);
        assertEquals(3, opens.size(), "mq_open records");
        assertName((int)new MqOpenRecord().wrap(opens.get(0), 0).nameStatus(), ReadStatus.OK,
            nameOf(opens.get(0)), longest, 255, 255, retval(opens.get(0)), Long.parseLong(facts.get("mqdes")));
        assertName((int)new MqOpenRecord().wrap(opens.get(1), 0).nameStatus(), ReadStatus.TRUNCATED,
            nameOf(opens.get(1)), facts.get("just_over").substring(0, KEPT), 255, 256, retval(opens.get(1)), ENAMETOOLONG);
        assertName((int)new MqOpenRecord().wrap(opens.get(2), 0).nameStatus(), ReadStatus.TRUNCATED,
            nameOf(opens.get(2)), facts.get("long_name").substring(0, KEPT), 255, 300, retval(opens.get(2)), ENAMETOOLONG);
        for (final UnsafeBuffer open : opens)
        {
            assertEquals(0, new MqOpenRecord().wrap(open, 0).nameByte(KEPT), "the field's NUL after the bytes kept");
        }

        final List<UnsafeBuffer> unlinks = byType.get(EventType.MQ_UNLINK);
        assertEquals(3, unlinks.size(), "mq_unlink records");
        assertName((int)new MqUnlinkRecord().wrap(unlinks.get(0), 0).nameStatus(), ReadStatus.OK,
            unlinkNameOf(unlinks.get(0)), longest, 255, 255, retval(unlinks.get(0)), 0);
        assertName((int)new MqUnlinkRecord().wrap(unlinks.get(1), 0).nameStatus(), ReadStatus.TRUNCATED,
            unlinkNameOf(unlinks.get(1)), facts.get("long_name").substring(0, KEPT), 255, 300, retval(unlinks.get(1)),
            ENAMETOOLONG);
        // 5000 bytes: measured up to PATH_MAX, where the kernel's getname stops too.
        assertName((int)new MqUnlinkRecord().wrap(unlinks.get(2), 0).nameStatus(), ReadStatus.TRUNCATED,
            unlinkNameOf(unlinks.get(2)), facts.get("huge").substring(0, KEPT), 255, ReadStatus.STRING_LENGTH_MAX,
            retval(unlinks.get(2)), ENAMETOOLONG);

        final int root = Integer.parseInt(facts.get("root_fd"));
        final int file = Integer.parseInt(facts.get("file_fd"));
        final int queue = Integer.parseInt(facts.get("mqdes"));
        final long queueInode = Long.parseLong(facts.get("mq_inode"));

        final List<UnsafeBuffer> notifies = byType.get(EventType.MQ_NOTIFY);
        assertEquals(2, notifies.size(), "mq_notify records");
        final MqNotifyRecord notifyRoot = new MqNotifyRecord().wrap(notifies.get(0), 0);
        assertEquals(List.of(root, (long)EBADF, 0L), List.of(notifyRoot.mqdes(), retval(notifies.get(0)), notifyRoot.mqInode()),
            "mq_notify on \"/\": mqdes, retval, mq_inode");
        final MqNotifyRecord notifyQueue = new MqNotifyRecord().wrap(notifies.get(1), 0);
        assertEquals(List.of(queue, 0L, queueInode), List.of(notifyQueue.mqdes(), retval(notifies.get(1)), notifyQueue.mqInode()),
            "mq_notify on the queue: mqdes, retval, mq_inode == st_ino");

        final List<UnsafeBuffer> sends = byType.get(EventType.MQ_TIMEDSEND);
        assertEquals(2, sends.size(), "mq_timedsend records");
        final MqTimedSendRecord sendFile = new MqTimedSendRecord().wrap(sends.get(0), 0);
        assertEquals(List.of(file, (long)EBADF, 0L), List.of(sendFile.mqdes(), retval(sends.get(0)), sendFile.mqInode()),
            "mq_timedsend on a regular file");
        final MqTimedSendRecord sendQueue = new MqTimedSendRecord().wrap(sends.get(1), 0);
        assertEquals(List.of(queue, 0L, queueInode), List.of(sendQueue.mqdes(), retval(sends.get(1)), sendQueue.mqInode()),
            "mq_timedsend on the queue");

        final List<UnsafeBuffer> receives = byType.get(EventType.MQ_TIMEDRECEIVE);
        assertEquals(1, receives.size(), "mq_timedreceive records");
        final MqTimedReceiveRecord receiveFile = new MqTimedReceiveRecord().wrap(receives.get(0), 0);
        assertEquals(List.of(file, (long)EBADF, 0L),
            List.of(receiveFile.mqdes(), retval(receives.get(0)), receiveFile.mqInode()), "mq_timedreceive on a regular file");

        final List<UnsafeBuffer> getsetattrs = byType.get(EventType.MQ_GETSETATTR);
        assertEquals(1, getsetattrs.size(), "mq_getsetattr records");
        final MqGetSetAttrRecord attrRoot = new MqGetSetAttrRecord().wrap(getsetattrs.get(0), 0);
        assertEquals(List.of(root, (long)EBADF, 0L),
            List.of(attrRoot.mqdes(), retval(getsetattrs.get(0)), attrRoot.mqInode()), "mq_getsetattr on \"/\"");

        // The child's exec through a 300-byte path: its first 255 bytes, and its length.
        final int child = Integer.parseInt(facts.get("child"));
        final List<UnsafeBuffer> childExecs = byType.get(EventType.PROCESS_EXEC).stream()
            .filter(record -> new EventHeaderDecoder().wrap(record, 0).hostPid() == child).toList();
        assertEquals(1, childExecs.size(), "the child's process_exec");
        final ProcessExecRecord exec = new ProcessExecRecord().wrap(childExecs.get(0), 0);
        final String execPath = facts.get("exec_path");
        assertEquals(300, execPath.length());
        assertEquals(ReadStatus.TRUNCATED, exec.filenameStatus());
        assertEquals(255, exec.filenameLength());
        assertEquals(300, exec.filenameFullLength());
        final byte[] kept = new byte[KEPT];
        exec.getFilename(new UnsafeBuffer(kept), 0, KEPT);
        assertEquals(execPath.substring(0, KEPT), new String(kept, StandardCharsets.UTF_8));
        assertEquals(0, childExecs.get(0).getByte(ProcessExecLayout.FILENAME_OFFSET + KEPT), "the field's NUL");
    }

    private static void assertName(final int status, final int expectedStatus, final String[] name, final String expected,
        final int length, final long fullLength, final long retval, final long expectedRetval)
    {
        final String what = "name of " + expected.length() + "+ bytes returning " + retval;
        assertEquals(expectedStatus, status, what + ": status");
        assertEquals(expected, name[0], what + ": the bytes kept");
        assertEquals(length, Integer.parseInt(name[1]), what + ": name_len");
        assertEquals(fullLength, Long.parseLong(name[2]), what + ": name_full_len");
        assertEquals(expectedRetval, retval, what + ": retval");
    }

    private static String[] nameOf(final UnsafeBuffer record)
    {
        final MqOpenRecord open = new MqOpenRecord().wrap(record, 0);
        return new String[] {record.getStringWithoutLengthUtf8(MqOpenLayout.NAME_OFFSET, (int)open.nameLength()),
            Long.toString(open.nameLength()), Long.toString(open.nameFullLength())};
    }

    private static String[] unlinkNameOf(final UnsafeBuffer record)
    {
        final MqUnlinkRecord unlink = new MqUnlinkRecord().wrap(record, 0);
        return new String[] {record.getStringWithoutLengthUtf8(MqUnlinkLayout.NAME_OFFSET, (int)unlink.nameLength()),
            Long.toString(unlink.nameLength()), Long.toString(unlink.nameFullLength())};
    }

    private static long retval(final DirectBuffer record)
    {
        return new EventHeaderDecoder().wrap(record, 0).retval();
    }

    /** Every record, copied out by event type, in journal order. */
    private static Map<Integer, List<UnsafeBuffer>> readJournal(final Path journal)
    {
        final Map<Integer, List<UnsafeBuffer>> byType = new HashMap<>();
        for (int type = 1; type < EventType.MAX; type++)
        {
            byType.put(type, new ArrayList<>());
        }
        final EventHeaderDecoder header = new EventHeaderDecoder();
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.forEachRecord((buffer, offset, length) ->
            {
                final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
                copy.putBytes(0, buffer, offset, length);
                byType.get(header.wrap(copy, 0).eventType()).add(copy);
            });
        }
        return byType;
    }
}
