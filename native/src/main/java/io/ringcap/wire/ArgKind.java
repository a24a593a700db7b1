package io.ringcap.wire;

/**
 * How one argument of an {@link EventTable} row is read from its record and shown. The JSON value
 * always has the shape of the row's Tracee type string; what the record holds beyond it (what a
 * pointer pointed to, a read that failed, a string cut short) goes to ringcap's own object, and the
 * table shows the decoded form. Which record fields a kind reads: {@link ArgDefinition}.
 */
public enum ArgKind
{
    /** s32 field; JSON number, table decimal. */
    INT32,
    /** u32 field; JSON number, table decimal. */
    UINT32,
    /** s64 field. */
    INT64,
    /** u64 field (a size, an inode); JSON and table the unsigned number. */
    UINT64,
    /** u64 user pointer; JSON the number (trace.Pointer), table 0x-hex or NULL. */
    POINTER,
    /** s32 open(2) flags; JSON the number, table O_RDWR|O_CREAT. */
    OPEN_FLAGS,
    /**
     * u32 umode_t; JSON the number (uint16), table octal; shown in the table only when the field at
     * {@link ArgDefinition#statusOffset()} (the event's oflag) has O_CREAT, as strace does.
     */
    CREATE_MODE,
    /**
     * A NUL-terminated string read from user memory: status, kept length, full length, bytes. JSON the
     * bytes read (also when truncated) or null; a fault and a truncation are said in ringcap's object.
     */
    STRING,
    /**
     * A message buffer (Tracee's "string" msg_ptr): the pointer, and the message's first bytes when
     * --payload-bytes kept them. JSON the bytes as a string or null; ringcap's object has the
     * pointer and the bytes in hex; the table shows the bytes as {@code payload=}.
     */
    MESSAGE,
    /**
     * A {@code const struct timespec *} (Tracee's float64 seconds): pointer, status, the timespec.
     * JSON seconds with nine decimals or null; ringcap's object has {tv_sec, tv_nsec}.
     */
    TIMEOUT,
    /** A {@code struct mq_attr *}: pointer, status, the struct; ringcap's object has all four fields. */
    MQ_ATTR_POINTER,
    /** mq_open's {@code struct mq_attr *}: only mq_maxmsg and mq_msgsize are read by the kernel. */
    MQ_CREATE_ATTR_POINTER,
    /** An {@code unsigned int *} written back by the call: pointer, status, the value. */
    UINT32_POINTER,
    /**
     * mq_notify's {@code const struct sigevent *}: pointer, the entry reading and, when another thread
     * rewrote it during the call, the exit reading (the TOCTOU race). Fields of {@code MqNotifyLayout}.
     */
    SIGEVENT_POINTER,
    /** A signal number (s32) shown by name: JSON a string (or null for a number with no name). */
    SIGNAL_NAME,
    /**
     * mq_notify_delivered's link to the registration it delivers: the matching mq_notify's entry
     * time in ns since the epoch, from the replay so far; JSON null when none was seen.
     */
    REGISTRATION_TIME,

    // SysV message queues
    /** A SysV IPC key (s32); JSON the number, table {@code IPC_PRIVATE} or hex. */
    IPC_KEY,
    /** msgget's s32 msgflg; JSON the number, table {@code IPC_CREAT|IPC_EXCL|0600}. */
    IPC_GET_FLAGS,
    /** msgsnd's and msgrcv's s32 msgflg; JSON the number, table {@code IPC_NOWAIT|MSG_NOERROR}, or 0. */
    MSG_FLAGS,
    /** msgctl's s32 cmd; JSON the number, table {@code IPC_STAT}, {@code MSG_INFO}, ... */
    MSGCTL_CMD,
    /**
     * A {@code struct msgbuf *} (Tracee's trace.Pointer msgp): the pointer, and the text's first bytes
     * when --payload-bytes kept them (the same fields as {@link #MESSAGE}). JSON the pointer;
     * ringcap's object has the text in hex as {@code payload}; the table shows it as {@code payload=}.
     * The message's mtype is the row's extra of kind {@link #USER_INT64}.
     */
    MSGBUF_POINTER,
    /**
     * An s64 read from user memory: the value at {@code offset}, its {@link ReadStatus} at
     * {@code statusOffset}. JSON the number, or null / {@code {"error":"EFAULT"}}; the table leaves a
     * SKIPPED one out (the call failed: RET says so).
     */
    USER_INT64,
    /**
     * msgctl's {@code struct msqid_ds *buf}: the pointer, and what was read through it, a struct
     * msqid_ds or (IPC_INFO, MSG_INFO) a struct msginfo, as the cmd says. Fields of {@code MsgctlLayout}.
     */
    MSGCTL_BUF
}
