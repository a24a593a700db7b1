package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "On a terminal it keeps a live status line on stderr meanwhile (events, events/s,
 * drops, ring fill, journal size); --quiet turns it off", on a real terminal: the capture's JVM
 * runs under util-linux {@code script}, which gives it a pseudo-terminal for stdin, stdout and
 * stderr, and records everything written to it. (Not on a terminal, no line is drawn: every other
 * capture test reads stderr through a pipe and expects exactly its lines.)
 */
class CaptureTerminalTest
{
    private static final int CALLS = 2_000;
    /** A status line as {@link StatusLine} draws it, after the carriage return that rewrites the previous one. */
    private static final Pattern STATUS = Pattern.compile(
        "\rringcap: ([\\d,]+) events, ([\\d,]+)/s, ([\\d,]+) dropped, ring (\\d+)% full, journal ([\\d.]+) MiB ");
    private static final Pattern SUMMARY = Pattern.compile(
        "ringcap: (\\d+) events journaled, (\\d+) dropped, journal (.*) \\(attach \\w+, ([0-9.]+) s\\)");
    /** An overall bound on each step, not a measurement. */
    private static final long TIMEOUT_SECONDS = 120;
    /** How long a --quiet capture is watched for a status line: three of its 1 s redraw intervals. */
    private static final long QUIET_WATCH_MS = 3_000;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    /**
     * The workload makes its calls and then idles until the test has seen a status line counting
     * all of them; then the capture ends, the line is erased and the summary starts on a clean line.
     */
    @Test
    void aStatusLineIsDrawnOnATerminalCountingTheEventsAndErasedBeforeTheSummary() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path release = temp.resolve("release");
        final Path loaded = temp.resolve("loaded");
        final Path screen = temp.resolve("screen");
        final Process capture = onTerminal(screen, List.of("--journal", journal.toString(), "--events", "mq_notify",
            "--", "sh", "-c", workload(loaded, release)));
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!statusLineCounting(Files.readString(screen, StandardCharsets.UTF_8), CALLS))
            {
                assertTrue(capture.isAlive(), "the capture ended early: " + printable(screen));
                assertTrue(System.nanoTime() - deadline < 0, "no status line counting " + CALLS + " events within " +
                    TIMEOUT_SECONDS + " s: " + printable(screen));
                Thread.sleep(20);
            }
            Files.createFile(release);
            assertTrue(capture.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the capture ended: " + printable(screen));
        }
        finally
        {
            capture.destroyForcibly();
        }
        final String text = Files.readString(screen, StandardCharsets.UTF_8);
        assertEquals(0, capture.exitValue(), printable(screen));

        final Matcher status = STATUS.matcher(text);
        long last = -1;
        int drawn = 0;
        while (status.find())
        {
            drawn++;
            final long events = Long.parseLong(status.group(1).replace(",", ""));
            assertTrue(events >= last && events <= CALLS, "the count only grows, up to the calls made: " + printable(screen));
            assertEquals("0", status.group(3), "no drops: " + printable(screen));
            last = events;
        }
        assertTrue(drawn >= 1, printable(screen));
        assertEquals(CALLS, last, "the last line drawn counts every call");

        // Erased ("\r" and erase-to-end-of-line) right before the summary, which is the last line.
        final int erase = text.lastIndexOf("\r\033[K");
        assertTrue(erase > text.lastIndexOf("\rringcap: " + String.format(Locale.ROOT, "%,d", CALLS) + " events,"),
            "erased after the last status line: " + printable(screen));
        final String summary = text.substring(erase + "\r\033[K".length()).strip();
        final Matcher matcher = SUMMARY.matcher(summary);
        assertTrue(matcher.matches(), "the summary follows the erased line, alone: " + printable(screen));
        assertEquals(String.valueOf(CALLS), matcher.group(1));
        assertEquals("0", matcher.group(2));
    }

    /**
     * The same capture with --quiet: the terminal gets the summary line only, watched while the
     * capture idles for three redraw intervals after the calls.
     */
    @Test
    void quietDrawsNoStatusLineOnATerminal() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path release = temp.resolve("release");
        final Path loaded = temp.resolve("loaded");
        final Path screen = temp.resolve("screen");
        final Process capture = onTerminal(screen, List.of("--quiet", "--journal", journal.toString(), "--events", "mq_notify",
            "--", "sh", "-c", workload(loaded, release)));
        watchThenRelease(capture, loaded, release, screen);
        final String text = Files.readString(screen, StandardCharsets.UTF_8);
        assertEquals(0, capture.exitValue(), printable(screen));
        assertFalse(text.replace("\r\n", "\n").contains("\r"), "no status line (the terminal ends lines with \\r\\n): " +
            printable(screen));
        assertFalse(text.contains("\033"), "no erase sequence: " + printable(screen));
        final List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), printable(screen));
        final Matcher matcher = SUMMARY.matcher(lines.get(0));
        assertTrue(matcher.matches(), printable(screen));
        assertEquals(String.valueOf(CALLS), matcher.group(1));
    }

    /**
     * On a terminal, but with stderr sent to a file ({@code 2>file}): the status line is stderr's,
     * so the file gets the summary line only (stdin and stdout are still the terminal: a check of
     * System.console() drew the line into the file).
     */
    @Test
    void stderrToAFileGetsNoStatusLine() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path release = temp.resolve("release");
        final Path loaded = temp.resolve("loaded");
        final Path screen = temp.resolve("screen");
        final Path stderr = temp.resolve("stderr");
        final Process capture = onTerminal(screen, List.of("--journal", journal.toString(), "--events", "mq_notify",
            "--", "sh", "-c", workload(loaded, release)), " 2>'" + stderr + "'");
        watchThenRelease(capture, loaded, release, screen);
        assertEquals(0, capture.exitValue(), printable(screen));
        final String text = Files.readString(stderr, StandardCharsets.UTF_8);
        final String shown = text.replace("\r", "\\r").replace("\033", "\\e");
        assertFalse(text.contains("\r") || text.contains("\033"), "no status line in the file: " + shown);
        final List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), shown);
        final Matcher matcher = SUMMARY.matcher(lines.get(0));
        assertTrue(matcher.matches(), shown);
        assertEquals(String.valueOf(CALLS), matcher.group(1));
    }

    /**
     * Wait for the workload's calls, watch the idle capture for three redraw intervals, release the
     * workload and wait for the capture to end.
     */
    private static void watchThenRelease(final Process capture, final Path loaded, final Path release, final Path screen)
        throws IOException, InterruptedException
    {
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!Files.exists(loaded))
            {
                assertTrue(capture.isAlive(), "the capture ended early: " + printable(screen));
                assertTrue(System.nanoTime() - deadline < 0, "the workload did not finish its calls: " + printable(screen));
                Thread.sleep(20);
            }
            Thread.sleep(QUIET_WATCH_MS);
            Files.createFile(release);
            assertTrue(capture.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the capture ended: " + printable(screen));
        }
        finally
        {
            capture.destroyForcibly();
        }
    }

    /** mq_load's calls, a file saying they are made, then idle until the test creates {@code release}. */
    private static String workload(final Path loaded, final Path release)
    {
        return KernelTests.nativeBin("mq_load") + " -n " + CALLS + " >/dev/null && touch " + loaded +
            " && while [ ! -e " + release + " ]; do sleep 0.05; done";
    }

    /**
     * The capture's JVM under {@code script -qfec CMD /dev/null}: stdin, stdout and stderr are one
     * pseudo-terminal, so {@code System.console()} is there, as in a user's shell; script copies what
     * the terminal shows to its own stdout (here a file) and exits with the command's code.
     */
    private static Process onTerminal(final Path screen, final List<String> args) throws IOException
    {
        return onTerminal(screen, args, "");
    }

    /** @param redirect shell redirections after the command, e.g. {@code 2>file}. */
    private static Process onTerminal(final Path screen, final List<String> args, final String redirect) throws IOException
    {
        final List<String> jvm = ChildJvm.command(true, CaptureCommand.class.getName(), args);
        final StringBuilder command = new StringBuilder();
        for (final String word : jvm)
        {
            command.append(command.length() == 0 ? "" : " ").append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return new ProcessBuilder("script", "-qfec", command + redirect, "/dev/null")
            .redirectOutput(screen.toFile()).redirectErrorStream(true).start();
    }

    private static boolean statusLineCounting(final String text, final long events)
    {
        final Matcher status = STATUS.matcher(text);
        while (status.find())
        {
            if (Long.parseLong(status.group(1).replace(",", "")) == events)
            {
                return true;
            }
        }
        return false;
    }

    /** The screen with its control characters shown, for failure messages. */
    private static String printable(final Path screen) throws IOException
    {
        return Files.readString(screen, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\033", "\\e");
    }
}
