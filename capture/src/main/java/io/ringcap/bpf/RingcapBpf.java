package io.ringcap.bpf;

import com.sun.jna.Pointer;
import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.CountersLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ringcap's BPF object: the linked {@code ringcap.bpf.o} resource, configured, loaded and attached
 * with the first attach method that works.
 */
public final class RingcapBpf implements AutoCloseable
{
    public static final String OBJECT_RESOURCE = "/io/ringcap/bpf/ringcap.bpf.o";
    public static final String EVENTS_MAP = "rc_events";
    public static final String COUNTERS_MAP = "rc_counters";
    /** rc_traced_tgids (maps.bpf.h): the processes the tree filter lets through. */
    private static final String TRACED_TGIDS_MAP = "rc_traced_tgids";

    private static final Path KPROBE_PMU = Path.of("/sys/bus/event_source/devices/kprobe");

    private final BpfObject object;
    private final AttachMethod attachMethod;
    private final int ringSize;

    private RingcapBpf(final BpfObject object, final AttachMethod attachMethod, final int ringSize)
    {
        this.object = object;
        this.attachMethod = attachMethod;
        this.ringSize = ringSize;
    }

    /**
     * @param candidates attach methods to try, best first ({@link AttachMethod#candidates(String)}).
     * @param ringSize   ring buffer bytes: a power of two, a multiple of the page size.
     * @param config     filters and submit flags.
     */
    public static RingcapBpf load(final List<AttachMethod> candidates, final int ringSize, final BpfConfig config)
    {
        KernelPreflight.check();
        final byte[] elf = readResource();
        final AttachMethod last = candidates.get(candidates.size() - 1);
        return AttachMethodChooser.choose(candidates, method ->
        {
            LibBpfLog.probing(method != last); // a method with a fallback may fail quietly
            try
            {
                return load(elf, method, ringSize, config);
            }
            finally
            {
                LibBpfLog.probing(false);
            }
        });
    }

    private static RingcapBpf load(final byte[] elf, final AttachMethod method, final int ringSize, final BpfConfig config)
    {
        if (method == AttachMethod.KPROBE && !Files.exists(KPROBE_PMU))
        {
            throw new BpfException("this kernel has no kprobes (no " + KPROBE_PMU + ")");
        }
        if (method == AttachMethod.TRACEPOINT)
        {
            Tracefs.ensureMounted();
        }
        final BpfObject object = BpfObject.open("ringcap", elf);
        try
        {
            object.setMaxEntries(EVENTS_MAP, ringSize);
            writeConfig(object.rodataVariable(ConfigLayout.VARIABLE_NAME, ConfigLayout.LENGTH), config);

            final List<String> programs = new ArrayList<>(AttachMethod.COMMON_PROGRAMS);
            programs.addAll(method.programs());
            object.loadOnly(programs);
            object.load();
            // The tree filter first, so no fork below the root is missed once the hooks fire.
            for (final String program : programs)
            {
                object.attach(program);
            }
            return new RingcapBpf(object, method, ringSize);
        }
        catch (final RuntimeException ex)
        {
            object.close();
            throw ex;
        }
    }

