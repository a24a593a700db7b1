package io.ringcap.bpf;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

/**
 * The libbpf 1.x API ringcap uses, bound directly with JNA. libbpf 1.x reports errors as a
 * negative errno return, or NULL with errno set; callers read errno with
 * {@link io.ringcap.linux.LibC#errno()}.
 */
public final class LibBpf
{
    public static final int LIBBPF_WARN = 0;
    public static final int LIBBPF_INFO = 1;
    public static final int LIBBPF_DEBUG = 2;

    public static final int BTF_KIND_VAR = 14;
    public static final int BTF_KIND_DATASEC = 15;

    static
    {
        Native.register(LibBpf.class, load());
    }

    private LibBpf()
    {
    }

    private static NativeLibrary load()
    {
        try
        {
            return NativeLibrary.getInstance("libbpf.so.1");
        }
        catch (final UnsatisfiedLinkError ex)
        {
            throw new BpfException("libbpf 1.x is not installed (libbpf.so.1 not found): install libbpf1", ex);
        }
    }

    /** {@code libbpf_print_fn_t}: the va_list arrives as a pointer on x86_64. */
    public interface PrintFn extends Callback
    {
        int invoke(int level, Pointer format, Pointer vaList);
    }

    public static native Pointer libbpf_set_print(PrintFn fn);

    public static native int libbpf_num_possible_cpus();

    /** @return 1 if the kernel supports the map type, 0 if not, a negative errno on error. */
    public static native int libbpf_probe_bpf_map_type(int mapType, Pointer opts);

    /** @param opts struct bpf_object_open_opts, or null. */
    public static native Pointer bpf_object__open_mem(Pointer objBuf, long objBufSize, Pointer opts);

    public static native int bpf_object__load(Pointer obj);

    public static native void bpf_object__close(Pointer obj);

    public static native Pointer bpf_object__btf(Pointer obj);

    public static native Pointer bpf_object__next_program(Pointer obj, Pointer prev);

    public static native Pointer bpf_object__next_map(Pointer obj, Pointer prev);

    public static native Pointer bpf_object__find_map_by_name(Pointer obj, String name);

    public static native Pointer bpf_object__find_program_by_name(Pointer obj, String name);

    public static native String bpf_program__name(Pointer prog);

    public static native String bpf_program__section_name(Pointer prog);

    public static native int bpf_program__set_autoload(Pointer prog, boolean autoload);

    public static native Pointer bpf_program__attach(Pointer prog);

    public static native int bpf_link__destroy(Pointer link);

    public static native int bpf_map__fd(Pointer map);

    public static native String bpf_map__name(Pointer map);

    public static native int bpf_map__max_entries(Pointer map);

    public static native int bpf_map__set_max_entries(Pointer map, int maxEntries);

    public static native Pointer bpf_map__initial_value(Pointer map, LongByReference size);

    public static native int bpf_map_lookup_elem(int fd, Pointer key, Pointer value);

    public static native int bpf_map_update_elem(int fd, Pointer key, Pointer value, long flags);

    public static native int btf__find_by_name_kind(Pointer btf, String name, int kind);

    public static native Pointer btf__type_by_id(Pointer btf, int id);

    public static native String btf__name_by_offset(Pointer btf, int offset);
}
