package io.ringcap.replay;

import io.ringcap.wire.EventType;

/**
 * One {@link EventRenderer} per event type, indexed by {@code rc_header.event_type}: the formatters'
 * dispatch is one array load. Each formatter holds its own set (renderers hold flyweights).
 */
final class EventRenderers
{
    private final EventRenderer[] byType = new EventRenderer[EventType.MAX];

    EventRenderers()
    {
        byType[EventType.MQ_NOTIFY] = new MqNotifyRenderer();
        byType[EventType.MQ_OPEN] = new MqOpenRenderer();
        byType[EventType.MQ_UNLINK] = new MqUnlinkRenderer();
        byType[EventType.MQ_TIMEDSEND] = new MqTimedSendRenderer();
        byType[EventType.MQ_TIMEDRECEIVE] = new MqTimedReceiveRenderer();
        byType[EventType.MQ_GETSETATTR] = new MqGetSetAttrRenderer();
        byType[EventType.MQ_NOTIFY_DELIVERED] = new MqNotifyDeliveredRenderer();
        byType[EventType.PROCESS_EXEC] = new ProcessExecRenderer();
        byType[EventType.GAP] = new GapRenderer();
    }

    /**
     * @param eventType a record's event_type, as {@link JournalReader} checked it.
     * @return its renderer.
     * @throws IllegalArgumentException for a type this build cannot render (the reader never delivers one).
     */
    EventRenderer forType(final int eventType)
    {
        final EventRenderer renderer = eventType > 0 && eventType < byType.length ? byType[eventType] : null;
        if (renderer == null)
        {
            throw new IllegalArgumentException("no rendering for event type " + eventType);
        }
        return renderer;
    }
}