    private static void writeConfig(final Pointer config, final BpfConfig values)
    {
        config.setInt(ConfigLayout.FILTER_ROOT_TGID_OFFSET, values.filterRootTgid());
        config.setInt(ConfigLayout.FILTER_PID_OFFSET, values.filterPid());
        config.setInt(ConfigLayout.FILTER_UID_OFFSET, values.filterUid());
        config.setInt(ConfigLayout.PAYLOAD_BYTES_OFFSET, values.payloadBytes());
        config.setLong(ConfigLayout.FILTER_CGROUP_ID_OFFSET, values.filterCgroupId());
        config.setLong(ConfigLayout.EVENT_MASK_OFFSET, values.eventMask());
        config.setLong(ConfigLayout.SUBMIT_FLAGS_OFFSET, values.wakeups() ? 0 : ConfigLayout.BPF_RB_NO_WAKEUP);
        config.setLong(ConfigLayout.MIN_DURATION_NS_OFFSET, values.minDurationNs());
        config.setInt(ConfigLayout.FAILED_ONLY_OFFSET, values.failedOnly() ? 1 : 0);
        final byte[] comm = new byte[ConfigLayout.FILTER_COMM_LENGTH];
        if (null != values.filterComm())
        {
            final byte[] bytes = values.filterComm().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, comm, 0, Math.min(bytes.length, comm.length - 1));
        }
        config.write(ConfigLayout.FILTER_COMM_OFFSET, comm, 0, comm.length);
    }

    /**
     * Add processes (host tgids) to the traced tree: the fork hook adds every child they fork from
     * now on. Only with a tree root set in the config ({@link BpfConfig#filterRootTgid()}).
     */
    public void traceProcesses(final Iterable<Integer> tgids)
    {
        for (final int tgid : tgids)
        {
            object.putU32U8(TRACED_TGIDS_MAP, tgid, (byte)1);
        }
    }

    public AttachMethod attachMethod()
    {
        return attachMethod;
    }

    public int ringSize()
    {
        return ringSize;
    }

    public int eventsMapFd()
    {
        return object.mapFd(EVENTS_MAP);
    }

    /** @return event records the BPF programs committed to the ring, all CPUs (gap records not included). */
    public long eventsSubmitted()
    {
        return sumCounter(CountersLayout.SUBMITTED_OFFSET, null);
    }

    /**
     * @param perCpu if not null, filled with each CPU's drops.
     * @return events lost because the ring was full, all CPUs.
     */
    public long eventsDropped(final long[] perCpu)
    {
        return sumCounter(CountersLayout.DROPPED_OFFSET, perCpu);
    }

    /** @return gap records the BPF programs committed to the ring, all CPUs. */
    public long gapRecordsSubmitted()
    {
        return sumCounter(CountersLayout.GAP_RECORDS_OFFSET, null);
    }

    /**
     * Drops no gap record in the ring reports yet, per CPU: what the capture journals at stop.
     *
     * @return one entry per CPU with unreported drops, in CPU order.
     */
    public List<UnreportedDrops> unreportedDrops()
    {
        final long[] values = counters();
        final int fields = CountersLayout.LENGTH / Long.BYTES;
        final List<UnreportedDrops> drops = new ArrayList<>();
        for (int cpu = 0; cpu * fields < values.length; cpu++)
        {
            final int base = cpu * fields;
            final long unreported = values[base + CountersLayout.UNREPORTED_OFFSET / Long.BYTES];
            if (unreported > 0)
            {
                drops.add(new UnreportedDrops(cpu, unreported,
                    values[base + CountersLayout.FIRST_DROP_NS_OFFSET / Long.BYTES],
                    values[base + CountersLayout.LAST_DROP_NS_OFFSET / Long.BYTES]));
            }
        }
        return drops;
    }

    /**
     * One CPU's drops that no gap record reports yet.
     *
     * @param cpu     the CPU.
     * @param dropped events lost on it since its last gap record.
     * @param firstNs CLOCK_BOOTTIME of the first of them.
     * @param lastNs  CLOCK_BOOTTIME of the last of them.
     */
    public record UnreportedDrops(int cpu, long dropped, long firstNs, long lastNs)
    {
    }

    private long[] counters()
    {
        return object.readPerCpu(COUNTERS_MAP, CountersLayout.KEY, CountersLayout.LENGTH);
    }

    private long sumCounter(final int fieldOffset, final long[] perCpu)
    {
        final long[] values = counters();
        final int fields = CountersLayout.LENGTH / Long.BYTES;
        long sum = 0;
        for (int cpu = 0; cpu * fields < values.length; cpu++)
        {
            final long value = values[cpu * fields + fieldOffset / Long.BYTES];
            sum += value;
            if (null != perCpu && cpu < perCpu.length)
            {
                perCpu[cpu] = value;
            }
        }
        return sum;
    }

    /** Stops new events; counters and the ring stay readable. */
    public void detach()
    {
        object.detach();
    }

    @Override
    public void close()
    {
        object.close();
    }

    private static byte[] readResource()
    {
        try (InputStream in = RingcapBpf.class.getResourceAsStream(OBJECT_RESOURCE))
        {
            if (null == in)
            {
                throw new BpfException("the BPF object " + OBJECT_RESOURCE + " is not on the classpath (build native first)");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
