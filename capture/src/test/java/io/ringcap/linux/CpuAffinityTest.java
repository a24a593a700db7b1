package io.ringcap.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cpu-list syntax as the kernel and taskset -c read it, each malformed list's one line, the
 * list the kernel would write for a set, and what sched_getaffinity/sched_setaffinity report.
 */
class CpuAffinityTest
{
    private static final String OPTION = "--capture-cpus";
    private static final String EXAMPLES = "a CPU list reads 1, 0,2, 2-3 or 0-1,4";

    @Test
    void listsParseToExactlyTheCpusNamed()
    {
        assertEquals(cpus(1), CpuAffinity.parse(OPTION, "1"));
        assertEquals(cpus(0), CpuAffinity.parse(OPTION, "0"));
        assertEquals(cpus(0, 2), CpuAffinity.parse(OPTION, "0,2"));
        assertEquals(cpus(2, 3), CpuAffinity.parse(OPTION, "2-3"));
        assertEquals(cpus(0, 1, 4), CpuAffinity.parse(OPTION, "0-1,4"));
        assertEquals(cpus(5), CpuAffinity.parse(OPTION, "5-5"), "a range of one CPU");
        assertEquals(cpus(1, 2, 3), CpuAffinity.parse(OPTION, "3,1-2,2"), "entries in any order, overlapping");
        assertEquals(cpus(7), CpuAffinity.parse(OPTION, "007"), "leading zeros, as the kernel takes them");
        assertEquals(cpus(CpuAffinity.MAX_CPU), CpuAffinity.parse(OPTION, Integer.toString(CpuAffinity.MAX_CPU)));
        final BitSet wide = new BitSet();
        wide.set(8, 64);
        wide.set(100);
        assertEquals(wide, CpuAffinity.parse(OPTION, "8-63,100"));
    }

