package io.ringcap.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.replay.FleetJournals;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.EventHeaderLayout;
import java.nio.ByteOrder;
import java.util.List;

/** Every event a topic holds, read back as replay --from reads it: exactly once and in order. */
final class KafkaCounts
{
    private KafkaCounts()
    {
    }

    /**
     * @return the duplicate records replay dropped; fails unless the topic's one journal holds events
     *         0 .. expected-1 of {@link FleetJournals}, each once, in order.
     */
    static long assertExactlyOnce(final String url, final long expected)
    {
        try (KafkaJournals journals = new KafkaJournals(KafkaUrl.parse(url), null, null))
        {
            journals.readToEnd();
            final List<KafkaJournals.Origin> origins = journals.origins();
            assertEquals(1, origins.size(), "one journal");
            final long[] next = {0};
            try (JournalReader reader = JournalReader.open(origins.get(0).directory()))
            {
                reader.forEachRecord((buffer, offset, length) ->
                {
                    final long entry = buffer.getLong(offset + EventHeaderLayout.ENTRY_NS_OFFSET, ByteOrder.LITTLE_ENDIAN);
                    assertEquals(FleetJournals.FIRST_ENTRY_NS + next[0] * 1_000, entry, "event " + next[0] + " next, once");
                    next[0]++;
                });
                assertEquals(List.of(), reader.damage());
            }
            assertEquals(expected, next[0], "every event");
            return journals.duplicates();
        }
    }
}
