package io.ringcap.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import io.ringcap.linux.LibC;
import java.util.ArrayList;
import java.util.List;

/**
 * One libbpf {@code struct bpf_object}: open from bytes, configure, load, attach, close.
 * A thin owner of native handles; what to load and how to configure it is the caller's business.
 */
public final class BpfObject implements AutoCloseable
{
    private static final int BTF_TYPE_HEADER = 12; // struct btf_type: name_off, info, size/type
    private static final int VAR_SECINFO = 12;     // struct btf_var_secinfo: type, offset, size

    private final String name;
    private final Memory elf; // libbpf reads the ELF until load: keep it reachable
    private final Memory objectName;
    private final List<Pointer> links = new ArrayList<>();
    private Pointer object;
    private boolean loaded;

    private BpfObject(final String name, final Memory elf, final Memory objectName, final Pointer object)
    {
        this.name = name;
        this.elf = elf;
        this.objectName = objectName;
        this.object = object;
    }

    /**
     * @param name object name: libbpf prefixes internal maps with it (e.g. "ringcap.rodata").
     * @param elfBytes the compiled .bpf.o.
     * @return the opened, not yet loaded, object.
     */
    public static BpfObject open(final String name, final byte[] elfBytes)
    {
        LibBpfLog.install();
        final Memory elf = new Memory(elfBytes.length);
        elf.write(0, elfBytes, 0, elfBytes.length);

        final Memory objectName = new Memory(name.length() + 1L);
        objectName.setString(0, name, "US-ASCII");
        final Memory opts = new Memory(16); // bpf_object_open_opts: sz, object_name
        opts.clear();
        opts.setLong(0, 16);
        opts.setPointer(8, objectName);

        final Pointer object = LibBpf.bpf_object__open_mem(elf, elfBytes.length, opts);
        if (null == object)
        {
            throw new BpfException("cannot open BPF object " + name + ": " + LibC.describe(LibC.errno()));
        }
        return new BpfObject(name, elf, objectName, object);
    }

    public String name()
    {
        return name;
    }

    public void setMaxEntries(final String mapName, final int maxEntries)
    {
        final int result = LibBpf.bpf_map__set_max_entries(map(mapName), maxEntries);
        if (result < 0)
        {
            throw new BpfException("cannot size map " + mapName + " to " + maxEntries + ": " + LibC.describe(result));
        }
    }

    /**
     * Writes a {@code const volatile} global before load, found by name through the object's BTF.
     *
     * @return the variable's initial value in libbpf's memory, {@code size} bytes, to be written.
     */
    public Pointer rodataVariable(final String variable, final int size)
    {
        requireNotLoaded("set " + variable);
        final Pointer btf = LibBpf.bpf_object__btf(object);
        final int sectionId = null == btf ? -1 : LibBpf.btf__find_by_name_kind(btf, ".rodata", LibBpf.BTF_KIND_DATASEC);
        if (sectionId < 0)
        {
            throw new BpfException("BPF object " + name + " has no .rodata section in its BTF");
        }
        final Pointer section = LibBpf.btf__type_by_id(btf, sectionId);
        final int vlen = section.getInt(4) & 0xffff;
        for (int i = 0; i < vlen; i++)
        {
            final long secinfo = BTF_TYPE_HEADER + (long)i * VAR_SECINFO;
            final Pointer var = LibBpf.btf__type_by_id(btf, section.getInt(secinfo));
            if (variable.equals(LibBpf.btf__name_by_offset(btf, var.getInt(0))))
            {
                final int offset = section.getInt(secinfo + 4);
                final int varSize = section.getInt(secinfo + 8);
                if (varSize != size)
                {
                    throw new BpfException(variable + " is " + varSize + " bytes in the BPF object, expected " + size);
                }
                final LongByReference mapSize = new LongByReference();
                final Pointer data = LibBpf.bpf_map__initial_value(rodataMap(), mapSize);
                if (null == data || offset + size > mapSize.getValue())
                {
                    throw new BpfException("cannot reach " + variable + " in " + name + ".rodata");
                }
                return data.share(offset, size);
            }
        }
        throw new BpfException("BPF object " + name + " has no .rodata variable " + variable);
    }

    /**
     * Only the named programs load; the others (other attach methods' variants) are left out.
     */
    public void loadOnly(final List<String> programNames)
    {
        requireNotLoaded("choose programs");
        for (Pointer prog = LibBpf.bpf_object__next_program(object, null); null != prog;
            prog = LibBpf.bpf_object__next_program(object, prog))
        {
            LibBpf.bpf_program__set_autoload(prog, programNames.contains(LibBpf.bpf_program__name(prog)));
        }
    }

