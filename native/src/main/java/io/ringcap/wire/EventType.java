package io.ringcap.wire;

/**
 * {@code enum rc_event_type}: the first field of every record, with what each type's record must
 * measure and what users call it (Tracee's event names; amd64 syscall numbers as Tracee's ids).
 */
public final class EventType
{
    public static final int MQ_NOTIFY = 1;
    public static final int MQ_OPEN = 2;
    public static final int MQ_UNLINK = 3;
    public static final int MQ_TIMEDSEND = 4;
    public static final int MQ_TIMEDRECEIVE = 5;
    public static final int MQ_GETSETATTR = 6;
    public static final int MQ_NOTIFY_DELIVERED = 7;
    public static final int PROCESS_EXEC = 8;
    /**
     * Not an event: events lost on one CPU because the ring was full ({@link GapLayout}). The BPF
     * programs write it whatever the event mask says.
     */
    public static final int GAP = 9;
    /** One past the greatest type: event masks have this many bits in use. */
    public static final int MAX = 10;

    private static final int[] RECORD_LENGTHS = new int[MAX];
    private static final String[] NAMES = new String[MAX];
    private static final int[] SYSCALL_NUMBERS = new int[MAX];

    static
    {
        define(MQ_NOTIFY, "mq_notify", MqNotifyLayout.LENGTH, 244);
        define(MQ_OPEN, "mq_open", MqOpenLayout.LENGTH, 240);
        define(MQ_UNLINK, "mq_unlink", MqUnlinkLayout.LENGTH, 241);
        define(MQ_TIMEDSEND, "mq_timedsend", MqTimedSendLayout.LENGTH, 242);
        define(MQ_TIMEDRECEIVE, "mq_timedreceive", MqTimedReceiveLayout.LENGTH, 243);
        define(MQ_GETSETATTR, "mq_getsetattr", MqGetSetAttrLayout.LENGTH, 245);
        define(MQ_NOTIFY_DELIVERED, "mq_notify_delivered", MqNotifyDeliveredLayout.LENGTH, -1);
        define(PROCESS_EXEC, "process_exec", ProcessExecLayout.LENGTH, -1);
        define(GAP, "gap", GapLayout.LENGTH, -1);
    }

    private EventType()
    {
    }

    private static void define(final int type, final String name, final int length, final int syscallNumber)
    {
        NAMES[type] = name;
        RECORD_LENGTHS[type] = length;
        SYSCALL_NUMBERS[type] = syscallNumber;
    }

    /**
     * @param eventType the record's event_type.
     * @return the record length that type must have, or -1 for a type this build does not know.
     */
    public static int recordLength(final int eventType)
    {
        return eventType > 0 && eventType < MAX ? RECORD_LENGTHS[eventType] : -1;
    }

    /**
     * @param eventType the record's event_type.
     * @return the event's name (Tracee's, for syscalls), or "unknown".
     */
    public static String name(final int eventType)
    {
        return eventType > 0 && eventType < MAX ? NAMES[eventType] : "unknown";
    }

    /**
     * @param name an event name, e.g. "mq_open".
     * @return its type, or -1.
     */
    public static int byName(final String name)
    {
        for (int type = 1; type < MAX; type++)
        {
            if (NAMES[type].equals(name))
            {
                return type;
            }
        }
        return -1;
    }

    /**
     * @return the amd64 syscall number (Tracee's eventId), or -1 for an event that is not a syscall.
     */
    public static int syscallNumber(final int eventType)
    {
        return eventType > 0 && eventType < MAX ? SYSCALL_NUMBERS[eventType] : -1;
    }

    /** @return true for the six message-queue syscalls. */
    public static boolean isSyscall(final int eventType)
    {
        return syscallNumber(eventType) > 0;
    }
}
