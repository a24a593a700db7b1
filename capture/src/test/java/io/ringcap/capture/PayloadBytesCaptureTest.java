package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqTimedReceiveLayout;
import io.ringcap.wire.MqTimedSendLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code --payload-bytes 256}, through the command line: a 516-byte message sent and
 * received is kept as its first 256 bytes in both records, its length whole.
 */
class PayloadBytesCaptureTest
{
    private static final int KEPT = 256;
    private static final int MESSAGE_LENGTH = 516;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void payloadBytes256KeepsTheFirst256BytesOfALongerMessage() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> args = new ArrayList<>(List.of("--journal", journal.toString(), "--payload-bytes", Integer.toString(KEPT),
            "--events", "mq_timedsend,mq_timedreceive", "--"));
        args.addAll(ChildJvm.command(true, SendAndReceive.class.getName(), List.of("/rc-payload-" + ProcessHandle.current().pid())));
        final int exit = CaptureCommand.run(args.toArray(new String[0]), new PrintStream(err, true, StandardCharsets.UTF_8));
        final String output = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, output);
        assertTrue(output.strip().matches("ringcap: 2 events journaled, 0 dropped, journal .*"), output);

        final List<UnsafeBuffer> records = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.forEachRecord((buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                records.add(new UnsafeBuffer(copy));
            });
        }
        assertEquals(2, records.size());
        final byte[] expected = Arrays.copyOf(SendAndReceive.message(), KEPT);

        final UnsafeBuffer send = records.get(0);
        assertEquals(EventType.MQ_TIMEDSEND, new EventHeaderDecoder().wrap(send, 0).eventType());
        assertEquals(0, new EventHeaderDecoder().wrap(send, 0).retval());
        assertEquals(MESSAGE_LENGTH, send.getLong(MqTimedSendLayout.MSG_LEN_OFFSET), "msg_len is the whole length");
        assertEquals(KEPT, send.getInt(MqTimedSendLayout.PAYLOAD_LENGTH_OFFSET), "payload kept");
        final byte[] sent = new byte[KEPT];
        send.getBytes(MqTimedSendLayout.PAYLOAD_OFFSET, sent);
        assertArrayEquals(expected, sent, "the first 256 bytes sent");

        final UnsafeBuffer receive = records.get(1);
        assertEquals(EventType.MQ_TIMEDRECEIVE, new EventHeaderDecoder().wrap(receive, 0).eventType());
        assertEquals(MESSAGE_LENGTH, new EventHeaderDecoder().wrap(receive, 0).retval(), "the message's length received");
        assertEquals(KEPT, receive.getInt(MqTimedReceiveLayout.PAYLOAD_LENGTH_OFFSET), "payload kept");
        final byte[] received = new byte[KEPT];
        receive.getBytes(MqTimedReceiveLayout.PAYLOAD_OFFSET, received);
        assertArrayEquals(expected, received, "the first 256 bytes received");
    }

    /** The workload: mq_open, mq_send of {@link #message()}, mq_receive, mq_unlink, through libc. */
    public static final class SendAndReceive
    {
        interface Rt extends Library
        {
            Rt LIB = Native.load("c", Rt.class);

            int mq_open(String name, int oflag, int mode, Memory attr);

            int mq_send(int mqdes, byte[] msg, long length, int prio);

            long mq_receive(int mqdes, byte[] msg, long length, Memory prio);

            int mq_unlink(String name);
        }

        static byte[] message()
        {
            final byte[] message = new byte[MESSAGE_LENGTH];
            for (int i = 0; i < message.length; i++)
            {
                message[i] = (byte)(i * 7 + 3);
            }
            return message;
        }

        public static void main(final String[] args)
        {
            final Memory attr = new Memory(64);
            attr.clear();
            attr.setLong(8, 2);       // mq_maxmsg
            attr.setLong(16, 1024);   // mq_msgsize
            final int oCreatRdwr = 0100 | 02;
            final int q = Rt.LIB.mq_open(args[0], oCreatRdwr, 0600, attr);
            if (q < 0)
            {
                System.exit(3);
            }
            final byte[] message = message();
            final int sent = Rt.LIB.mq_send(q, message, message.length, 0);
            final byte[] buffer = new byte[1024];
            final long received = Rt.LIB.mq_receive(q, buffer, buffer.length, null);
            Rt.LIB.mq_unlink(args[0]);
            System.exit(sent == 0 && received == MESSAGE_LENGTH ? 0 : 4);
        }
    }
}
