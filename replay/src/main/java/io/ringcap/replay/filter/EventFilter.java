package io.ringcap.replay.filter;

import io.ringcap.replay.cli.UsageException;
import io.ringcap.replay.decode.Errno;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.format.Durations;
import io.ringcap.replay.journal.JournalTables;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventTable;
import io.ringcap.wire.EventType;
import io.ringcap.wire.GapRecord;
import io.ringcap.wire.JournalMetadata;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.DirectBuffer;

/**
 * The replay filters ({@code --event --pid --tid --comm --uid --container --failed --errno --since
 * --until}), combined with AND. Everything is parsed and precomputed by {@link Builder#build}; then
 * {@link #matches} reads the record's rc_header in place and allocates nothing.
 *
 * <ul>
 *   <li>pid and tid match the namespace id or the host id;</li>
 *   <li>comm matches the whole comm, byte for byte (UTF-8);</li>
 *   <li>container matches a prefix of the 64-hex container id the journal's CGROUPS table derives
 *       for the record's cgroup, as {@code docker} takes id prefixes;</li>
 *   <li>failed and errno match syscalls only (return value below 0, or equal to -errno);</li>
 *   <li>since and until bound the syscall's entry time, both inclusive. The replay seeks to since
 *       through the Chronicle index ({@link JournalTimeSeek}) and still checks each record here.</li>
 *   <li>gap records (events lost because the ring was full) pass every filter but {@code --event}
 *       (name {@code gap}) and the time bounds (which they pass when their drops overlap them):
 *       lost events could have been any process's, and hiding their gap would be misleading.</li>
 * </ul>
 */
public final class EventFilter
{
    private static final Pattern RELATIVE = Pattern.compile("-([0-9]{1,9})([smhd])");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final boolean[] eventTypes;
    private final boolean anyPid;
    private final int[] pids;
    private final boolean anyTid;
    private final int tid;
    private final byte[] comm;
    private final long uid;
    private final String containerPrefix;
    private final boolean failed;
    private final long errnoRetval;
    private final long sinceEpochNs;
    private final long untilEpochNs;
    private final long minDurationNs;
    private final long maxDurationNs;
    private final boolean all;
    private JournalMetadata metadata; // the segment being read
    private final JournalTables tables;
    private final GapRecord gap = new GapRecord();

    private EventFilter(final Builder b, final JournalMetadata metadata, final JournalTables tables)
    {
        this.eventTypes = b.eventTypes;
        this.anyPid = b.pids == null;
        this.pids = b.pids;
        this.anyTid = b.tid == null;
        this.tid = anyTid ? 0 : b.tid;
        this.comm = b.comm;
        this.uid = b.uid == null ? -1 : b.uid;
        this.containerPrefix = b.containerPrefix;
        this.failed = b.failed;
        this.errnoRetval = b.errno == 0 ? 0 : -(long)b.errno;
        this.sinceEpochNs = b.sinceEpochNs;
        this.untilEpochNs = b.untilEpochNs;
        this.minDurationNs = b.minDurationNs;
        this.maxDurationNs = b.maxDurationNs;
        this.all = b.isEmpty();
        this.metadata = metadata;
        this.tables = tables;
    }

    /** Records from here on are timed with this segment's METADATA (--since, --until). */
    public void metadata(final JournalMetadata metadata)
    {
        this.metadata = metadata;
    }

    /** @return --since in nanoseconds since the epoch, Long.MIN_VALUE when not given. */
    public long sinceEpochNs()
    {
        return sinceEpochNs;
    }

    /** @return true when no filter was given: every record matches. */
    public boolean matchesAll()
    {
        return all;
    }

    /**
     * @param header wrapped over a record checked by {@link JournalReader}.
     * @return true when the record passes every filter given.
     */
    public boolean matches(final EventHeaderDecoder header)
    {
        if (all)
        {
            return true;
        }
        final int eventType = header.eventType();
        if (eventTypes != null && !eventTypes[eventType])
        {
            return false;
        }
        if (eventType == EventType.GAP)
        {
            return gapMatches(header);
        }
        if (!anyPid && !pidMatches(header.pid(), header.hostPid()))
        {
            return false;
        }
        if (!anyTid && header.tid() != tid && header.hostTid() != tid)
        {
            return false;
        }
        if (uid >= 0 && header.uid() != uid)
        {
            return false;
        }
        if ((failed || errnoRetval != 0) && !EventType.isSyscall(eventType))
        {
            return false;
        }
        if (minDurationNs > 0 || maxDurationNs != Long.MAX_VALUE)
        {
            // Only calls have durations: an exec or a delivery matches no duration filter.
            final long durationNs = header.durationNs();
            if (durationNs < 0 || durationNs < minDurationNs || durationNs > maxDurationNs)
            {
                return false;
            }
        }
        final long retval = header.retval();
        if (failed && retval >= 0)
        {
            return false;
        }
        if (errnoRetval != 0 && retval != errnoRetval)
        {
            return false;
        }
        if (sinceEpochNs != Long.MIN_VALUE || untilEpochNs != Long.MAX_VALUE)
        {
            final long epochNs = metadata.toEpochNs(header.entryNs());
            if (epochNs < sinceEpochNs || epochNs > untilEpochNs)
            {
                return false;
            }
        }
        if (comm != null && !commMatches(header))
        {
            return false;
        }
        return containerPrefix == null || tables.containerId(header.cgroupId()).startsWith(containerPrefix);
    }

