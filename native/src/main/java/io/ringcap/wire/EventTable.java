package io.ringcap.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every event ringcap knows, defined once, in the shape of Tracee's {@code pkg/events/core.go}
 * (v0.24.1): per event its rc_event_type, name, kind, amd64 syscall number, Tracee's eventId and
 * sets, and its arguments in Tracee's order with Tracee's type strings, each bound to the record
 * fields it comes from and shown by its {@link ArgKind}. Everything that lists events or arguments
 * derives from here: {@link EventType}'s lookups, the syscalls capture attaches, the event filters
 * of both commands (names and set names), their help text, and replay's one argument writer behind
 * the JSON, table and CSV formats. A new event is its C struct, its {@code .bpf.c}, one row here.
 *
 * <p>Events Tracee does not have keep ringcap's names and take ids from {@value #RINGCAP_EVENT_ID_BASE}
 * on (plus their rc_event_type), above every range Tracee v0.24.1 assigns (its last, test events,
 * ends at 8999).
 */
public final class EventTable
{
    /** Tracee's set of every syscall event. */
    public static final String SYSCALLS = "syscalls";
    /** Tracee's set of the IPC syscalls (SysV and POSIX). */
    public static final String IPC = "ipc";
    /** Tracee's set of the message-queue syscalls, SysV and POSIX: this project's family. */
    public static final String IPC_MSGQ = "ipc_msgq";
    /** Tracee's default set, which holds sched_process_exec. */
    public static final String DEFAULT = "default";
    /** Tracee's set of process lifecycle events. */
    public static final String PROC = "proc";

    /** eventId of an event Tracee does not define: this plus its rc_event_type. */
    public static final int RINGCAP_EVENT_ID_BASE = 10_000;
    /** Tracee v0.24.1's id of sched_process_exec (StartCommonID 700 + its place in the list). */
    public static final int TRACEE_SCHED_PROCESS_EXEC_ID = 715;

    private static final List<String> MSGQ_SETS = List.of(SYSCALLS, IPC, IPC_MSGQ);
    private static final EventDefinition[] BY_TYPE = new EventDefinition[EventType.MAX];