    public void load()
    {
        requireNotLoaded("load");
        final int result = LibBpf.bpf_object__load(object);
        if (result < 0)
        {
            final String why = LibC.describe(result);
            final boolean permission = result == -1 || result == -13;
            final String hint = !permission ? " (the verifier log is above)" :
                LibC.geteuid() != 0 ? " (loading BPF needs root, or CAP_BPF and CAP_PERFMON)" :
                " (refused although running as root: the kernel does not allow these programs)";
            throw new BpfException("cannot load BPF object " + name + ": " + why + hint);
        }
        loaded = true;
    }

    /**
     * Attaches a loaded program where its SEC() says.
     */
    public void attach(final String programName)
    {
        final Pointer prog = LibBpf.bpf_object__find_program_by_name(object, programName);
        if (null == prog)
        {
            throw new BpfException("BPF object " + name + " has no program " + programName);
        }
        final Pointer link = LibBpf.bpf_program__attach(prog);
        if (null == link)
        {
            throw new BpfException("cannot attach " + programName + " (" + LibBpf.bpf_program__section_name(prog) +
                "): " + LibC.describe(LibC.errno()));
        }
        links.add(link);
    }

    public int mapFd(final String mapName)
    {
        final int fd = LibBpf.bpf_map__fd(map(mapName));
        if (fd < 0)
        {
            throw new BpfException("map " + mapName + " has no file descriptor (not loaded?)");
        }
        return fd;
    }

    public int maxEntries(final String mapName)
    {
        return LibBpf.bpf_map__max_entries(map(mapName));
    }

    /**
     * Sets one entry of a hash map whose key is a u32 and whose value is a u8 (BPF_ANY).
     *
     * @throws BpfException naming the map and the kernel's error (a full map: E2BIG).
     */
    public void putU32U8(final String mapName, final int key, final byte value)
    {
        final Memory keyMemory = new Memory(4);
        keyMemory.setInt(0, key);
        final Memory valueMemory = new Memory(1);
        valueMemory.setByte(0, value);
        if (LibBpf.bpf_map_update_elem(mapFd(mapName), keyMemory, valueMemory, 0) < 0)
        {
            throw new BpfException("cannot set " + mapName + "[" + key + "]: " + LibC.describe(LibC.errno()));
        }
    }

    /**
     * Reads one entry of a per-CPU array map whose value is u64 fields: every possible CPU's copy.
     *
     * @param valueLength bytes in the map's value, a multiple of 8 (the kernel's per-CPU stride).
     * @return {@code possibleCpus() * valueLength / 8} longs, CPU by CPU, each CPU's fields in order.
     */
    public long[] readPerCpu(final String mapName, final int key, final int valueLength)
    {
        final int cpus = LibBpf.libbpf_num_possible_cpus();
        final int fields = valueLength / Long.BYTES;
        final Memory keyMemory = new Memory(4);
        keyMemory.setInt(0, key);
        final Memory values = new Memory((long)valueLength * cpus);
        final int result = LibBpf.bpf_map_lookup_elem(mapFd(mapName), keyMemory, values);
        if (result < 0)
        {
            throw new BpfException("cannot read " + mapName + "[" + key + "]: " + LibC.describe(LibC.errno()));
        }
        final long[] longs = new long[cpus * fields];
        values.read(0, longs, 0, longs.length);
        return longs;
    }

    public static int possibleCpus()
    {
        return LibBpf.libbpf_num_possible_cpus();
    }

    /**
     * Detaches every program; the maps stay readable until {@link #close()}.
     */
    public void detach()
    {
        for (final Pointer link : links)
        {
            LibBpf.bpf_link__destroy(link);
        }
        links.clear();
    }

    @Override
    public void close()
    {
        detach();
        if (null != object)
        {
            LibBpf.bpf_object__close(object);
            object = null;
        }
        elf.close();
        objectName.close();
    }

    private Pointer map(final String mapName)
    {
        final Pointer map = LibBpf.bpf_object__find_map_by_name(object, mapName);
        if (null == map)
        {
            throw new BpfException("BPF object " + name + " has no map " + mapName);
        }
        return map;
    }

    private Pointer rodataMap()
    {
        for (Pointer map = LibBpf.bpf_object__next_map(object, null); null != map;
            map = LibBpf.bpf_object__next_map(object, map))
        {
            if (LibBpf.bpf_map__name(map).endsWith(".rodata"))
            {
                return map;
            }
        }
        throw new BpfException("BPF object " + name + " has no .rodata map");
    }

    private void requireNotLoaded(final String what)
    {
        if (loaded)
        {
            throw new IllegalStateException("cannot " + what + " after load");
        }
    }
}
