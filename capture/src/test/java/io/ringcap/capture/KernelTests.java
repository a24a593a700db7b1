package io.ringcap.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need the real kernel: root, BTF and libbpf. Under CI=true a missing
 * requirement fails the test (kernel tests must run there); elsewhere it skips with the reason.
 */
final class KernelTests
{
    private KernelTests()
    {
    }

    static void requireBpf()
    {
        final String missing = missingRequirement();
        if (null == missing)
        {
            return;
        }
        if (io.ringcap.wire.CiEnvironment.isCi())
        {
            Assertions.fail("CI=" + System.getenv("CI") + " and this kernel test cannot run: " + missing);
        }
        Assumptions.abort("needs BPF: " + missing);
    }

    /**
     * What a test needs besides BPF (root, a tool): under CI its absence fails the test, elsewhere it
     * skips with the reason.
     */
    static void require(final boolean condition, final String reason)
    {
        if (condition)
        {
            return;
        }
        if (io.ringcap.wire.CiEnvironment.isCi())
        {
            Assertions.fail("CI=" + System.getenv("CI") + " and this test cannot run: " + reason);
        }
        Assumptions.abort(reason);
    }

    static Path nativeBin(final String program)
    {
        final Path path = Path.of(System.getProperty("ringcap.native.bin", "../native/target/bin"), program);
        Assertions.assertTrue(Files.isExecutable(path), "native helper not built: " + path);
        return path;
    }

    /**
     * @return the key=value lines a native test program wrote about what it did.
     */
    static Map<String, String> facts(final Path file)
    {
        final Map<String, String> known = new HashMap<>();
        try
        {
            for (final String line : Files.readAllLines(file))
            {
                final int eq = line.indexOf('=');
                known.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("the native program wrote no facts to " + file, ex);
        }
        return known;
    }

    private static String missingRequirement()
    {
        if (!Files.exists(Path.of("/sys/kernel/btf/vmlinux")))
        {
            return "the kernel has no BTF (/sys/kernel/btf/vmlinux)";
        }
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("Uid:") && !line.split("\\s+")[2].equals("0"))
                {
                    return "not running as root (effective uid " + line.split("\\s+")[2] + ")";
                }
            }
        }
        catch (final IOException ex)
        {
            return "cannot read /proc/self/status: " + ex.getMessage();
        }
        if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libbpf.so.1")) && !Files.exists(Path.of("/lib/x86_64-linux-gnu/libbpf.so.1")))
        {
            return "libbpf.so.1 is not installed";
        }
        return null;
    }
}
