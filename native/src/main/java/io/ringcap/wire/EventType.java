package io.ringcap.wire;

/**
 * {@code enum rc_event_type}: the first field of every record. Everything else about a type (its
 * name, record length, syscall number, args) is its {@link EventTable} row; these lookups read it.
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
    // SysV message queues (ringcap_event.h: struct rc_msgget ...)
    public static final int MSGGET = 10;
    public static final int MSGSND = 11;
    public static final int MSGRCV = 12;
    public static final int MSGCTL = 13;
    /** One past the greatest type: event masks have this many bits in use. */
    public static final int MAX = 14;

    private EventType()
    {
    }

    /**
     * @param eventType the record's event_type.
     * @return the record length that type must have, or -1 for a type this build does not know.
     */
    public static int recordLength(final int eventType)
    {
        final EventDefinition event = EventTable.forType(eventType);
        return event == null ? -1 : event.recordLength();
    }

    /**
     * @param eventType the record's event_type.
     * @return the event's name (Tracee's where Tracee has the event), or "unknown".
     */
    public static String name(final int eventType)
    {
        final EventDefinition event = EventTable.forType(eventType);
        return event == null ? "unknown" : event.name();
    }

    /**
     * @param name an event name, e.g. "mq_open", or an alias.
     * @return its type, or -1.
     */
    public static int byName(final String name)
    {
        final EventDefinition event = EventTable.byName(name);
        return event == null ? -1 : event.type();
    }

    /**
     * @return the amd64 syscall number, or -1 for an event that is not a syscall.
     */
    public static int syscallNumber(final int eventType)
    {
        final EventDefinition event = EventTable.forType(eventType);
        return event == null ? -1 : event.syscallNumber();
    }

    /** @return true for the syscall events. */
    public static boolean isSyscall(final int eventType)
    {
        final EventDefinition event = EventTable.forType(eventType);
        return event != null && event.isSyscall();
    }
}
