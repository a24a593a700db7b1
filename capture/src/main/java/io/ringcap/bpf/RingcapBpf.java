package io.ringcap.bpf;

import com.sun.jna.Pointer;
import io.ringcap.wire.ConfigLayout;
import io.ringcap.wire.Counters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * ringcap's BPF object: the linked {@code ringcap.bpf.o} resource, configured, loaded and attached.
 */
public final class RingcapBpf implements AutoCloseable
{
    public static final String OBJECT_RESOURCE = "/io/ringcap/bpf/ringcap.bpf.o";
    public static final String EVENTS_MAP = "rc_events";
    public static final String COUNTERS_MAP = "rc_counters";

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
     * @param attachMethod   where the syscall hooks go.
     * @param ringSize       ring buffer bytes: a power of two, a multiple of the page size.
     * @param filterRootTgid 0 to trace every process, else trace only the processes forked below it.
     * @param wakeups        true when the reader sleeps and needs notifications; a spinning reader
     *                       does not, and no-wakeup submits make the traced workload several times faster.
     */
    public static RingcapBpf load(
        final AttachMethod attachMethod, final int ringSize, final int filterRootTgid, final boolean wakeups)
    {
        final BpfObject object = BpfObject.open("ringcap", readResource());
        try
        {
            object.setMaxEntries(EVENTS_MAP, ringSize);
            final Pointer config = object.rodataVariable(ConfigLayout.VARIABLE_NAME, ConfigLayout.LENGTH);
            config.setInt(ConfigLayout.FILTER_ROOT_TGID_OFFSET, filterRootTgid);
            config.setLong(ConfigLayout.SUBMIT_FLAGS_OFFSET, wakeups ? 0 : ConfigLayout.BPF_RB_NO_WAKEUP);

            final List<String> programs = new ArrayList<>(AttachMethod.COMMON_PROGRAMS);
            programs.addAll(attachMethod.programs());
            object.loadOnly(programs);
            object.load();
            if (attachMethod == AttachMethod.TRACEPOINT)
            {
                Tracefs.ensureMounted();
            }
            // The tree filter first, so no fork below the root is missed once the hooks fire.
            for (final String program : programs)
            {
                object.attach(program);
            }
            return new RingcapBpf(object, attachMethod, ringSize);
        }
        catch (final RuntimeException ex)
        {
            object.close();
            throw ex;
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

    /** @return records the BPF programs committed to the ring, all CPUs. */
    public long eventsSubmitted()
    {
        return object.sumPerCpu(COUNTERS_MAP, Counters.SUBMITTED, null);
    }

    /**
     * @param perCpu if not null, filled with each CPU's drops.
     * @return events lost because the ring was full, all CPUs.
     */
    public long eventsDropped(final long[] perCpu)
    {
        return object.sumPerCpu(COUNTERS_MAP, Counters.DROPPED, perCpu);
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