    /**
     * Lost events could have been anyone's: a gap passes every filter but --event and the time
     * bounds, which it passes when its drops, first to last, overlap them. Hiding a gap would make
     * the filtered output look complete when it is not.
     */
    private boolean gapMatches(final EventHeaderDecoder header)
    {
        if (sinceEpochNs == Long.MIN_VALUE && untilEpochNs == Long.MAX_VALUE)
        {
            return true;
        }
        final GapRecord gap = this.gap.wrap(header.buffer(), header.offset());
        return metadata.toEpochNs(gap.lastNs()) >= sinceEpochNs && metadata.toEpochNs(gap.firstNs()) <= untilEpochNs;
    }

    private boolean commMatches(final EventHeaderDecoder header)
    {
        final byte[] comm = this.comm;
        if (header.commLength() != comm.length)
        {
            return false;
        }
        final DirectBuffer buffer = header.buffer();
        final int start = header.offset() + EventHeaderLayout.COMM_OFFSET;
        for (int i = 0; i < comm.length; i++)
        {
            if (buffer.getByte(start + i) != comm[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A time bound as the user gives it: {@code 2026-11-22T10:00:00} (UTC, fractions allowed),
     * {@code 2026-11-22T10:00:00+01:00} or {@code ...Z}, or relative to now: {@code -30s -5m -2h -1d}.
     *
     * @param option      the option's name, for the message.
     * @param text        the value.
     * @param nowEpochNs  the current time.
     * @return nanoseconds since the epoch.
     * @throws UsageException when it does not parse.
     */
    static long parseTime(final String option, final String text, final long nowEpochNs)
    {
        final Matcher relative = RELATIVE.matcher(text);
        if (relative.matches())
        {
            final long amount = Long.parseLong(relative.group(1));
            final long unitSeconds = switch (relative.group(2))
            {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                default -> 86_400;
            };
            return nowEpochNs - amount * unitSeconds * NANOS_PER_SECOND;
        }
        try
        {
            final OffsetDateTime time = text.matches(".*T.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$") ?
                OffsetDateTime.parse(text) : LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
            return time.toEpochSecond() * NANOS_PER_SECOND + time.getNano();
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            throw new UsageException("invalid value for option '" + option + "': '" + text +
                "' is not a time: give 2026-11-22T10:00:00 (UTC), 2026-11-22T10:00:00+01:00, or -30s, -5m, -2h, -1d");
        }
    }

    /** -p: a loop over the few pids given, no allocation. */
    private boolean pidMatches(final int pid, final int hostPid)
    {
        for (final int wanted : pids)
        {
            if (pid == wanted || hostPid == wanted)
            {
                return true;
            }
        }
        return false;
    }

    /** The filters as the options gave them; unset ones stay null or false. */
    public static final class Builder
    {
        private boolean[] eventTypes;
        private int[] pids;
        private Integer tid;
        private byte[] comm;
        private Long uid;
        private String containerPrefix;
        private boolean failed;
        private int errno;
        private long sinceEpochNs = Long.MIN_VALUE;
        private long untilEpochNs = Long.MAX_VALUE;
        private long minDurationNs;
        private long maxDurationNs = Long.MAX_VALUE;

        /** @param names comma-separated event names, e.g. "mq_open,mq_notify". */
        public Builder events(final String names)
        {
            if (names == null)
            {
                return this;
            }
            if (eventTypes == null)
            {
                eventTypes = new boolean[EventType.MAX];
            }
            try
            {
                EventTable.select(names, "--events", true, eventTypes);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new UsageException("invalid value for option " + ex.getMessage());
            }
            return this;
        }

        public Builder pid(final Integer pid)
        {
            return pids(pid == null ? null : List.of(pid));
        }

        /** @param pids -p PID[,PID...]: events of any of them (each its namespace or host pid); null or empty for any. */
        public Builder pids(final List<Integer> pids)
        {
            if (pids == null || pids.isEmpty())
            {
                this.pids = null;
                return this;
            }
            final int[] chosen = new int[pids.size()];
            for (int i = 0; i < chosen.length; i++)
            {
                final Integer pid = pids.get(i);
                if (pid == null || pid <= 0)
                {
                    throw new UsageException("invalid value for option '--pid': " + pid + " (a process id is positive: " +
                        "no event can match)");
                }
                chosen[i] = pid;
            }
            this.pids = chosen;
            return this;
        }

        public Builder tid(final Integer tid)
        {
            if (tid != null && tid <= 0)
            {
                throw new UsageException("invalid value for option '--tid': " + tid + " (a thread id is positive: " +
                    "no event can match)");
            }
            this.tid = tid;
            return this;
        }

        public Builder comm(final String comm)
        {
            final byte[] bytes = comm == null ? null : comm.getBytes(StandardCharsets.UTF_8);
            if (bytes != null && (bytes.length == 0 || bytes.length > EventHeaderLayout.COMM_LENGTH - 1))
            {
                throw new UsageException("invalid value for option '--comm': '" + comm + "' is " + bytes.length +
                    " bytes; the kernel keeps a comm of 1 to " + (EventHeaderLayout.COMM_LENGTH - 1) +
                    " bytes, so no event can match");
            }
            this.comm = bytes;
            return this;
        }

        /** @param uid a user id; -1 and 4294967295 are (uid_t)-1, which no task has, so they are refused. */
        public Builder uid(final Long uid)
        {
            if (uid != null && (uid < 0 || uid >= 0xffff_ffffL))
            {
                throw new UsageException("invalid value for option '--uid': " + uid + " (a user id is 0 to 4294967294: " +
                    "no event can match)");
            }
            this.uid = uid;
            return this;
        }

        public Builder container(final String prefix)
        {
            if (prefix != null && !prefix.matches("[0-9a-fA-F]{1,64}"))
            {
                throw new UsageException("invalid value for option '--container': '" + prefix +
                    "' is not a container id or prefix of one (up to 64 hex digits)");
            }
            this.containerPrefix = prefix == null ? null : prefix.toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        public Builder failed(final boolean failed)
        {
            this.failed = failed;
            return this;
        }

        public Builder errno(final String name)
        {
            if (name != null)
            {
                final int errno = Errno.byName(name);
                if (errno < 0)
                {
                    throw new UsageException("invalid value for option '--errno': unknown errno '" + name +
                        "' (give a name such as EBUSY, or a number)");
                }
                this.errno = errno;
            }
            return this;
        }

        /** @return --since in ns since the epoch, Long.MIN_VALUE for none: where a replay from Kafka seeks to. */
        public long sinceEpochNs()
        {
            return sinceEpochNs;
        }

        public Builder since(final String text, final long nowEpochNs)
        {
            if (text != null)
            {
                sinceEpochNs = parseTime("--since", text, nowEpochNs);
            }
            return this;
        }

        public Builder until(final String text, final long nowEpochNs)
        {
            if (text != null)
            {
                untilEpochNs = parseTime("--until", text, nowEpochNs);
            }
            return this;
        }

        /** @param text a duration with its unit (500us, 2ms, 1.5s): calls that took at least this long. */
        public Builder minDuration(final String text)
        {
            if (text != null)
            {
                minDurationNs = usage(() -> Durations.parse(text, "--min-duration"));
            }
            return this;
        }

        /** @param text a duration with its unit: calls that took at most this long. */
        public Builder maxDuration(final String text)
        {
            if (text != null)
            {
                maxDurationNs = usage(() -> Durations.parse(text, "--max-duration"));
            }
            return this;
        }

        private static long usage(final java.util.function.LongSupplier parse)
        {
            try
            {
                return parse.getAsLong();
            }
            catch (final IllegalArgumentException ex)
            {
                throw new UsageException(ex.getMessage());
            }
        }

        boolean isEmpty()
        {
            return eventTypes == null && pids == null && tid == null && comm == null && uid == null &&
                containerPrefix == null && !failed && errno == 0 &&
                sinceEpochNs == Long.MIN_VALUE && untilEpochNs == Long.MAX_VALUE &&
                minDurationNs == 0 && maxDurationNs == Long.MAX_VALUE;
        }

        public EventFilter build(final JournalMetadata metadata, final JournalTables tables)
        {
            if (sinceEpochNs > untilEpochNs)
            {
                throw new UsageException("--since is after --until: no event can match");
            }
            if (minDurationNs > maxDurationNs)
            {
                throw new UsageException("--min-duration is above --max-duration: no event can match");
            }
            return new EventFilter(this, metadata, tables);
        }
    }
}
