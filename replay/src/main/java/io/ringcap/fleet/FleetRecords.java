package io.ringcap.fleet;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What {@code ringcap ship} puts on a Kafka topic: one Kafka record per journal excerpt (block), in
 * journal order.
 *
 * <pre>
 * key       UTF-8 "HOST/JOURNAL": every record of one journal lands in one partition, in order.
 * value     the excerpt's bytes verbatim (io.ringcap.wire.JournalFormat, format version 4): the
 *           8-byte block header (type, CRC32C) and the body. METADATA, CGROUPS, PROCESSES,
 *           EVENTS (a span of ring records) and SUMMARY blocks all travel, so a consumer decodes
 *           exactly as replay decodes the journal.
 * headers   ringcap.host     UTF-8 host name from the segment's METADATA
 *           ringcap.journal  UTF-8 journal id: the journal directory's name (20261202-140945-9859)
 *           ringcap.segment  decimal: the capture segment (1, 2, ... in the journal)
 *           ringcap.index    decimal: the excerpt's Chronicle Queue index in the journal (cycle in
 *                            the high bits): with host and journal, the record's origin
 *           ringcap.block    METADATA, EVENTS, SUMMARY, CGROUPS or PROCESSES
 *           ringcap.format   decimal: the journal format version (4)
 * timestamp for EVENTS blocks the latest entry time (wall clock) of the block's records, in ms,
 *           rounded up; other blocks the timestamp of the EVENTS block before them, or, before
 *           the first, the host's boot time (from METADATA). Every record before the one
 *           offsetsForTimes(T) finds holds only events entered before T: replay --since seeks by it.
 * </pre>
 *
 * Every block but EVENTS (METADATA, CGROUPS, PROCESSES, SUMMARY) also goes, with the same key and
 * headers, to the companion topic {@code TOPIC-tables} ({@link #tablesTopic}), before it goes to
 * TOPIC: what a replay that seeks into TOPIC needs to decode the events from there on.
 *
 * A record whose origin (host, journal, index) was already seen is a duplicate (a shipper killed
 * after the broker acknowledged records but before its checkpoint was written sends them again)
 * and replay drops it.
 */
public final class FleetRecords
{
    public static final String HOST = "ringcap.host";
    public static final String JOURNAL = "ringcap.journal";
    public static final String SEGMENT = "ringcap.segment";
    public static final String INDEX = "ringcap.index";
    public static final String BLOCK = "ringcap.block";
    public static final String FORMAT = "ringcap.format";

    private FleetRecords()
    {
    }

    /** @return the companion topic of topic: the blocks but EVENTS, for a --since seek. */
    public static String tablesTopic(final String topic)
    {
        return topic + "-tables";
    }

    static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the header's value as text, or null when the record has no such header. */
    static String text(final Headers headers, final String name)
    {
        final Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