    static
    {
        syscall(EventType.MQ_OPEN, "mq_open", 240, MqOpenLayout.LENGTH)
            .arg(string("name", MqOpenLayout.NAME_PTR_OFFSET, MqOpenLayout.NAME_STATUS_OFFSET,
                MqOpenLayout.NAME_OFFSET, MqOpenLayout.NAME_LENGTH_OFFSET, MqOpenLayout.NAME_FULL_LENGTH_OFFSET,
                MqOpenLayout.NAME_CAPACITY))
            .arg(value("oflag", "int32", ArgKind.OPEN_FLAGS, MqOpenLayout.OFLAG_OFFSET))
            .arg(new ArgDefinition("mode", "uint16", ArgKind.CREATE_MODE, MqOpenLayout.MODE_OFFSET,
                MqOpenLayout.OFLAG_OFFSET, -1, -1, -1, -1, true))
            .arg(pointee("attr", ArgKind.MQ_CREATE_ATTR_POINTER, MqOpenLayout.ATTR_PTR_OFFSET,
                MqOpenLayout.ATTR_STATUS_OFFSET, MqOpenLayout.ATTR_OFFSET))
            .define();

        syscall(EventType.MQ_UNLINK, "mq_unlink", 241, MqUnlinkLayout.LENGTH)
            .arg(string("name", MqUnlinkLayout.NAME_PTR_OFFSET, MqUnlinkLayout.NAME_STATUS_OFFSET,
                MqUnlinkLayout.NAME_OFFSET, MqUnlinkLayout.NAME_LENGTH_OFFSET, MqUnlinkLayout.NAME_FULL_LENGTH_OFFSET,
                MqUnlinkLayout.NAME_CAPACITY))
            .define();

        syscall(EventType.MQ_TIMEDSEND, "mq_timedsend", 242, MqTimedSendLayout.LENGTH)
            .arg(value("mqdes", "int32", ArgKind.INT32, MqTimedSendLayout.MQDES_OFFSET))
            .arg(new ArgDefinition("msg_ptr", "string", ArgKind.MESSAGE, MqTimedSendLayout.MSG_PTR_OFFSET,
                MqTimedSendLayout.PAYLOAD_STATUS_OFFSET, MqTimedSendLayout.PAYLOAD_OFFSET,
                MqTimedSendLayout.PAYLOAD_LENGTH_OFFSET, MqTimedSendLayout.MSG_LEN_OFFSET,
                MqTimedSendLayout.PAYLOAD_CAPACITY, true))
            .arg(value("msg_len", "uint64", ArgKind.UINT64, MqTimedSendLayout.MSG_LEN_OFFSET))
            .arg(value("msg_prio", "uint32", ArgKind.UINT32, MqTimedSendLayout.MSG_PRIO_OFFSET))
            .arg(pointee("abs_timeout", "float64", ArgKind.TIMEOUT, MqTimedSendLayout.ABS_TIMEOUT_PTR_OFFSET,
                MqTimedSendLayout.TIMEOUT_STATUS_OFFSET, MqTimedSendLayout.ABS_TIMEOUT_OFFSET))
            .extra(inode(MqTimedSendLayout.MQ_INODE_OFFSET))
            .define();

        syscall(EventType.MQ_TIMEDRECEIVE, "mq_timedreceive", 243, MqTimedReceiveLayout.LENGTH)
            .arg(value("mqdes", "int32", ArgKind.INT32, MqTimedReceiveLayout.MQDES_OFFSET))
            // The message is as long as the call's return value: -1 says so.
            .arg(new ArgDefinition("msg_ptr", "string", ArgKind.MESSAGE, MqTimedReceiveLayout.MSG_PTR_OFFSET,
                MqTimedReceiveLayout.PAYLOAD_STATUS_OFFSET, MqTimedReceiveLayout.PAYLOAD_OFFSET,
                MqTimedReceiveLayout.PAYLOAD_LENGTH_OFFSET, -1, MqTimedReceiveLayout.PAYLOAD_CAPACITY, true))
            .arg(value("msg_len", "uint64", ArgKind.UINT64, MqTimedReceiveLayout.MSG_LEN_OFFSET))
            .arg(pointee("msg_prio", ArgKind.UINT32_POINTER, MqTimedReceiveLayout.MSG_PRIO_PTR_OFFSET,
                MqTimedReceiveLayout.PRIO_STATUS_OFFSET, MqTimedReceiveLayout.MSG_PRIO_OFFSET))
            .arg(pointee("abs_timeout", "float64", ArgKind.TIMEOUT, MqTimedReceiveLayout.ABS_TIMEOUT_PTR_OFFSET,
                MqTimedReceiveLayout.TIMEOUT_STATUS_OFFSET, MqTimedReceiveLayout.ABS_TIMEOUT_OFFSET))
            .extra(inode(MqTimedReceiveLayout.MQ_INODE_OFFSET))
            .define();

        syscall(EventType.MQ_NOTIFY, "mq_notify", 244, MqNotifyLayout.LENGTH)
            .arg(value("mqdes", "int32", ArgKind.INT32, MqNotifyLayout.MQDES_OFFSET))
            .arg(pointee("sevp", ArgKind.SIGEVENT_POINTER, MqNotifyLayout.SEVP_OFFSET,
                MqNotifyLayout.SEV_STATUS_OFFSET, MqNotifyLayout.SEV_OFFSET))
            .extra(inode(MqNotifyLayout.MQ_INODE_OFFSET))
            .define();

        syscall(EventType.MQ_GETSETATTR, "mq_getsetattr", 245, MqGetSetAttrLayout.LENGTH)
            .arg(value("mqdes", "int32", ArgKind.INT32, MqGetSetAttrLayout.MQDES_OFFSET))
            .arg(pointee("newattr", ArgKind.MQ_ATTR_POINTER, MqGetSetAttrLayout.NEWATTR_PTR_OFFSET,
                MqGetSetAttrLayout.NEWATTR_STATUS_OFFSET, MqGetSetAttrLayout.NEWATTR_OFFSET))
            .arg(pointee("oldattr", ArgKind.MQ_ATTR_POINTER, MqGetSetAttrLayout.OLDATTR_PTR_OFFSET,
                MqGetSetAttrLayout.OLDATTR_STATUS_OFFSET, MqGetSetAttrLayout.OLDATTR_OFFSET))
            .extra(inode(MqGetSetAttrLayout.MQ_INODE_OFFSET))
            .define();

        // Not Tracee's: a notification the kernel delivered for an mq_notify registration.
        new Row(EventType.MQ_NOTIFY_DELIVERED, "mq_notify_delivered", EventDefinition.Kind.KERNEL_EVENT, -1,
            RINGCAP_EVENT_ID_BASE + EventType.MQ_NOTIFY_DELIVERED, List.of(IPC, IPC_MSGQ), List.of(),
            MqNotifyDeliveredLayout.LENGTH)
            .arg(value("target_pid", "int32", ArgKind.INT32, MqNotifyDeliveredLayout.TARGET_PID_OFFSET))
            .arg(value("signal", "string", ArgKind.SIGNAL_NAME, MqNotifyDeliveredLayout.SIGNO_OFFSET))
            .arg(new ArgDefinition("signo", "int32", ArgKind.INT32, MqNotifyDeliveredLayout.SIGNO_OFFSET,
                -1, -1, -1, -1, -1, false))
            .arg(new ArgDefinition("mq_inode", "uint64", ArgKind.UINT64, MqNotifyDeliveredLayout.MQ_INODE_OFFSET,
                -1, -1, -1, -1, -1, false))
            .arg(value("sender_mqdes", "int32", ArgKind.INT32, MqNotifyDeliveredLayout.SENDER_MQDES_OFFSET))
            .arg(value("registration", "uint64", ArgKind.REGISTRATION_TIME, -1))
            .define();

        // Tracee's sched_process_exec with the one argument ringcap has: the path given to execve
        // (Tracee's cmdpath; its pathname is the file's resolved path, which ringcap does not read).
        new Row(EventType.PROCESS_EXEC, "sched_process_exec", EventDefinition.Kind.KERNEL_EVENT, -1,
            TRACEE_SCHED_PROCESS_EXEC_ID, List.of(DEFAULT, PROC), List.of("process_exec"), ProcessExecLayout.LENGTH)
            .arg(string("cmdpath", -1, ProcessExecLayout.FILENAME_STATUS_OFFSET, ProcessExecLayout.FILENAME_OFFSET,
                ProcessExecLayout.FILENAME_LENGTH_OFFSET, ProcessExecLayout.FILENAME_FULL_LENGTH_OFFSET,
                ProcessExecLayout.FILENAME_CAPACITY))
            .define();

        // SysV message queues: Tracee's msgget, msgsnd, msgrcv, msgctl (amd64 68-71), same sets as the POSIX ones.
        syscall(EventType.MSGGET, "msgget", 68, MsggetLayout.LENGTH)
            .arg(value("key", "int32", ArgKind.IPC_KEY, MsggetLayout.KEY_OFFSET))
            .arg(value("msgflg", "int32", ArgKind.IPC_GET_FLAGS, MsggetLayout.MSGFLG_OFFSET))
            .extra(ipcNamespace(MsggetLayout.IPC_NS_OFFSET))
            .define();

        syscall(EventType.MSGSND, "msgsnd", 69, MsgsndLayout.LENGTH)
            .arg(value("msqid", "int32", ArgKind.INT32, MsgsndLayout.MSQID_OFFSET))
            .arg(new ArgDefinition("msgp", "trace.Pointer", ArgKind.MSGBUF_POINTER, MsgsndLayout.MSGP_OFFSET,
                MsgsndLayout.PAYLOAD_STATUS_OFFSET, MsgsndLayout.PAYLOAD_OFFSET, MsgsndLayout.PAYLOAD_LENGTH_OFFSET,
                MsgsndLayout.MSGSZ_OFFSET, MsgsndLayout.PAYLOAD_CAPACITY, true))
            .arg(value("msgsz", "uint64", ArgKind.UINT64, MsgsndLayout.MSGSZ_OFFSET))
            .arg(value("msgflg", "int32", ArgKind.MSG_FLAGS, MsgsndLayout.MSGFLG_OFFSET))
            .extra(mtype(MsgsndLayout.MTYPE_OFFSET, MsgsndLayout.MTYPE_STATUS_OFFSET))
            .extra(ipcNamespace(MsgsndLayout.IPC_NS_OFFSET))
            .define();

        syscall(EventType.MSGRCV, "msgrcv", 70, MsgrcvLayout.LENGTH)
            .arg(value("msqid", "int32", ArgKind.INT32, MsgrcvLayout.MSQID_OFFSET))
            // The text received is as long as the call's return value: -1 says so.
            .arg(new ArgDefinition("msgp", "trace.Pointer", ArgKind.MSGBUF_POINTER, MsgrcvLayout.MSGP_OFFSET,
                MsgrcvLayout.PAYLOAD_STATUS_OFFSET, MsgrcvLayout.PAYLOAD_OFFSET, MsgrcvLayout.PAYLOAD_LENGTH_OFFSET,
                -1, MsgrcvLayout.PAYLOAD_CAPACITY, true))
            .arg(value("msgsz", "uint64", ArgKind.UINT64, MsgrcvLayout.MSGSZ_OFFSET))
            .arg(value("msgtyp", "int64", ArgKind.INT64, MsgrcvLayout.MSGTYP_OFFSET))
            .arg(value("msgflg", "int32", ArgKind.MSG_FLAGS, MsgrcvLayout.MSGFLG_OFFSET))
            .extra(mtype(MsgrcvLayout.MTYPE_OFFSET, MsgrcvLayout.MTYPE_STATUS_OFFSET))
            .extra(ipcNamespace(MsgrcvLayout.IPC_NS_OFFSET))
            .define();

        syscall(EventType.MSGCTL, "msgctl", 71, MsgctlLayout.LENGTH)
            .arg(value("msqid", "int32", ArgKind.INT32, MsgctlLayout.MSQID_OFFSET))
            .arg(value("cmd", "int32", ArgKind.MSGCTL_CMD, MsgctlLayout.CMD_OFFSET))
            .arg(pointee("buf", ArgKind.MSGCTL_BUF, MsgctlLayout.BUF_OFFSET, MsgctlLayout.BUF_STATUS_OFFSET,
                MsgctlLayout.DS_OFFSET))
            .extra(ipcNamespace(MsgctlLayout.IPC_NS_OFFSET))
            .define();

        // Not an event: events lost on one CPU because the ring was full ({@link GapLayout}).
        new Row(EventType.GAP, "gap", EventDefinition.Kind.GAP, -1, RINGCAP_EVENT_ID_BASE + EventType.GAP,
            List.of(), List.of(), GapLayout.LENGTH)
            .define();

        for (int type = 1; type < EventType.MAX; type++)
        {
            if (BY_TYPE[type] == null)
            {
                throw new IllegalStateException("rc_event_type " + type + " has no row in the event table");
            }
        }
    }

