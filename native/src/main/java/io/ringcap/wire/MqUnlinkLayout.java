package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_mq_unlink} (native/src/bpf/ringcap_event.h): the record for
 * {@code mq_unlink(const char *name)}, 376 bytes. The name is read at syscall entry.
 *
 * <pre>
 *    0  struct rc_header hdr      96 bytes, see {@link EventHeaderLayout}
 *   96  u64 name_ptr              the user pointer, 0 for NULL
 *  104  u32 name_status           {@link ReadStatus}
 *  108  u32 name_len              bytes kept in name, without the NUL
 *  112  u32 name_full_len         the name's whole length: see {@link ReadStatus} for TRUNCATED
 *  116  u32 reserved              0
 *  120  char name[256]            NUL-terminated
 *  376
 * </pre>
 */
public final class MqUnlinkLayout
{
    public static final int NAME_PTR_OFFSET = 96;
    public static final int NAME_STATUS_OFFSET = 104;
    public static final int NAME_LENGTH_OFFSET = 108;
    public static final int NAME_FULL_LENGTH_OFFSET = 112;
    public static final int RESERVED_OFFSET = 116;
    public static final int NAME_OFFSET = 120;
    /** RC_NAME_MAX: name's bytes, its NUL included. */
    public static final int NAME_CAPACITY = 256;
    public static final int LENGTH = 376;

    private MqUnlinkLayout()
    {
    }
}
