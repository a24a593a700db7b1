package io.ringcap.fleet;

import io.ringcap.wire.JournalChecksum;
import io.ringcap.wire.JournalFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The journals a topic holds, rebuilt locally: each origin (host and journal, see
 * {@link FleetRecords}) gets a private Chronicle Queue in a temporary directory into which its
 * excerpts are appended verbatim, in partition order, each origin index once (a record whose index
 * is not past the last one taken is a duplicate: dropped and counted). Replay then reads each local
 * journal with {@link io.ringcap.replay.journal.JournalReader}: the same checks, decoding, filters and
 * formats as a journal on disk. The consumer is assigned every partition (no consumer group, no
 * offsets committed: replaying changes nothing on the broker).
 *
 * <p>With a --since time each partition starts where Kafka's time index says (offsetsForTimes:
 * the first record whose timestamp, the latest event time of its block, is at or after it),
 * not at its beginning. What an origin's events need from before that point, its METADATA,
 * CGROUPS and PROCESSES blocks, comes from the companion topic ({@link FleetRecords#tablesTopic}),
 * which holds every block but EVENTS: a local journal is those blocks, then the records from the
 * seek point on, in origin order. A topic without a companion (shipped by an older ringcap) is read
 * from its beginning; the time filter still applies.
 */
public final class KafkaJournals implements AutoCloseable
{
    private static final Duration POLL = Duration.ofMillis(500);
    private static final byte[] CONTINUES = JournalFormat.META_CONTINUES.getBytes(StandardCharsets.US_ASCII);

    /** One journal of one host, rebuilt. */
    public static final class Origin
    {
        private final String host;
        private final String journal;
        private final Path directory;
        private SingleChronicleQueue queue;
        private ExcerptAppender appender;
        private long lastIndex = Long.MIN_VALUE;
        private long excerpts;
        private boolean pastHead;

        Origin(final String host, final String journal, final Path directory)
        {
            this.host = host;
            this.journal = journal;
            this.directory = directory;
            this.queue = SingleChronicleQueueBuilder.single(directory.toFile()).build();
            this.appender = queue.createAppender();
        }

        public String host()
        {
            return host;
        }

        public String journal()
        {
            return journal;
        }

        /** The local journal directory: a journal replay reads. */
        public Path directory()
        {
            return directory;
        }

        public long excerpts()
        {
            return excerpts;
        }

        /**
         * @return whether a block after the segment's head (METADATA and its CGROUPS and PROCESSES
         *         tables) has reached the local journal: from then on a replay opened on it sees the
         *         tables a replay of the whole journal would start with (the table's CONTAINER column
         *         is decided from them when the replay opens).
         */
        public boolean pastHead()
        {
            return pastHead;
        }

        void close()
        {
            if (appender != null)
            {
                appender.close();
                queue.close();
                appender = null;
                queue = null;
            }
        }
    }

    private final KafkaUrl url;
    private final String hostFilter;
    private final Path work;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Origin> origins = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> ends = new HashMap<>();
    /** With a --since seek: each origin's blocks but EVENTS, by index, from the companion topic. */
    private final Map<String, TreeMap<Long, byte[]>> heads = new HashMap<>();
    private final Map<TopicPartition, Long> startOffsets = new HashMap<>();
    private boolean seeked;
    private final JournalChecksum checksum = new JournalChecksum();
    private long duplicates;
    private long records;

    /**
     * Connect, check the topic, and assign its partitions from their beginning.
     *
     * @param hostFilter only this host's records are kept, or null for all.
     * @throws FleetException in one line when the broker cannot be reached or the topic does not exist.
     */
    public KafkaJournals(final KafkaUrl url, final Path kafkaConfig, final String hostFilter)
    {
        this(url, kafkaConfig, hostFilter, Long.MIN_VALUE);
    }

    /**
     * As {@link #KafkaJournals(KafkaUrl, Path, String)}, each partition from the first record at or
     * after sinceEpochNs (Long.MIN_VALUE: from the beginning) by Kafka's time index.
     */
    public KafkaJournals(final KafkaUrl url, final Path kafkaConfig, final String hostFilter, final long sinceEpochNs)
    {
        this.url = url;
        this.hostFilter = hostFilter;
        final Properties p = KafkaClients.base(url, kafkaConfig);
        p.putIfAbsent("enable.auto.commit", "false");
        p.putIfAbsent("auto.offset.reset", "earliest");
        p.putIfAbsent("max.partition.fetch.bytes", Integer.toString(16 << 20));
        p.putIfAbsent("fetch.max.bytes", Integer.toString(64 << 20));
        p.remove("group.id");
        final long timeoutMs = KafkaClients.callTimeouts(p, 10_000);
        try
        {
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        catch (final org.apache.kafka.common.KafkaException ex)
        {
            throw new FleetException("cannot read from " + url + ": " + KafkaClients.describe(ex));
        }
        try
        {
            final List<PartitionInfo> partitions;
            try
            {
                partitions = consumer.partitionsFor(url.topic(), Duration.ofMillis(timeoutMs));
            }
            catch (final org.apache.kafka.common.errors.TimeoutException ex)
            {
                throw new FleetException("cannot reach Kafka at " + url.bootstrap() + ": no answer in " + timeoutMs / 1000 + " s");
            }
            catch (final org.apache.kafka.common.KafkaException ex)
            {
                throw new FleetException("cannot read topic " + url.topic() + " at " + url.bootstrap() + ": " +
                    KafkaClients.describe(ex));
            }
            if (partitions == null || partitions.isEmpty())
            {
                throw new FleetException("topic " + url.topic() + " does not exist at " + url.bootstrap() +
                    " (ringcap ship creates it)");
            }
            final List<TopicPartition> assigned = new ArrayList<>();
            for (final PartitionInfo partition : partitions)
            {
                assigned.add(new TopicPartition(partition.topic(), partition.partition()));
            }
            if (sinceEpochNs != Long.MIN_VALUE && readHeads(timeoutMs))
            {
                seekByTime(assigned, Math.floorDiv(sinceEpochNs, 1_000_000L), timeoutMs);
            }
            else
            {
                consumer.assign(assigned);
                consumer.seekToBeginning(assigned);
                for (final TopicPartition partition : assigned)
                {
                    startOffsets.put(partition, consumer.position(partition, Duration.ofMillis(timeoutMs)));
                }
            }
            ends.putAll(consumer.endOffsets(assigned, Duration.ofMillis(timeoutMs)));
            work = Files.createTempDirectory("ringcap-kafka-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        catch (final RuntimeException ex)
        {
            consumer.close(Duration.ZERO);
            if (ex instanceof FleetException)
            {
                throw ex;
            }
            throw new FleetException("cannot read from " + url + ": " + KafkaClients.describe(ex));
        }
        catch (final IOException ex)
        {
            consumer.close(Duration.ZERO);
            throw new UncheckedIOException("cannot make a temporary directory: " + ex.getMessage(), ex);
        }
    }

    /**
     * The companion topic read whole (it is small: a few blocks a segment and cycle), each origin's
     * blocks kept by index; @return false when there is none to read (then no seek).
     */
    private boolean readHeads(final long timeoutMs)
    {
        final String companion = FleetRecords.tablesTopic(url.topic());
        final List<PartitionInfo> partitions = consumer.partitionsFor(companion, Duration.ofMillis(timeoutMs));
        if (partitions == null || partitions.isEmpty())
        {
            return false;
        }
        final List<TopicPartition> assigned = new ArrayList<>();
        for (final PartitionInfo partition : partitions)
        {
            assigned.add(new TopicPartition(partition.topic(), partition.partition()));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        final Map<TopicPartition, Long> headEnds = consumer.endOffsets(assigned, Duration.ofMillis(timeoutMs));
        while (!atEnds(headEnds))
        {
            for (final ConsumerRecord<byte[], byte[]> record : pollOnce())
            {
                final String host = FleetRecords.text(record.headers(), FleetRecords.HOST);
                final String journal = FleetRecords.text(record.headers(), FleetRecords.JOURNAL);
                final long at = index(record);
                if (hostFilter == null || hostFilter.equals(host))
                {
                    heads.computeIfAbsent(host + "\u0000" + journal, k -> new TreeMap<>()).putIfAbsent(at, record.value());
                }
            }
        }
        return true;
    }

    private void seekByTime(final List<TopicPartition> assigned, final long sinceMs, final long timeoutMs)
    {
        consumer.assign(assigned);
        final Map<TopicPartition, Long> times = new HashMap<>();
        for (final TopicPartition partition : assigned)
        {
            times.put(partition, sinceMs);
        }
        final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, Duration.ofMillis(timeoutMs));
        final Map<TopicPartition, Long> endOffsets = consumer.endOffsets(assigned, Duration.ofMillis(timeoutMs));
        for (final TopicPartition partition : assigned)
        {
            final OffsetAndTimestamp at = found.get(partition);
            final long offset = at == null ? endOffsets.get(partition) : at.offset(); // none that late: from the end
            consumer.seek(partition, offset);
            startOffsets.put(partition, offset);
        }
        seeked = true;
    }

    /** Read every partition up to the end it had when this was made, then close the local journals for reading. */
    public void readToEnd()
    {
        catchUp();
        for (final Origin origin : origins.values())
        {
            origin.close();
        }
    }

    /** Read every partition up to the end it had when this was made; the local journals stay open for {@link #poll}. */
    public void catchUp()
    {
        while (!atEnds())
        {
            poll();
        }
    }

    private boolean atEnds()
    {
        return atEnds(ends);
    }

    private boolean atEnds(final Map<TopicPartition, Long> ends)
    {
        for (final Map.Entry<TopicPartition, Long> end : ends.entrySet())
        {
            if (consumer.position(end.getKey()) < end.getValue())
            {
                return false;
            }
        }
        return true;
    }

    /** One poll: its records appended to their origins' local journals. */
    public int poll()
    {
        final ConsumerRecords<byte[], byte[]> polled = pollOnce();
        for (final ConsumerRecord<byte[], byte[]> record : polled)
        {
            take(record);
        }
        return polled.count();
    }

    private ConsumerRecords<byte[], byte[]> pollOnce()
    {
        try
        {
            return consumer.poll(POLL);
        }
        catch (final org.apache.kafka.common.KafkaException ex)
        {
            throw new FleetException("cannot read from " + url + ": " + KafkaClients.describe(ex));
        }
    }

    private long index(final ConsumerRecord<byte[], byte[]> record)
    {
        final String index = FleetRecords.text(record.headers(), FleetRecords.INDEX);
        if (FleetRecords.text(record.headers(), FleetRecords.HOST) == null ||
            FleetRecords.text(record.headers(), FleetRecords.JOURNAL) == null || index == null || record.value() == null)
        {
            throw new FleetException("topic " + record.topic() + " holds a record that is not ringcap's (partition " +
                record.partition() + ", offset " + record.offset() + ": no " + FleetRecords.HOST + ", " +
                FleetRecords.JOURNAL + " or " + FleetRecords.INDEX + " header)");
        }
        try
        {
            return Long.parseLong(index);
        }
        catch (final NumberFormatException ex)
        {
            throw new FleetException("topic " + record.topic() + " holds a record with a bad " + FleetRecords.INDEX +
                " '" + index + "' (partition " + record.partition() + ", offset " + record.offset() + ")");
        }
    }

    private void take(final ConsumerRecord<byte[], byte[]> record)
    {
        records++;
        final String host = FleetRecords.text(record.headers(), FleetRecords.HOST);
        final String journal = FleetRecords.text(record.headers(), FleetRecords.JOURNAL);
        final String index = FleetRecords.text(record.headers(), FleetRecords.INDEX);
        final String format = FleetRecords.text(record.headers(), FleetRecords.FORMAT);
        if (host == null || journal == null || index == null || record.value() == null)
        {
            throw new FleetException("topic " + url.topic() + " holds a record that is not ringcap's (partition " +
                record.partition() + ", offset " + record.offset() + ": no " + FleetRecords.HOST + ", " +
                FleetRecords.JOURNAL + " or " + FleetRecords.INDEX + " header)");
        }
        if (format != null && !format.equals(Integer.toString(JournalFormat.FORMAT_VERSION)))
        {
            throw new FleetException("topic " + url.topic() + " holds journal format version " + format + " (partition " +
                record.partition() + ", offset " + record.offset() + "), but this replay reads version " +
                JournalFormat.FORMAT_VERSION + " only");
        }
        if (hostFilter != null && !hostFilter.equals(host))
        {
            return;
        }
        final long at;
        try
        {
            at = Long.parseLong(index);
        }
        catch (final NumberFormatException ex)
        {
            throw new FleetException("topic " + url.topic() + " holds a record with a bad " + FleetRecords.INDEX +
                " '" + index + "' (partition " + record.partition() + ", offset " + record.offset() + ")");
        }
        final String key = host + "\u0000" + journal;
        Origin origin = origins.get(key);
        if (origin == null)
        {
            origin = new Origin(host, journal, work.resolve(Integer.toString(origins.size() + 1)));
            origins.put(key, origin);
            final TreeMap<Long, byte[]> head = heads.remove(key);
            if (head != null)
            {
                appendHead(origin, head.headMap(at));
            }
        }
        if (at <= origin.lastIndex)
        {
            duplicates++; // sent again after a shipper restart: its origin says it was taken
            return;
        }
        append(origin, at, record.value());
    }

    /**
     * After a --since seek, what the events from the seek point on need from before it, in journal
     * order: the blocks of their segment (its METADATA on: tables, restatements). The segment's
     * METADATA goes in as a restatement (continuesSegment 1, sealed again), as the oldest cycle of
     * a journal retention trimmed begins: its first records are not missing, they are before the seek.
     */
    private void appendHead(final Origin origin, final Map<Long, byte[]> before)
    {
        long segmentStart = Long.MIN_VALUE;
        for (final Map.Entry<Long, byte[]> block : before.entrySet())
        {
            if (blockType(block.getValue()) == JournalFormat.BLOCK_METADATA && !contains(block.getValue(), CONTINUES))
            {
                segmentStart = block.getKey();
            }
        }
        for (final Map.Entry<Long, byte[]> block : before.entrySet())
        {
            if (block.getKey() < segmentStart)
            {
                continue; // an earlier segment: none of its events is after the seek point
            }
            if (block.getKey() == segmentStart)
            {
                origin.lastIndex = block.getKey();
                try (DocumentContext dc = origin.appender.writingDocument())
                {
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long start = bytes.writePosition();
                    bytes.write(block.getValue());
                    dc.wire().write(JournalFormat.META_CONTINUES).int32(1);
                    checksum.seal(bytes.addressForWrite(start), (int)(bytes.writePosition() - start));
                }
                origin.excerpts++;
                continue;
            }
            append(origin, block.getKey(), block.getValue());
        }
    }

    private static int blockType(final byte[] value)
    {
        return value.length < JournalFormat.BLOCK_HEADER_LENGTH ? 0 :
            ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt(JournalFormat.BLOCK_TYPE_OFFSET);
    }

    private static boolean contains(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = JournalFormat.BLOCK_HEADER_LENGTH; i <= haystack.length - needle.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void append(final Origin origin, final long at, final byte[] value)
    {
        origin.lastIndex = at;
        try (DocumentContext dc = origin.appender.writingDocument())
        {
            dc.wire().bytes().write(value);
        }
        origin.excerpts++; // after the append: a reader started on excerpts() finds it
        final int type = blockType(value);
        if (type != JournalFormat.BLOCK_METADATA && type != JournalFormat.BLOCK_CGROUPS && type != JournalFormat.BLOCK_PROCESSES)
        {
            origin.pastHead = true;
        }
    }

    /** @return the origins met, host by host (in name order), each host's journals in the order met. */
    public List<Origin> origins()
    {
        final List<Origin> sorted = new ArrayList<>(origins.values());
        sorted.sort((a, b) -> a.host.compareTo(b.host));
        return sorted;
    }

    /** @return records dropped because their origin was already taken. */
    public long duplicates()
    {
        return duplicates;
    }

    /** @return Kafka records read from the topic (the companion's not counted). */
    public long records()
    {
        return records;
    }

    /** @return whether a --since seek placed the partitions by time (false: from their beginning). */
    public boolean seeked()
    {
        return seeked;
    }

    /** @return the offset each partition was read from. */
    public Map<TopicPartition, Long> startOffsets()
    {
        return Map.copyOf(startOffsets);
    }

    /** Close the consumer, and delete the local journals. */
    public void close()
    {
        consumer.close(Duration.ofSeconds(1));
        for (final Origin origin : origins.values())
        {
            origin.close();
        }
        try
        {
            Files.walkFileTree(work, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException exc) throws IOException
                {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ignored)
        {
            // a temporary directory left behind
        }
    }
}
