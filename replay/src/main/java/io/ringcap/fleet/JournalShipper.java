package io.ringcap.fleet;

import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.ReadOnlyJournalQueue;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.RingRecordCursor;
import io.ringcap.wire.ShipCheckpoint;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a journal's excerpts to a Kafka topic ({@link FleetRecords} says what goes on the
 * wire), from its checkpoint on, with an idempotent producer ({@code acks=all}); the checkpoint
 * ({@link ShipCheckpoint}) moves only over excerpts the broker acknowledged. Reads the journal as a
 * reader does (read-only, sidecar locks): the capture never waits for it, and the journal is the
 * buffer while the broker is down or slow. A broker that stops answering makes the shipper pause
 * and retry with backoff, saying so in one line on stderr; it catches up when the broker is back.
 */
public final class JournalShipper
{
    /** How long without an acknowledgement, records in flight, before the outage line. */
    private static final long OUTAGE_NOTICE_MS = 5_000;
    private static final long CHECKPOINT_EVERY_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final byte[] CONTINUES = JournalFormat.META_CONTINUES.getBytes(StandardCharsets.US_ASCII);

    private final Path journal;
    private final KafkaUrl to;
    private final Path kafkaConfig;
    private final PrintStream err;
    private final BooleanSupplier stop;
    private final boolean follow;
    private final Path checkpointFile;
    private final AtomicReference<ShipCheckpoint> acknowledged = new AtomicReference<>();
    private final AtomicReference<Exception> failed = new AtomicReference<>();
    private volatile long lastAckMs = System.currentTimeMillis();
    /** When the oldest send not yet acknowledged was made (sends go out after quiet spells in --follow). */
    private long inFlightSinceMs;
    private ShipCheckpoint written;
    private boolean outageReported;
    private String host;
    private String journalId;
    /** The segment's boot-to-wall offset (from its METADATA): event times to record timestamps. */
    private long bootToWallNs;
    /** The timestamp of the last EVENTS record, or before one, the boot time: that of other blocks. */
    private long lastTimestampMs = -1;
    private long sent;
    /** Acknowledged sends; written by the producer's I/O thread only. */
    private volatile long acks;
    /** The shipping thread is inside producer.send: a callback it gets there means the record was not taken. */
    private boolean inSend;

    /**
     * @param journal     the journal directory.
     * @param to          the brokers and topic.
     * @param kafkaConfig client properties passed through, or null.
     * @param err         where the outage line goes.
     * @param stop        true ends a --follow (and a retry while the broker is down).
     * @param follow      keep tailing the live journal until stop.
     */
    public JournalShipper(final Path journal, final KafkaUrl to, final Path kafkaConfig, final PrintStream err,
        final BooleanSupplier stop, final boolean follow)
    {
        this.journal = journal;
        this.to = to;
        this.kafkaConfig = kafkaConfig;
        this.err = err;
        this.stop = stop;
        this.follow = follow;
        this.checkpointFile = ShipCheckpoint.file(journal, to.topic());
    }

