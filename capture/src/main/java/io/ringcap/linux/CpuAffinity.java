package io.ringcap.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * CPU affinity of this process's threads, in the kernel's cpu-list syntax ({@code 1}, {@code 0,2},
 * {@code 2-3}, {@code 0-1,4}: what taskset -c takes and /proc's Cpus_allowed_list shows).
 * <p>
 * Why capture pins its own threads: on a 2-core machine the traced workload was runnable but
 * off-CPU about 18% of a run, preempted by the capture JVM's other threads (the journal's pretoucher
 * waking 500 times a second, C2 compiler threads, the drain thread landing on its CPU). With every
 * capture thread on one CPU ({@code taskset -a -p -c 1} once the workload had started) the
 * workload ran a median of about 610 k calls/s against 462 k (4 pairs of 1 M-call runs, 0 drops
 * either way).
 */
public final class CpuAffinity
{
    /** The largest CPU number taken: the kernel is built for at most 8192 CPUs (NR_CPUS). */
    public static final int MAX_CPU = 8191;

    private static final String EXAMPLES = "a CPU list reads 1, 0,2, 2-3 or 0-1,4";
    /** cpu_set_t words for CPUs 0..MAX_CPU: 1 KiB, at least nr_cpu_ids / 8 bytes on any kernel. */
    private static final int MASK_WORDS = (MAX_CPU + 1) / Long.SIZE;
    private static final Path TASKS = Path.of("/proc/self/task");

    private CpuAffinity()
    {
    }

    /**
     * @param option the option's name, for the message.
     * @param text   a cpu list: entries N or N-M, comma-separated, nothing else.
     * @return the CPUs named, never empty.
     * @throws IllegalArgumentException one line naming the option, the text and what is wrong with it.
     */
    public static BitSet parse(final String option, final String text)
    {
        if (text.isEmpty())
        {
            throw new IllegalArgumentException(option + " is empty: name at least one CPU (" + EXAMPLES + ")");
        }
        final BitSet cpus = new BitSet();
        int start = 0;
        while (start <= text.length())
        {
            final int comma = text.indexOf(',', start);
            final int end = comma < 0 ? text.length() : comma;
            addEntry(option, text, text.substring(start, end), cpus);
            start = end + 1;
        }
        return cpus;
    }

    /**
     * @return cpus as the kernel writes a cpu list: runs of two or more as N-M, e.g. 0-1,4.
     */
    public static String format(final BitSet cpus)
    {
        final StringBuilder text = new StringBuilder();
        int first = cpus.nextSetBit(0);
        while (first >= 0)
        {
            final int end = cpus.nextClearBit(first);
            if (text.length() > 0)
            {
                text.append(',');
            }
            text.append(first);
            if (end - 1 > first)
            {
                text.append('-').append(end - 1);
            }
            first = cpus.nextSetBit(end);
        }
        return text.toString();
    }

    /**
     * @param allowed the CPUs this process may run on ({@link #allowed()}).
     * @return cpus, when all of them are allowed.
     * @throws IllegalArgumentException one line naming those that are not, and those that are.
     */
    public static BitSet requireAllowed(final String option, final String text, final BitSet cpus, final BitSet allowed)
    {
        final BitSet outside = (BitSet)cpus.clone();
        outside.andNot(allowed);
        if (outside.isEmpty())
        {
            return cpus;
        }
        throw new IllegalArgumentException(option + " " + text + ": " +
            (outside.cardinality() == 1 ? "CPU " + format(outside) + " is" : "CPUs " + format(outside) + " are") +
            " not among those this process may run on: " + format(allowed));
    }

    /** @return the CPUs the calling thread may run on (sched_getaffinity: its mask, online CPUs only). */
    public static BitSet allowed()
    {
        return of(0);
    }

    /**
     * @param tid a thread id, 0 for the calling thread.
     * @return the CPUs it may run on.
     * @throws IllegalStateException naming errno when the kernel refuses.
     */
    public static BitSet of(final int tid)
    {
        final long[] mask = new long[MASK_WORDS];
        if (0 != LibC.sched_getaffinity(tid, (long)MASK_WORDS * Long.BYTES, mask))
        {
            final int errno = LibC.errno();
            throw new IllegalStateException("sched_getaffinity of thread " + tid + ": " + LibC.describe(errno) +
                " (errno " + errno + ")");
        }
        return BitSet.valueOf(mask);
    }