    private EventTable()
    {
    }

    /**
     * @param type a record's event_type.
     * @return its row, or null for a type this build does not know.
     */
    public static EventDefinition forType(final int type)
    {
        return type > 0 && type < BY_TYPE.length ? BY_TYPE[type] : null;
    }

    /** @return every row, by rc_event_type. */
    public static List<EventDefinition> all()
    {
        final List<EventDefinition> all = new ArrayList<>(BY_TYPE.length);
        for (int type = 1; type < BY_TYPE.length; type++)
        {
            all.add(BY_TYPE[type]);
        }
        return Collections.unmodifiableList(all);
    }

    /** @return the syscall events, in rc_event_type order: the syscalls capture hooks. */
    public static List<EventDefinition> syscalls()
    {
        final List<EventDefinition> syscalls = new ArrayList<>();
        for (final EventDefinition event : all())
        {
            if (event.isSyscall())
            {
                syscalls.add(event);
            }
        }
        return Collections.unmodifiableList(syscalls);
    }

    /**
     * @param name an event's name or one of its aliases.
     * @return its row, or null.
     */
    public static EventDefinition byName(final String name)
    {
        for (int type = 1; type < BY_TYPE.length; type++)
        {
            final EventDefinition event = BY_TYPE[type];
            if (event.name().equals(name) || event.aliases().contains(name))
            {
                return event;
            }
        }
        return null;
    }

