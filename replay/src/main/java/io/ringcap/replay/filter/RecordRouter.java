package io.ringcap.replay.filter;

import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.journal.RecordHandler;
import io.ringcap.wire.EventDefinition;
import io.ringcap.wire.EventTable;
import io.ringcap.wire.JournalMetadata;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;

/**
 * One walk's path from the journal to a sink: every record first updates the walk's one
 * {@link ReplayContext} (so an exec the filters leave out still names the executable of the events
 * after it), then meets the filter, then reaches the sink as an event or a gap. It counts what it
 * saw and passed, and stops the walk (by {@link LimitReached}) once {@code -n} events have passed.
 */
public final class RecordRouter implements RecordHandler
{
    private static final int MAX_TYPE = 256;
    /** Which record types are gaps, from the event table: the only kind test on the path. */
    private static final boolean[] GAP = new boolean[MAX_TYPE];

    static
    {
        for (final EventDefinition event : EventTable.all())
        {
            GAP[event.type()] = event.kind() == EventDefinition.Kind.GAP;
        }
    }

    private final ReplayContext context;
    private final EventFilter filter;
    private final EventSink sink;
    private final EventHeaderDecoder header = new EventHeaderDecoder();
    private long limit = Long.MAX_VALUE;
    private AtomicLong budget;
    private long records;
    private long gaps;
    private long matched;
    private long matchedGaps;

    /**
     * @param context the walk's context, updated by every record.
     * @param filter  what to pass on; null passes everything.
     * @param sink    where passed records go.
     */
    public RecordRouter(final ReplayContext context, final EventFilter filter, final EventSink sink)
    {
        this.context = context;
        this.filter = filter;
        this.sink = sink;
    }

    /** @return a router that passes every record to sink. */
    public static RecordRouter all(final ReplayContext context, final EventSink sink)
    {
        return new RecordRouter(context, null, sink);
    }

    /**
     * @param maxEvents stop the walk once this many events (not gaps) have passed; null: never.
     * @return this.
     */
    public RecordRouter limit(final Long maxEvents)
    {
        return limit(maxEvents, null);
    }

    /**
     * As {@link #limit(Long)}, or, with a budget, once the budget that walks over other journals share
     * is spent (a replay from Kafka walks one journal per host, on its own thread).
     *
     * @param maxEvents -n; null: never stop.
     * @param budget    -n shared with other walks, or null: this walk's own.
     * @return this.
     */
    public RecordRouter limit(final Long maxEvents, final AtomicLong budget)
    {
        limit = maxEvents == null ? Long.MAX_VALUE : maxEvents;
        this.budget = maxEvents == null ? null : budget;
        return this;
    }

    /** Records from here on belong to a segment with this METADATA (another capture appended). */
    public void onSegment(final JournalMetadata metadata)
    {
        context.metadata(metadata);
        if (filter != null)
        {
            filter.metadata(metadata);
        }
    }

    public void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        records++;
        final EventHeaderDecoder header = this.header.wrap(buffer, offset);
        context.onRecord(header);
        final int type = header.eventType();
        final boolean gap = type >= 0 && type < MAX_TYPE && GAP[type];
        if (gap)
        {
            gaps++;
        }
        if (filter != null && !filter.matches(header))
        {
            return;
        }
        matched++;
        if (gap)
        {
            matchedGaps++;
            sink.onGap(buffer, offset, length);
            return;
        }
        final AtomicLong budget = this.budget;
        if (budget != null && budget.getAndDecrement() <= 0)
        {
            budget.set(0);
            matched--;
            throw LimitReached.INSTANCE; // another walk took the last event wanted
        }
        sink.onEvent(buffer, offset, length);
        if (budget != null ? budget.get() <= 0 : matched - matchedGaps >= limit)
        {
            throw LimitReached.INSTANCE;
        }
    }

    /** @return records walked, gaps included. */
    public long records()
    {
        return records;
    }

    /** @return gap records walked. */
    public long gaps()
    {
        return gaps;
    }

    /** @return records passed to the sink, gaps included. */
    public long matched()
    {
        return matched;
    }

    /** @return gap records passed to the sink. */
    public long matchedGaps()
    {
        return matchedGaps;
    }

    /** -n's stop: thrown once, through the journal walk, when the last event wanted was delivered. */
    public static final class LimitReached extends RuntimeException
    {
        /** The one instance: it carries no stack trace, so throwing it allocates nothing. */
        public static final LimitReached INSTANCE = new LimitReached();
        private static final long serialVersionUID = 1L;

        private LimitReached()
        {
            super("-n reached", null, false, false);
        }
    }
}
