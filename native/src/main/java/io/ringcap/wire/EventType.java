package io.ringcap.wire;

/**
 * {@code enum rc_event_type}: the first field of every record.
 */
public final class EventType
{
    public static final int MQ_NOTIFY = 1;

    private EventType()
    {
    }

    /**
     * @param eventType the record's event_type.
     * @return the record length that type must have, or -1 for a type this build does not know.
     */
    public static int recordLength(final int eventType)
    {
        switch (eventType)
        {
            case MQ_NOTIFY:
                return MqNotifyLayout.LENGTH;
            default:
                return -1;
        }
    }

    /**
     * @param eventType the record's event_type.
     * @return Tracee's event name, or "unknown".
     */
    public static String name(final int eventType)
    {
        switch (eventType)
        {
            case MQ_NOTIFY:
                return "mq_notify";
            default:
                return "unknown";
        }
    }
}