    /** @return each set name and its events, in first-seen order: for help texts and {@code --events ?}. */
    public static Map<String, List<String>> sets()
    {
        final Map<String, List<String>> sets = new LinkedHashMap<>();
        for (final EventDefinition event : all())
        {
            for (final String set : event.sets())
            {
                sets.computeIfAbsent(set, key -> new ArrayList<>()).add(event.name());
            }
        }
        return sets;
    }

    /**
     * Resolve what a user typed after {@code --events}: event names and set names, comma-separated.
     *
     * @param list    e.g. "ipc_msgq" or "mq_open,mq_notify".
     * @param option  the option's name, for the message.
     * @param withGap whether "gap" may be named (replay shows gaps alone; a capture does not choose them:
     *                they are written whenever events are lost).
     * @param chosen  to mark, by rc_event_type.
     * @throws IllegalArgumentException naming the first word that is neither, with what is known.
     */
    public static void select(final String list, final String option, final boolean withGap, final boolean[] chosen)
    {
        for (final String word : list.split(",", -1))
        {
            final String name = word.trim();
            final EventDefinition event = byName(name);
            if (event != null && (withGap || event.kind() != EventDefinition.Kind.GAP))
            {
                chosen[event.type()] = true;
                continue;
            }
            final List<String> members = sets().get(name);
            if (members == null)
            {
                throw new IllegalArgumentException(option + ": unknown event or set '" + name + "' (events: " +
                    String.join(", ", eventNames()) + (withGap ? ", gap" : "") + "; sets: " +
                    String.join(", ", sets().keySet()) + ")");
            }
            for (final String member : members)
            {
                chosen[byName(member).type()] = true;
            }
        }
    }

