package io.ringcap.replay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NamesTest
{
    private static final Path ERRNO_BASE_H = Path.of("/usr/include/asm-generic/errno-base.h");
    private static final Path ERRNO_H = Path.of("/usr/include/asm-generic/errno.h");

    @Test
    void errnoNames()
    {
        assertEquals("EBUSY", Errno.name(-16));
        assertEquals("EBUSY", Errno.name(16));
        assertEquals("EBADF", Errno.name(-9));
        assertEquals("ENOENT", Errno.name(-2));
        assertEquals("EAGAIN", Errno.name(-11));
        assertEquals("EFAULT", Errno.name(-14));
        assertEquals("EINVAL", Errno.name(-22));
        assertEquals("EMFILE", Errno.name(-24));
        assertEquals("ENOSYS", Errno.name(-38));
        assertEquals("EMSGSIZE", Errno.name(-90));
        assertEquals("ETIMEDOUT", Errno.name(-110));
        assertEquals("EHWPOISON", Errno.name(-133));
        assertEquals(133, Errno.MAX_ERRNO);
        assertEquals("ERESTARTSYS", Errno.name(-512));
        assertEquals("ERESTART_RESTARTBLOCK", Errno.name(-516));
        assertNull(Errno.name(0));
        assertNull(Errno.name(41));
        assertNull(Errno.name(58));
        assertNull(Errno.name(134));
        assertNull(Errno.name(517));
        assertNull(Errno.name(Long.MIN_VALUE));
        for (int errno = 1; errno <= Errno.MAX_ERRNO; errno++)
        {
            if (errno != 41 && errno != 58)
            {
                assertNotNull(Errno.name(errno), "errno " + errno);
            }
        }
    }

    @Test
    void errnoNamesMatchTheKernelHeaders() throws IOException
    {
        final boolean headers = Files.isReadable(ERRNO_BASE_H) && Files.isReadable(ERRNO_H);
        if (io.ringcap.wire.CiEnvironment.isCi())
        {
            assertTrue(headers, "CI and the kernel uapi headers (linux-libc-dev) are not installed: " + ERRNO_BASE_H);
        }
        assumeTrue(headers, "kernel uapi headers not installed");

        final Pattern define = Pattern.compile("^#define\\s+(E[A-Z0-9_]+)\\s+(\\d+)", Pattern.MULTILINE);
        final Map<Integer, String> fromHeaders = new TreeMap<>();
        for (final Path header : new Path[] {ERRNO_BASE_H, ERRNO_H})
        {
            final Matcher matcher = define.matcher(Files.readString(header));
            while (matcher.find())
            {
                fromHeaders.put(Integer.parseInt(matcher.group(2)), matcher.group(1));
            }
        }

        assertEquals(Errno.MAX_ERRNO - 2, fromHeaders.size(), "numbered errnos in the headers: " + fromHeaders);
        fromHeaders.forEach((errno, name) -> assertEquals(name, Errno.name(errno), "errno " + errno));
    }

    @Test
    void signalNames()
    {
        assertEquals("SIGHUP", Signals.name(1));
        assertEquals("SIGKILL", Signals.name(9));
        assertEquals("SIGUSR1", Signals.name(10));
        assertEquals("SIGUSR2", Signals.name(12));
        assertEquals("SIGSTKFLT", Signals.name(16));
        assertEquals("SIGCHLD", Signals.name(17));
        assertEquals("SIGSYS", Signals.name(31));
        assertEquals("SIGRTMIN", Signals.name(34));
        assertEquals("SIGRTMIN+1", Signals.name(35));
        assertEquals("SIGRTMIN+15", Signals.name(49));
        assertEquals("SIGRTMAX-14", Signals.name(50));
        assertEquals("SIGRTMAX-1", Signals.name(63));
        assertEquals("SIGRTMAX", Signals.name(64));
        assertNull(Signals.name(0));
        assertNull(Signals.name(32));
        assertNull(Signals.name(33));
        assertNull(Signals.name(65));
        assertNull(Signals.name(-10));
        assertEquals("SIGRTMIN+6", Signals.name(40));
        assertSame(Signals.name(40), Signals.name(40), "names are built once: the same String each time");
    }

    @Test
    void signalNamesMatchKillL() throws Exception
    {
        final Path bash = Path.of("/bin/bash");
        if (io.ringcap.wire.CiEnvironment.isCi())
        {
            assertTrue(Files.isExecutable(bash), "CI and no /bin/bash for kill -l");
        }
        assumeTrue(Files.isExecutable(bash), "no /bin/bash for kill -l");

        final Process process = new ProcessBuilder(bash.toString(), "-c", "kill -l").redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(true, process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);

        final Matcher matcher = Pattern.compile("(\\d+)\\) (SIG[A-Z0-9+-]+)").matcher(output);
        int signals = 0;
        while (matcher.find())
        {
            assertEquals(matcher.group(2), Signals.name(Integer.parseInt(matcher.group(1))), output);
            signals++;
        }
        assertEquals(62, signals, "kill -l lists 1..31 and 34..64: " + output);
    }

    @Test
    void sigevNotifyNames()
    {
        assertEquals("SIGEV_SIGNAL", SigevNotify.name(0));
        assertEquals("SIGEV_NONE", SigevNotify.name(1));
        assertEquals("SIGEV_THREAD", SigevNotify.name(2));
        assertEquals("SIGEV_THREAD_ID", SigevNotify.name(4));
        assertNull(SigevNotify.name(3));
        assertNull(SigevNotify.name(-1));
        assertEquals(0, SigevNotify.SIGEV_SIGNAL);
        assertEquals(1, SigevNotify.SIGEV_NONE);
        assertEquals(2, SigevNotify.SIGEV_THREAD);
        assertEquals(4, SigevNotify.SIGEV_THREAD_ID);
    }
}
