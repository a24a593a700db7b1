package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.bpf.AttachMethod;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.EventHeaderRecord;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqNotifyRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 32-bit syscalls numbered like ringcap's syscalls in the x86_64 table: the raw hook dispatches on
 * the number, so it must skip them as the syscall tracepoints do. native/src/c/ia32_calls.c makes
 * nine of them (int $0x80: 68, 70, 71, 240-245) and then one real mq_notify(-1, NULL); on both
 * hooks the journal holds exactly that mq_notify and no other syscall record.
 */
class Ia32CallsCaptureTest
{
    private static final int EBADF = -9;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @ParameterizedTest(name = "--attach {0}")
    @ValueSource(strings = {"tracepoint", "raw"})
    void ia32CallsAreNotTakenForTheSyscallsTheirNumbersNameOnX8664(final String attach) throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path output = temp.resolve("out.txt");
        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of("/bin/sh", "-c", KernelTests.nativeBin("ia32_calls") + " > " + output), 1 << 20)
            .withAttachCandidates(AttachMethod.candidates(attach))).run();

        assertEquals(attach, result.attachMethod());
        assertEquals(0, result.commandExitCode());
        assertEquals("ia32=0,0,0,-14,-22,-22,-14,-14,-14 mq_notify=-1", Files.readString(output).trim(),
            "the ia32 calls ran (the kernel has ia32 emulation) and returned what they should");
        final List<Integer> syscallTypes = new ArrayList<>();
        final long[] notify = new long[2];
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderRecord header = new EventHeaderRecord();
            final MqNotifyRecord record = new MqNotifyRecord();
            reader.forEachRecord((buffer, offset, length) ->
            {
                final int type = header.wrap(buffer, offset).eventType();
                if (type != EventType.PROCESS_EXEC && type != EventType.GAP)
                {
                    syscallTypes.add(type);
                }
                if (type == EventType.MQ_NOTIFY)
                {
                    record.wrap(buffer, offset);
                    notify[0] = record.mqdes();
                    notify[1] = header.retval();
                }
            });
        }
        assertEquals(List.of(EventType.MQ_NOTIFY), syscallTypes, "only the x86_64 mq_notify");
        assertEquals(-1, notify[0]);
        assertEquals(EBADF, notify[1]);
    }
}
