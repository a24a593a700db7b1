package io.ringcap.wire;

/**
 * Offsets of {@code struct rc_mq_open} (native/src/bpf/ringcap_event.h): the record for
 * {@code mq_open(const char *name, int oflag, umode_t mode, struct mq_attr *attr)}, 424 bytes.
 * Everything is read at syscall entry; retval is the new descriptor or -errno.
 *
 * <pre>
 *    0  struct rc_header hdr      96 bytes, see {@link EventHeaderLayout}
 *   96  u64 name_ptr              the user pointer, 0 for NULL
 *  104  u64 attr_ptr
 *  112  s32 oflag                 O_RDONLY/O_WRONLY/O_RDWR | O_CREAT | O_EXCL | O_NONBLOCK
 *  116  u32 mode                  umode_t: meaningful with O_CREAT
 *  120  u32 name_status           {@link ReadStatus}
 *  124  u32 attr_status           SKIPPED without O_CREAT: the kernel ignores attr then
 *  128  struct rc_mq_attr attr    *attr, valid when attr_status == OK, see {@link MqAttrLayout}
 *  160  u32 name_len              bytes kept in name, without the NUL
 *  164  u32 name_full_len         the name's whole length: see {@link ReadStatus} for TRUNCATED
 *  168  char name[256]            NUL-terminated, as given (no leading '/': glibc strips it)
 *  424
 * </pre>
 */
public final class MqOpenLayout
{
    public static final int NAME_PTR_OFFSET = 96;
    public static final int ATTR_PTR_OFFSET = 104;
    public static final int OFLAG_OFFSET = 112;
    public static final int MODE_OFFSET = 116;
    public static final int NAME_STATUS_OFFSET = 120;
    public static final int ATTR_STATUS_OFFSET = 124;
    public static final int ATTR_OFFSET = 128;
    public static final int NAME_LENGTH_OFFSET = 160;
    public static final int NAME_FULL_LENGTH_OFFSET = 164;
    public static final int NAME_OFFSET = 168;
    /** RC_NAME_MAX: name's bytes, its NUL included. */
    public static final int NAME_CAPACITY = 256;
    public static final int LENGTH = 424;

    public static final int ATTR_FLAGS_OFFSET = ATTR_OFFSET + MqAttrLayout.FLAGS;
    public static final int ATTR_MAXMSG_OFFSET = ATTR_OFFSET + MqAttrLayout.MAXMSG;
    public static final int ATTR_MSGSIZE_OFFSET = ATTR_OFFSET + MqAttrLayout.MSGSIZE;
    public static final int ATTR_CURMSGS_OFFSET = ATTR_OFFSET + MqAttrLayout.CURMSGS;

    private MqOpenLayout()
    {
    }
}