    @Test
    void eachMalformedListIsOneLineSayingWhatIsWrong()
    {
        final Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "--capture-cpus is empty: name at least one CPU (" + EXAMPLES + ")");
        cases.put(",", "--capture-cpus ,: an empty entry (" + EXAMPLES + ")");
        cases.put("1,", "--capture-cpus 1,: an empty entry (" + EXAMPLES + ")");
        cases.put(",1", "--capture-cpus ,1: an empty entry (" + EXAMPLES + ")");
        cases.put("1,,2", "--capture-cpus 1,,2: an empty entry (" + EXAMPLES + ")");
        cases.put("x", "--capture-cpus x: \"x\" is not a CPU or a range of CPUs (" + EXAMPLES + ")");
        cases.put("1-", "--capture-cpus 1-: \"1-\" is not a CPU or a range of CPUs (" + EXAMPLES + ")");
        cases.put("-1", "--capture-cpus -1: \"-1\" is not a CPU or a range of CPUs (" + EXAMPLES + ")");
        cases.put("1-2-3", "--capture-cpus 1-2-3: \"1-2-3\" is not a CPU or a range of CPUs (" + EXAMPLES + ")");
        cases.put(" 1", "--capture-cpus  1: \" 1\" is not a CPU or a range of CPUs (" + EXAMPLES + ")");
        cases.put("0x1", "--capture-cpus 0x1: \"0x1\" is not a CPU or a range of CPUs (" + EXAMPLES + ")");
        cases.put("1;2", "--capture-cpus 1;2: \"1;2\" is not a CPU or a range of CPUs (" + EXAMPLES + ")");
        cases.put("0-3:2", "--capture-cpus 0-3:2: \"0-3:2\" is not a CPU or a range of CPUs (" + EXAMPLES + ")");
        cases.put("3-1", "--capture-cpus 3-1: the range 3-1 runs backwards");
        cases.put("0,8192", "--capture-cpus 0,8192: CPU 8192 is out of range (0-8191)");
        cases.put("0-99999999999999999999", "--capture-cpus 0-99999999999999999999: CPU 99999999999999999999 is out of range (0-8191)");
        for (final Map.Entry<String, String> entry : cases.entrySet())
        {
            final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CpuAffinity.parse(OPTION, entry.getKey()), entry.getKey());
            assertEquals(entry.getValue(), error.getMessage(), entry.getKey());
        }
    }

    @Test
    void setsAreWrittenAsTheKernelWritesThem()
    {
        assertEquals("1", CpuAffinity.format(cpus(1)));
        assertEquals("0-1", CpuAffinity.format(cpus(0, 1)), "two in a row are a range, as in Cpus_allowed_list");
        assertEquals("0,2", CpuAffinity.format(cpus(0, 2)));
        assertEquals("0-1,4", CpuAffinity.format(cpus(0, 1, 4)));
        assertEquals("0-2,5-6,9", CpuAffinity.format(cpus(0, 1, 2, 5, 6, 9)));
        assertEquals("", CpuAffinity.format(new BitSet()));
        for (final String list : new String[] {"1", "0,2", "2-3", "0-1,4", "8-63,100"})
        {
            assertEquals(list, CpuAffinity.format(CpuAffinity.parse(OPTION, list)));
        }
    }

    @Test
    void cpusOutsideTheAllowedSetAreNamedWithThoseAllowed()
    {
        final BitSet allowed = cpus(0, 1);
        assertEquals(cpus(1), CpuAffinity.requireAllowed(OPTION, "1", cpus(1), allowed));
        assertEquals(cpus(0, 1), CpuAffinity.requireAllowed(OPTION, "0-1", cpus(0, 1), allowed));
        assertEquals("--capture-cpus 2: CPU 2 is not among those this process may run on: 0-1",
            assertThrows(IllegalArgumentException.class,
                () -> CpuAffinity.requireAllowed(OPTION, "2", cpus(2), allowed)).getMessage());
        assertEquals("--capture-cpus 0-5: CPUs 2-5 are not among those this process may run on: 0-1",
            assertThrows(IllegalArgumentException.class,
                () -> CpuAffinity.requireAllowed(OPTION, "0-5", CpuAffinity.parse(OPTION, "0-5"), allowed)).getMessage());
        assertEquals("--capture-cpus 1,3,7: CPUs 3,7 are not among those this process may run on: 0-1",
            assertThrows(IllegalArgumentException.class,
                () -> CpuAffinity.requireAllowed(OPTION, "1,3,7", cpus(1, 3, 7), allowed)).getMessage());
    }

    /** sched_getaffinity of this thread is what the kernel shows in /proc/thread-self/status. */
    @Test
    void theAllowedSetIsTheKernelsCpusAllowedList() throws IOException
    {
        final BitSet allowed = CpuAffinity.allowed();
        assertFalse(allowed.isEmpty());
        assertEquals(cpusAllowedList(Path.of("/proc/thread-self/status")), CpuAffinity.format(allowed));
    }

    /**
     * A CPU the kernel cannot run anything on (none of the machine's): sched_setaffinity fails with
     * EINVAL, changes nothing, and the line names the thread and errno.
     */
    @Test
    void aMaskTheKernelRefusesIsOneLineNamingErrno() throws IOException
    {
        final BitSet before = CpuAffinity.allowed();
        assertFalse(before.get(CpuAffinity.MAX_CPU), "this machine has CPU " + CpuAffinity.MAX_CPU + ": pick another");
        final IllegalStateException error = assertThrows(IllegalStateException.class,
            () -> CpuAffinity.pinAllThreads(cpus(CpuAffinity.MAX_CPU)));
        assertTrue(error.getMessage().matches("sched_setaffinity of thread \\d+ \\([^)]*\\) to CPUs 8191: " +
            "Invalid argument \\(errno 22\\)"), error.getMessage());
        assertEquals(before, CpuAffinity.allowed(), "nothing changed");
        assertEquals(CpuAffinity.format(before), cpusAllowedList(Path.of("/proc/self/status")));
    }

    private static String cpusAllowedList(final Path status) throws IOException
    {
        for (final String line : Files.readAllLines(status))
        {
            if (line.startsWith("Cpus_allowed_list:"))
            {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new AssertionError("no Cpus_allowed_list in " + status);
    }

    private static BitSet cpus(final int... numbers)
    {
        final BitSet set = new BitSet();
        for (final int cpu : numbers)
        {
            set.set(cpu);
        }
        return set;
    }
}