    /** @return the names a user can choose (gap records are not chosen: they come whenever events are lost). */
    public static Set<String> eventNames()
    {
        final Set<String> names = new LinkedHashSet<>();
        for (final EventDefinition event : all())
        {
            if (event.kind() != EventDefinition.Kind.GAP)
            {
                names.add(event.name());
            }
        }
        return names;
    }

    /** @return a listing of the events with their args and the sets, one per line: {@code --events ?}. */
    public static String describe()
    {
        final StringBuilder text = new StringBuilder("events:\n");
        for (final EventDefinition event : all())
        {
            if (event.kind() == EventDefinition.Kind.GAP)
            {
                continue;
            }
            text.append("  ").append(event.name()).append('(');
            for (int i = 0; i < event.argCount(); i++)
            {
                text.append(i == 0 ? "" : ", ").append(event.arg(i));
            }
            text.append(")  sets: ").append(String.join(",", event.sets())).append('\n');
        }
        text.append("sets:\n");
        for (final Map.Entry<String, List<String>> set : sets().entrySet())
        {
            text.append("  ").append(set.getKey()).append(": ").append(String.join(", ", set.getValue())).append('\n');
        }
        return text.toString();
    }

    private static Row syscall(final int type, final String name, final int syscallNumber, final int recordLength)
    {
        return new Row(type, name, EventDefinition.Kind.SYSCALL, syscallNumber, syscallNumber, MSGQ_SETS, List.of(),
            recordLength);
    }

