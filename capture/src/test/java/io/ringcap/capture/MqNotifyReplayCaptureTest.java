package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README promises about mq_notify that only a real capture shows, read back through replay's JSON
 * (parsed with Jackson) and table: SIGEV_THREAD as the kernel sees it (glibc's netlink socket and
 * cookie), and a signal delivery linked to the registration it fulfils.
 */
class MqNotifyReplayCaptureTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    /**
     * glibc's mq_notify(SIGEV_THREAD) passes the kernel its netlink socket as sigev_signo and a
     * 32-byte cookie starting with the function and the value; the kernel notifies through the
     * socket, so no signal delivery is recorded.
     */
    @Test
    void sigevThreadIsRecordedAsTheKernelSeesIt() throws Exception
    {
        final Path journal = temp.resolve("thread");
        final Path factsFile = temp.resolve("facts.txt");
        capture(journal, "--events", "mq_notify,mq_timedsend,mq_notify_delivered", "--",
            KernelTests.nativeBin("mq_notify_thread").toString(), factsFile.toString());
        final Map<String, String> facts = KernelTests.facts(factsFile);
        assertEquals("1", facts.get("notified"), "glibc's thread ran the function");

        final List<JsonNode> events = json(journal);
        assertEquals(List.of("mq_notify", "mq_timedsend"), events.stream().map(e -> e.get("eventName").asText()).toList(),
            "no mq_notify_delivered: SIGEV_THREAD is a netlink message, not a signal");
        final JsonNode notify = events.get(0);
        assertEquals(Integer.parseInt(facts.get("pid")), notify.get("hostProcessId").asInt());
        assertEquals(0, notify.get("returnValue").asInt());
        assertEquals(Integer.parseInt(facts.get("mqdes")), notify.get("args").get(0).get("value").asInt());
        final JsonNode sigevent = notify.get("ringcap").get("sigevent");
        assertEquals("SIGEV_THREAD", sigevent.get("sigev_notify").asText(), sigevent.toString());
        assertEquals(Integer.parseInt(facts.get("netlink_fd")), sigevent.get("netlink_socket").asInt(), sigevent.toString());
        final byte[] cookie = HexFormat.of().parseHex(sigevent.get("cookie").asText());
        assertEquals(32, cookie.length, "glibc's NOTIFY_COOKIE_LEN");
        final ByteBuffer words = ByteBuffer.wrap(cookie).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Long.parseUnsignedLong(facts.get("function")), words.getLong(0), "the cookie's function");
        assertEquals(Long.parseLong(facts.get("value")), words.getLong(8), "the cookie's sigev_value");
    }

    /** The delivery names its registration: the mq_notify's entry time, same process and queue. */
    @Test
    void aDeliveryIsLinkedToItsRegistrationInReplay() throws Exception
    {
        final Path journal = temp.resolve("deliver");
        final Path factsFile = temp.resolve("facts.txt");
        capture(journal, "--events", "mq_notify,mq_notify_delivered", "--",
            KernelTests.nativeBin("mq_notify_races").toString(), "deliver", factsFile.toString());
        final int pid = Integer.parseInt(KernelTests.facts(factsFile).get("pid"));

        final List<JsonNode> events = json(journal);
        assertEquals(List.of("mq_notify", "mq_notify_delivered"), events.stream().map(e -> e.get("eventName").asText()).toList());
        final JsonNode registration = events.get(0);
        final JsonNode delivery = events.get(1);
        assertEquals("SIGEV_SIGNAL", registration.get("ringcap").get("sigevent").get("sigev_notify").asText());
        assertEquals(pid, arg(delivery, "target_pid").asInt());
        assertEquals("SIGUSR1", arg(delivery, "signal").asText());
        assertEquals(registration.get("ringcap").get("mq_inode").asLong(), arg(delivery, "mq_inode").asLong(), "the same queue");
        assertEquals(registration.get("timestamp").asLong(), arg(delivery, "registration").asLong(),
            "the delivery names its registration by the registration's timestamp");

        final List<String> table = replay(journal, "--format", "table");
        assertEquals(3, table.size(), table.toString());
        final String registeredAt = table.get(1).substring(0, table.get(1).indexOf(' '));
        assertTrue(table.get(2).contains(" mq_notify_delivered ") && table.get(2).endsWith(" registration=" + registeredAt),
            table.toString());
    }

    private static JsonNode arg(final JsonNode event, final String name)
    {
        for (final JsonNode arg : event.get("args"))
        {
            if (name.equals(arg.get("name").asText()))
            {
                return arg.get("value");
            }
        }
        throw new AssertionError("no argument " + name + " in " + event);
    }

    private static void capture(final Path journal, final String... args)
    {
        final List<String> all = new ArrayList<>(List.of("--journal", journal.toString()));
        all.addAll(List.of(args));
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = CaptureCommand.run(all.toArray(new String[0]), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> json(final Path journal) throws Exception
    {
        final List<JsonNode> events = new ArrayList<>();
        for (final String line : replay(journal, "--format", "json"))
        {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private static List<String> replay(final Path journal, final String... args)
    {
        final List<String> all = new ArrayList<>(List.of("--journal", journal.toString()));
        all.addAll(List.of(args));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(ReplayCommand.EXIT_OK, ReplayCommand.run(all.toArray(new String[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        if (TraceeJsonRules.writesJson(args))
        {
            TraceeJsonRules.checkLines(out.toString(StandardCharsets.UTF_8)); // real mq_notify_delivered lines too
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
