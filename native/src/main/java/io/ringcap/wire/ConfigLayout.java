package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_config} (native/src/bpf/ringcap_event.h), the .rodata variable
 * {@code rc_config} the loader writes before load so the verifier can prune what is off.
 *
 * <pre>
 *   0  u32 filter_root_tgid   0: every process; else only processes forked below this one
 *   4  u32 reserved
 *   8  u64 submit_flags       BPF_RB_NO_WAKEUP (spinning reader) or 0 (sleeping reader)
 *  16
 * </pre>
 */
public final class ConfigLayout
{
    public static final String VARIABLE_NAME = "rc_config";
    public static final int FILTER_ROOT_TGID_OFFSET = 0;
    public static final int SUBMIT_FLAGS_OFFSET = 8;
    public static final int LENGTH = 16;

    /** bpf_ringbuf_submit flag: no notification to a consumer waiting in epoll. */
    public static final long BPF_RB_NO_WAKEUP = 1;

    private ConfigLayout()
    {
    }
}
