package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics [HOST:]PORT}: what binds where, and bad values as one line and exit 2. No kernel needed. */
class MetricsAddressTest
{
    private static final String USAGE = "ringcap: --metrics must be [HOST:]PORT, PORT 0-65535 and HOST an IP address " +
        "or localhost (9464, 0.0.0.0:9464, [::1]:9464): ";

    @TempDir
    Path temp;

    @Test
    void aPortAloneBindsLoopbackOnly() throws Exception
    {
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9464), MetricsAddress.parse("9464"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), MetricsAddress.parse("0"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9464), MetricsAddress.parse("localhost:9464"));
    }

    @Test
    void anExplicitHostBindsThere() throws Exception
    {
        assertEquals(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 9464), MetricsAddress.parse("0.0.0.0:9464"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 65535), MetricsAddress.parse("192.0.2.7:65535"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 9464), MetricsAddress.parse("[::1]:9464"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("::"), 0), MetricsAddress.parse("[::]:0"));
    }

    @Test
    void urlsAreWhatAScraperTypes() throws Exception
    {
        assertEquals("http://127.0.0.1:9464/metrics", MetricsAddress.url(MetricsAddress.parse("9464")));
        assertEquals("http://[0:0:0:0:0:0:0:1]:9464/metrics", MetricsAddress.url(MetricsAddress.parse("[::1]:9464")));
    }

    @Test
    void badValuesAreRefusedWithoutLookingAnythingUp()
    {
        for (final String bad : List.of("abc", "", "65536", "-1", "9464:", ":9464", "host.example:9464", "::1:9464",
            "[::1]", "[nonsense]:9464", "[:::::::::]:9464", "1.2.3:9464", "1.2.3.256:9464", "127.0.0.1:99999"))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse(bad), bad);
            assertEquals(USAGE.substring("ringcap: ".length()) + bad, ex.getMessage());
        }
    }

    @Test
    void aBadValueIsOneLineAndExitTwoBeforeAnyCapture()
    {
        final Path journal = temp.resolve("journal");
        final Outcome outcome = run("--metrics", "abc", "--journal", journal.toString(), "--", "true");
        assertEquals(2, outcome.exit);
        assertEquals(List.of(USAGE + "abc"), outcome.errLines());
        assertFalse(Files.exists(journal), "nothing is created");
    }

    @Test
    void aPortOutOfRangeIsOneLineAndExitTwo()
    {
        final Outcome outcome = run("--metrics", "127.0.0.1:70000", "--", "true");
        assertEquals(2, outcome.exit);
        assertEquals(List.of(USAGE + "127.0.0.1:70000"), outcome.errLines());
    }

    @Test
    void anAddressInUseIsOneLineAndExitTwoBeforeAnyBpfIsLoaded() throws Exception
    {
        final Path journal = temp.resolve("journal");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            final int port = taken.getLocalPort();
            final Outcome outcome = run("--metrics", Integer.toString(port), "--journal", journal.toString(), "--", "true");
            assertEquals(2, outcome.exit);
            assertEquals(List.of("ringcap: --metrics " + port + ": cannot listen on http://127.0.0.1:" + port +
                "/metrics: Address already in use"), outcome.errLines());
        }
        assertFalse(Files.exists(journal), "the capture never started");
    }

    @Test
    void anAddressNotOnThisMachineIsOneLineAndExitTwo()
    {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never assigned to an interface.
        final Outcome outcome = run("--metrics", "192.0.2.7:9464", "--", "true");
        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: --metrics 192.0.2.7:9464: cannot listen on http://192.0.2.7:9464/metrics: " +
            "Cannot assign requested address"), outcome.errLines());
    }

    private static Outcome run(final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = CaptureCommand.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
    }

    private record Outcome(int exit, String err)
    {
        List<String> errLines()
        {
            return err.lines().toList();
        }
    }
}