    /**
     * Sets the affinity of every thread of this process to cpus. A thread inherits its creator's
     * mask, so /proc/self/task is listed again after each pass until a listing holds no thread not
     * seen before: one created meanwhile by a thread not yet pinned is caught there, and every later
     * one is created by a pinned thread. A thread that ended meanwhile (ESRCH) is passed over.
     *
     * @param cpus not empty, within {@link #MAX_CPU}.
     * @return the threads pinned.
     * @throws IllegalStateException naming the thread and errno when the kernel refuses one; the
     *                               threads pinned before it stay pinned.
     */
    public static int pinAllThreads(final BitSet cpus)
    {
        if (cpus.isEmpty() || cpus.length() > MAX_CPU + 1)
        {
            throw new IllegalArgumentException("no CPUs, or a CPU above " + MAX_CPU + ": " + format(cpus));
        }
        final long[] mask = new long[MASK_WORDS];
        final long[] words = cpus.toLongArray();
        System.arraycopy(words, 0, mask, 0, words.length);
        final Set<Integer> seen = new HashSet<>();
        int pinned = 0;
        boolean foundNew = true;
        while (foundNew)
        {
            foundNew = false;
            for (final int tid : threads())
            {
                if (!seen.add(tid))
                {
                    continue;
                }
                foundNew = true;
                if (0 == LibC.sched_setaffinity(tid, (long)MASK_WORDS * Long.BYTES, mask))
                {
                    pinned++;
                    continue;
                }
                final int errno = LibC.errno();
                if (errno != LibC.ESRCH)
                {
                    throw new IllegalStateException("sched_setaffinity of thread " + tid + " (" + threadName(tid) +
                        ") to CPUs " + format(cpus) + ": " + LibC.describe(errno) + " (errno " + errno + ")");
                }
            }
        }
        return pinned;
    }

    /** @return the tids in /proc/self/task now. */
    public static Set<Integer> threads()
    {
        final Set<Integer> tids = new HashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS))
        {
            for (final Path task : tasks)
            {
                tids.add(Integer.parseInt(task.getFileName().toString()));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + TASKS, ex);
        }
        return tids;
    }

    private static String threadName(final int tid)
    {
        try
        {
            return Files.readString(TASKS.resolve(Integer.toString(tid)).resolve("comm")).trim();
        }
        catch (final IOException ex)
        {
            return "ended";
        }
    }

    private static void addEntry(final String option, final String text, final String entry, final BitSet cpus)
    {
        if (entry.isEmpty())
        {
            throw new IllegalArgumentException(option + " " + text + ": an empty entry (" + EXAMPLES + ")");
        }
        final int dash = entry.indexOf('-');
        final int first = cpu(option, text, entry, dash < 0 ? entry : entry.substring(0, dash));
        final int last = dash < 0 ? first : cpu(option, text, entry, entry.substring(dash + 1));
        if (last < first)
        {
            throw new IllegalArgumentException(option + " " + text + ": the range " + entry + " runs backwards");
        }
        cpus.set(first, last + 1);
    }

    private static int cpu(final String option, final String text, final String entry, final String digits)
    {
        long value = 0;
        for (int i = 0; i < digits.length(); i++)
        {
            final char c = digits.charAt(i);
            if (c < '0' || c > '9')
            {
                value = -1;
                break;
            }
            value = Math.min(value * 10 + (c - '0'), Integer.MAX_VALUE);
        }
        if (digits.isEmpty() || value < 0)
        {
            throw new IllegalArgumentException(option + " " + text + ": \"" + entry +
                "\" is not a CPU or a range of CPUs (" + EXAMPLES + ")");
        }
        if (value > MAX_CPU)
        {
            throw new IllegalArgumentException(option + " " + text + ": CPU " + digits + " is out of range (0-" + MAX_CPU + ")");
        }
        return (int)value;
    }
}
