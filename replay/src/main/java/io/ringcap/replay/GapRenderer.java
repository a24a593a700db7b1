package io.ringcap.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * gap: events lost on one CPU because the ring was full, shown where they were lost. Table and CSV
 * ARGS: {@code cpu=1 dropped=1234 first=10:15:42.123456789 last=10:15:42.223456789} (first and last
 * in UTC). A gap is no task's event, so the formatters leave the task columns blank and JSON writes
 * a shorter object of its own ({@link JsonFormatter}); these JSON args are its fields.
 */
final class GapRenderer implements EventRenderer
{
    private static final byte[] DROPPED = ",\"dropped\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FIRST_TIMESTAMP = ",\"firstTimestamp\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_TIMESTAMP = ",\"lastTimestamp\":".getBytes(StandardCharsets.US_ASCII);

    private final GapDecoder gap = new GapDecoder();
    private final EventHeaderDecoder header = new EventHeaderDecoder();

    public int argsNum()
    {
        return 0;
    }

    /** Writes {@code "dropped":N,"firstTimestamp":ns,"lastTimestamp":ns} as fields of the open object. */
    public void writeJsonArgs(final DirectBuffer buffer, final int offset, final JsonOutput json) throws IOException
    {
        final GapDecoder gap = this.gap.wrap(buffer, offset);
        final ReplayContext context = json.context();
        json.raw(DROPPED);
        json.unsigned(gap.dropped());
        json.raw(FIRST_TIMESTAMP);
        json.number(context.toEpochNs(gap.firstNs()));
        json.raw(LAST_TIMESTAMP);
        json.number(context.toEpochNs(gap.lastNs()));
    }

    public void appendTableArgs(final DirectBuffer buffer, final int offset, final TableLine table)
    {
        final GapDecoder gap = this.gap.wrap(buffer, offset);
        final ReplayContext context = table.context();
        table.arg("cpu").append(header.wrap(buffer, offset).cpu());
        table.arg("dropped").append(gap.dropped());
        table.arg("first");
        table.timeOfDay(context.toEpochNs(gap.firstNs()));
        table.arg("last");
        table.timeOfDay(context.toEpochNs(gap.lastNs()));
    }
}
