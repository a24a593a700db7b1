package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_config} (native/src/bpf/ringcap_event.h), the .rodata variable
 * {@code rc_config} the loader writes before load so the verifier prunes every filter that is off.
 *
 * <pre>
 *   0  u32 filter_root_tgid   0: every process; else only processes forked below this one
 *   4  u32 filter_pid         0: any; else only this tgid
 *   8  u32 filter_uid         0xffffffff: any
 *  12  u32 payload_bytes      message bytes to keep, 0..{@link #PAYLOAD_MAX}
 *  16  u64 filter_cgroup_id   0: any
 *  24  u64 event_mask         bit (1 << event_type) set: wanted
 *  32  u64 submit_flags       BPF_RB_NO_WAKEUP (spinning reader) or 0 (sleeping reader)
 *  40  char filter_comm[16]   "": any
 *  56
 * </pre>
 */
public final class ConfigLayout
{
    public static final String VARIABLE_NAME = "rc_config";
    public static final int FILTER_ROOT_TGID_OFFSET = 0;
    public static final int FILTER_PID_OFFSET = 4;
    public static final int FILTER_UID_OFFSET = 8;
    public static final int PAYLOAD_BYTES_OFFSET = 12;
    public static final int FILTER_CGROUP_ID_OFFSET = 16;
    public static final int EVENT_MASK_OFFSET = 24;
    public static final int SUBMIT_FLAGS_OFFSET = 32;
    public static final int FILTER_COMM_OFFSET = 40;
    public static final int FILTER_COMM_LENGTH = 16;
    public static final int LENGTH = 56;

    /** filter_uid meaning "any user". */
    public static final int ANY_UID = 0xffffffff;
    /** RC_PAYLOAD_MAX: the most message bytes a record can keep. */
    public static final int PAYLOAD_MAX = 256;

    /** bpf_ringbuf_submit flag: no notification to a consumer waiting in epoll. */
    public static final long BPF_RB_NO_WAKEUP = 1;

    private ConfigLayout()
    {
    }
}