    /** @return the checkpoint after the run: what the broker has acknowledged in all. */
    public ShipCheckpoint run()
    {
        try (JournalReader reader = JournalReader.open(journal)) // a journal, or one line and exit 2
        {
            host = reader.metadata().hostName();
            bootToWallNs = reader.metadata().bootToWallNs();
        }
        journalId = journal.toAbsolutePath().normalize().getFileName().toString();
        ShipCheckpoint checkpoint = ShipCheckpoint.read(checkpointFile);
        if (checkpoint == null)
        {
            checkpoint = ShipCheckpoint.start(to.toString());
        }
        final Properties base = KafkaClients.base(to, kafkaConfig);
        ensureTopic(base);
        if (!checkpointFile.toFile().exists())
        {
            checkpoint.write(checkpointFile); // registers the shipper with retention before the first send
        }
        written = checkpoint;
        acknowledged.set(checkpoint);
        try (ReadOnlyJournalQueue opened = new ReadOnlyJournalQueue(journal))
        {
            final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(base),
                new ByteArraySerializer(), new ByteArraySerializer());
            try
            {
                final SingleChronicleQueue queue = opened.queue();
                final ExcerptTailer tailer = queue.createTailer();
                final long after = checkpoint.index();
                // From the start of the checkpoint's cycle, so the METADATA in force there is read again;
                // once its file is gone, from the next file on disk (each restates METADATA). Never from
                // where Chronicle's listing starts (toStart): it can name a cycle file deleted since, and
                // a tailer there reads nothing. Excerpts up to the checkpoint are skipped by index below.
                opened.moveToFirstCycleFrom(tailer, after >= 0 ? queue.rollCycle().toCycle(after) : Integer.MIN_VALUE);
                ship(opened, queue, tailer, producer, checkpoint, after);
            }
            catch (final StopShipping stopped)
            {
                // a stop while the broker was away: the checkpoint stays where the acknowledgements are
            }
            finally
            {
                // what was sent gets until the close timeout to be acknowledged; the rest is sent again next time
                producer.close(Duration.ofSeconds(stop.getAsBoolean() ? 2 : 30));
            }
        }
        catch (final org.apache.kafka.common.KafkaException ex)
        {
            throw new FleetException("cannot ship to " + to + ": " + KafkaClients.describe(ex));
        }
        finally
        {
            writeCheckpoint();
        }
        final Exception failure = failed.get();
        if (failure != null)
        {
            throw new FleetException("cannot ship to " + to + ": " + KafkaClients.describe(failure));
        }
        return acknowledged.get();
    }

    private void ship(final ReadOnlyJournalQueue opened, final SingleChronicleQueue queue, final ExcerptTailer tailer,
        final KafkaProducer<byte[], byte[]> producer, final ShipCheckpoint from, final long after)
    {
        final RollCycle rollCycle = queue.rollCycle();
        final SimpleDateFormat cycleFormat = new SimpleDateFormat(rollCycle.format());
        cycleFormat.setTimeZone(TimeZone.getTimeZone("UTC"));
        int cycleOfName = Integer.MIN_VALUE;
        String cycleName = "";
        int segment = from.segment();
        long excerpts = from.excerpts();
        long events = from.events();
        final byte[] key = FleetRecords.utf8(host + "/" + journalId);
        final byte[] hostBytes = FleetRecords.utf8(host);
        final byte[] journalBytes = FleetRecords.utf8(journalId);
        final byte[] format = FleetRecords.utf8(Integer.toString(JournalFormat.FORMAT_VERSION));
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(10),
            TimeUnit.MILLISECONDS.toNanos(50));
        long lastCheckpointMs = System.currentTimeMillis();
        while (failed.get() == null)
        {
            final long index;
            final byte[] value;
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    value = null;
                    index = -1;
                }
                else
                {
                    index = dc.index();
                    final Bytes<?> bytes = dc.wire().bytes();
                    final boolean metadata = bytes.readRemaining() >= JournalFormat.BLOCK_HEADER_LENGTH &&
                        bytes.readInt(bytes.readPosition()) == JournalFormat.BLOCK_METADATA;
                    if (index <= after && !metadata)
                    {
                        continue; // shipped before the checkpoint, and no METADATA to learn the clock from
                    }
                    value = new byte[(int)bytes.readRemaining()];
                    bytes.read(value);
                }
            }
            if (value == null)
            {
                writeCheckpoint();
                if (!follow || stop.getAsBoolean())
                {
                    break;
                }
                noticeOutage();
                idle.idle();
                continue;
            }
            idle.reset();
            final int blockType = value.length >= JournalFormat.BLOCK_HEADER_LENGTH ?
                ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt(JournalFormat.BLOCK_TYPE_OFFSET) : 0;
            if (blockType == JournalFormat.BLOCK_METADATA)
            {
                learnClock(queue, value);
            }
            if (index <= after)
            {
                continue; // shipped before the checkpoint: its METADATA read for the clock only
            }
            final long timestampMs;
            if (blockType == JournalFormat.BLOCK_METADATA && !contains(value, CONTINUES))
            {
                segment++;
            }
            if (blockType == JournalFormat.BLOCK_EVENTS && value.length >= JournalFormat.EVENTS_RECORDS_OFFSET)
            {
                events += ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt(JournalFormat.EVENTS_COUNT_OFFSET);
                final long latestNs = latestEntryNs(value);
                if (latestNs != Long.MIN_VALUE)
                {
                    lastTimestampMs = Math.max(0, Math.floorDiv(latestNs + bootToWallNs + 999_999L, 1_000_000L));
                }
            }
            if (lastTimestampMs < 0)
            {
                lastTimestampMs = Math.max(0, Math.floorDiv(bootToWallNs, 1_000_000L)); // before any event: boot time
            }
            timestampMs = lastTimestampMs;
            excerpts++;
            final int cycle = rollCycle.toCycle(index);
            if (cycle != cycleOfName)
            {
                opened.advanceFloor(cycle); // retention may have the cycle files shipped before this one
                cycleOfName = cycle;
                cycleName = cycleFormat.format(new java.util.Date(queue.epoch() + (long)cycle * rollCycle.lengthInMillis())) +
                    ".cq4";
            }
            final RecordHeaders headers = new RecordHeaders();
            headers.add(FleetRecords.HOST, hostBytes);
            headers.add(FleetRecords.JOURNAL, journalBytes);
            headers.add(FleetRecords.SEGMENT, FleetRecords.utf8(Integer.toString(segment)));
            headers.add(FleetRecords.INDEX, FleetRecords.utf8(Long.toString(index)));
            headers.add(FleetRecords.BLOCK, FleetRecords.utf8(blockName(blockType)));
            headers.add(FleetRecords.FORMAT, format);
            final ShipCheckpoint position = new ShipCheckpoint(to.toString(), index, cycleName, segment, excerpts, events);
            if (blockType != JournalFormat.BLOCK_EVENTS)
            {
                // the companion first, acknowledged: the checkpoint never passes a block it lacks
                sendAndWait(producer, new ProducerRecord<>(FleetRecords.tablesTopic(to.topic()), null, timestampMs, key, value,
                    headers));
            }
            send(producer, new ProducerRecord<>(to.topic(), null, timestampMs, key, value, headers), position);
            final long now = System.currentTimeMillis();
            if (now - lastCheckpointMs >= CHECKPOINT_EVERY_MS)
            {
                lastCheckpointMs = now;
                writeCheckpoint();
                noticeOutage();
            }
        }
        if (failed.get() == null && !stop.getAsBoolean())
        {
            flush(producer);
        }
    }

    /** Hands the record to the producer, waiting (with backoff, one line) while the broker is away. */
    private void send(final KafkaProducer<byte[], byte[]> producer, final ProducerRecord<byte[], byte[]> record,
        final ShipCheckpoint position)
    {
        inSend = true;
        long backoffMs = 100;
        final long waitingSinceMs = System.currentTimeMillis();
        final Thread shipping = Thread.currentThread();
        while (true)
        {
            final Exception[] refused = {null};
            try
            {
                producer.send(record, (metadata, exception) ->
                {
                    if (exception != null)
                    {
                        if (Thread.currentThread() == shipping && refused[0] == null && inSend)
                        {
                            // told during send(): the producer did not take the record (no metadata in time)
                            refused[0] = exception;
                        }
                        else
                        {
                            failed.compareAndSet(null, exception);
                        }
                    }
                    else if (failed.get() == null)
                    {
                        // one partition per journal: acknowledgements arrive in send order
                        acknowledged.set(position);
                        lastAckMs = System.currentTimeMillis();
                        acks++;
                    }
                });
            }
            catch (final org.apache.kafka.common.errors.TimeoutException full)
            {
                refused[0] = full; // the send buffer stayed full: the broker is away
            }
            finally
            {
                inSend = false;
            }
            if (refused[0] == null)
            {
                if (acks == sent)
                {
                    inFlightSinceMs = System.currentTimeMillis(); // nothing was in flight: the wait starts now
                }
                sent++;
                return;
            }
            if (!(refused[0] instanceof org.apache.kafka.common.errors.RetriableException))
            {
                failed.compareAndSet(null, refused[0]);
                throw new StopShipping();
            }
            reportOutageAfter(waitingSinceMs);
            writeCheckpoint();
            if (stop.getAsBoolean())
            {
                throw new StopShipping();
            }
            sleep(backoffMs);
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            inSend = true;
        }
    }

    /** A companion record, sent and acknowledged before its block goes to the topic (rare: METADATA and tables). */
    private void sendAndWait(final KafkaProducer<byte[], byte[]> producer, final ProducerRecord<byte[], byte[]> record)
    {
        long backoffMs = 100;
        final long waitingSinceMs = System.currentTimeMillis();
        while (true)
        {
            Exception refused;
            try
            {
                final Future<RecordMetadata> acked = producer.send(record);
                while (true)
                {
                    try
                    {
                        acked.get(CHECKPOINT_EVERY_MS, TimeUnit.MILLISECONDS);
                        return;
                    }
                    catch (final java.util.concurrent.TimeoutException waiting)
                    {
                        writeCheckpoint();
                        reportOutageAfter(waitingSinceMs);
                        if (stop.getAsBoolean())
                        {
                            throw new StopShipping();
                        }
                    }
                }
            }
            catch (final ExecutionException ex)
            {
                refused = ex.getCause() instanceof Exception ? (Exception)ex.getCause() : ex;
            }
            catch (final org.apache.kafka.common.errors.TimeoutException full)
            {
                refused = full;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new StopShipping();
            }
            if (!(refused instanceof org.apache.kafka.common.errors.RetriableException))
            {
                failed.compareAndSet(null, refused);
                throw new StopShipping();
            }
            reportOutageAfter(waitingSinceMs);
            writeCheckpoint();
            if (stop.getAsBoolean())
            {
                throw new StopShipping();
            }
            sleep(backoffMs);
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }

    /** A METADATA block's boot-to-wall offset: the clock of the events after it. */
    private void learnClock(final SingleChronicleQueue queue, final byte[] value)
    {
        final Bytes<?> bytes = Bytes.wrapForRead(value);
        bytes.readPosition(JournalFormat.BLOCK_HEADER_LENGTH);
        try
        {
            final Wire wire = queue.wireType().apply(bytes);
            bootToWallNs = wire.read(JournalFormat.META_BOOT_TO_WALL_NS).int64();
        }
        catch (final RuntimeException ex)
        {
            // a METADATA replay will reject: the clock stays as it was
        }
    }

    /**
     * @return the latest entry time (boot clock) of an EVENTS block's records, or Long.MIN_VALUE for
     *         none: walked as replay walks them ({@link RingRecordCursor}: DISCARDed records skipped,
     *         every length checked, the walk stops where the framing breaks).
     */
    static long latestEntryNs(final byte[] value)
    {
        long latest = Long.MIN_VALUE;
        if (value.length < JournalFormat.EVENTS_RECORDS_OFFSET)
        {
            return latest;
        }
        final UnsafeBuffer block = new UnsafeBuffer(value); // once per block, not per record
        final RingRecordCursor records = new RingRecordCursor().wrap(block, JournalFormat.EVENTS_RECORDS_OFFSET,
            value.length);
        while (records.next())
        {
            if (records.payloadLength() >= EventHeaderLayout.ENTRY_NS_OFFSET + Long.BYTES)
            {
                latest = Math.max(latest, block.getLong(records.recordOffset() + EventHeaderLayout.ENTRY_NS_OFFSET,
                    ByteOrder.LITTLE_ENDIAN));
            }
        }
        return latest;
    }

    private void flush(final KafkaProducer<byte[], byte[]> producer)
    {
        // flush() waits for every send; while the broker is away, look up now and then to checkpoint and report
        final Thread flusher = new Thread(producer::flush, "ringcap-ship-flush");
        flusher.setDaemon(true);
        flusher.start();
        while (flusher.isAlive() && failed.get() == null)
        {
            try
            {
                flusher.join(CHECKPOINT_EVERY_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            writeCheckpoint();
            noticeOutage();
            if (stop.getAsBoolean())
            {
                return;
            }
        }
    }

    /**
     * The outage line when sends have waited OUTAGE_NOTICE_MS for an acknowledgement: counted from
     * the later of the last acknowledgement and the send that ended a spell with nothing in flight.
     * (Counted from the last acknowledgement alone, a --follow that sent after 5 s of quiet, or a
     * ship whose topic creation took 5 s, printed the outage line on a healthy broker.)
     */
    private void noticeOutage()
    {
        final boolean inFlight = acks < sent;
        final long waitedMs = System.currentTimeMillis() - Math.max(lastAckMs, inFlightSinceMs);
        if (inFlight && waitedMs > OUTAGE_NOTICE_MS)
        {
            reportOutage();
        }
        else if (!inFlight || waitedMs < OUTAGE_NOTICE_MS)
        {
            outageReported = false; // back: a later outage gets its own line
        }
    }

    /**
     * The outage line once one record has waited OUTAGE_NOTICE_MS: a refusal alone is no outage. The
     * first send to a topic just created waits for its metadata, and on this loaded 2-core machine
     * that outlasted max.block.ms (2 s) in 1 of 5 ships to a healthy broker, which then printed the
     * outage line.
     */
    private void reportOutageAfter(final long waitingSinceMs)
    {
        if (System.currentTimeMillis() - waitingSinceMs >= OUTAGE_NOTICE_MS)
        {
            reportOutage();
        }
    }

    private void reportOutage()
    {
        if (!outageReported)
        {
            outageReported = true;
            err.println("ringcap: ship: Kafka at " + to.bootstrap() + " does not answer; pausing, retrying with backoff " +
                "(the journal keeps the events)");
            err.flush();
        }
    }

    private void writeCheckpoint()
    {
        final ShipCheckpoint acked = acknowledged.get();
        if (acked != null && acked != written)
        {
            acked.write(checkpointFile);
            written = acked;
        }
    }

    private void ensureTopic(final Properties base)
    {
        final Properties config = new Properties();
        config.putAll(base);
        final long timeoutMs = KafkaClients.callTimeouts(config, 10_000);
        try (Admin admin = Admin.create(config))
        {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            final Set<String> topics = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            for (final String topic : List.of(to.topic(), FleetRecords.tablesTopic(to.topic())))
            {
                if (topics.contains(topic))
                {
                    continue;
                }
                try
                {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                        .all().get(timeoutMs, TimeUnit.MILLISECONDS);
                }
                catch (final java.util.concurrent.ExecutionException ex)
                {
                    if (!(ex.getCause() instanceof TopicExistsException))
                    {
                        throw new FleetException("cannot create topic " + topic + " at " + to.bootstrap() + ": " +
                            KafkaClients.describe(ex));
                    }
                }
            }
        }
        catch (final FleetException ex)
        {
            throw ex;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted while connecting to " + to.bootstrap());
        }
        catch (final Exception ex)
        {
            final String why = KafkaClients.describe(ex);
            throw new FleetException("cannot reach Kafka at " + to.bootstrap() + ": " +
                ("no answer in time".equals(why) ? "no answer in " + timeoutMs / 1000 + " s" : why));
        }
    }

    private static Properties producerConfig(final Properties base)
    {
        final Properties p = new Properties();
        p.putAll(base);
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.putIfAbsent("max.in.flight.requests.per.connection", "5");
        // The journal is the buffer: never give up on a record, wait for the broker instead.
        p.putIfAbsent("delivery.timeout.ms", Integer.toString(Integer.MAX_VALUE));
        p.putIfAbsent("retries", Integer.toString(Integer.MAX_VALUE));
        p.putIfAbsent("max.block.ms", "2000");
        p.putIfAbsent("request.timeout.ms", "10000");
        p.putIfAbsent("linger.ms", "5");
        p.putIfAbsent("batch.size", Integer.toString(1 << 20));
        p.putIfAbsent("compression.type", "lz4");
        p.putIfAbsent("reconnect.backoff.max.ms", "2000");
        p.putIfAbsent("retry.backoff.max.ms", "2000");
        return p;
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

    static String blockName(final int blockType)
    {
        return switch (blockType)
        {
            case JournalFormat.BLOCK_METADATA -> "METADATA";
            case JournalFormat.BLOCK_EVENTS -> "EVENTS";
            case JournalFormat.BLOCK_SUMMARY -> "SUMMARY";
            case JournalFormat.BLOCK_CGROUPS -> "CGROUPS";
            case JournalFormat.BLOCK_PROCESSES -> "PROCESSES";
            default -> "UNKNOWN";
        };
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** A stop asked for while the broker was away: end with the checkpoint as it is. */
    static final class StopShipping extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        StopShipping()
        {
            super("stopped", null, false, false);
        }
    }
}