    private static ArgDefinition value(final String name, final String traceeType, final ArgKind kind, final int offset)
    {
        return new ArgDefinition(name, traceeType, kind, offset, -1, -1, -1, -1, -1, true);
    }

    private static ArgDefinition pointee(
        final String name, final ArgKind kind, final int pointerOffset, final int statusOffset, final int dataOffset)
    {
        return pointee(name, "trace.Pointer", kind, pointerOffset, statusOffset, dataOffset);
    }

    private static ArgDefinition pointee(
        final String name, final String traceeType, final ArgKind kind, final int pointerOffset,
        final int statusOffset, final int dataOffset)
    {
        return new ArgDefinition(name, traceeType, kind, pointerOffset, statusOffset, dataOffset, -1, -1, -1, true);
    }

    private static ArgDefinition string(
        final String name, final int pointerOffset, final int statusOffset, final int dataOffset,
        final int lengthOffset, final int fullLengthOffset, final int fieldLength)
    {
        // The field holds the string and its NUL.
        return new ArgDefinition(name, "string", ArgKind.STRING, pointerOffset, statusOffset, dataOffset,
            lengthOffset, fullLengthOffset, fieldLength - 1, true);
    }

    /** ringcap's extra: the queue the descriptor named (0 when it named none), for joining events. */
    private static ArgDefinition inode(final int offset)
    {
        return new ArgDefinition("mq_inode", "uint64", ArgKind.UINT64, offset, -1, -1, -1, -1, -1, false);
    }

    /** ringcap's extra for the SysV events: the caller's IPC namespace, where msqid names the queue. */
    private static ArgDefinition ipcNamespace(final int offset)
    {
        return new ArgDefinition("ipc_ns", "uint32", ArgKind.UINT32, offset, -1, -1, -1, -1, -1, false);
    }

    /** ringcap's extra for msgsnd and msgrcv: the message's mtype as read from *msgp, in the table too. */
    private static ArgDefinition mtype(final int offset, final int statusOffset)
    {
        return new ArgDefinition("mtype", "int64", ArgKind.USER_INT64, offset, statusOffset, -1, -1, -1, -1, true);
    }

    private static final class Row
    {
        private final int type;
        private final String name;
        private final EventDefinition.Kind kind;
        private final int syscallNumber;
        private final int eventId;
        private final List<String> sets;
        private final List<String> aliases;
        private final int recordLength;
        private final List<ArgDefinition> args = new ArrayList<>();
        private final List<ArgDefinition> extras = new ArrayList<>();

        Row(
            final int type, final String name, final EventDefinition.Kind kind, final int syscallNumber,
            final int eventId, final List<String> sets, final List<String> aliases, final int recordLength)
        {
            this.type = type;
            this.name = name;
            this.kind = kind;
            this.syscallNumber = syscallNumber;
            this.eventId = eventId;
            this.sets = sets;
            this.aliases = aliases;
            this.recordLength = recordLength;
        }

        Row arg(final ArgDefinition arg)
        {
            args.add(arg);
            return this;
        }

        Row extra(final ArgDefinition extra)
        {
            extras.add(extra);
            return this;
        }

        void define()
        {
            if (BY_TYPE[type] != null)
            {
                throw new IllegalStateException("rc_event_type " + type + " defined twice");
            }
            BY_TYPE[type] = new EventDefinition(type, name, kind, syscallNumber, eventId, sets, aliases, recordLength,
                args.toArray(new ArgDefinition[0]), extras.toArray(new ArgDefinition[0]));
        }
    }
}
