package io.ringcap.replay.journal;

import static io.ringcap.wire.JournalFormat.TABLE_COUNT_OFFSET;
import static io.ringcap.wire.JournalFormat.TABLE_ENTRIES_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The bodies of the journal's small blocks, METADATA, SUMMARY, CGROUPS and PROCESSES, as the walk
 * hands them over in one buffer: parsed and checked field by field (every length against the block
 * it sits in), with the block's place in the journal in every error. {@link JournalReader} walks the
 * journal; this class reads what it finds.
 */
final class JournalBlockParser
{
    /** The METADATA block just parsed, and whether it restates its segment's (a new cycle file). */
    static final class ParsedMetadata
    {
        JournalMetadata metadata;
        boolean continues;
    }

    private final Path directory;
    private final WireType wireType;
    /** The block being parsed: wrapped by the walk over each block in turn. */
    private final UnsafeBuffer block;
    private final ParsedMetadata parsedMetadata = new ParsedMetadata();
    private JournalMetadata lastMetadata;
    private Bytes<?> fieldsBytes;
    private Wire fieldsWire;

    JournalBlockParser(final Path directory, final WireType wireType, final UnsafeBuffer block)
    {
        this.directory = directory;
        this.wireType = wireType;
        this.block = block;
    }

    /** @return the METADATA parsed last: the segment a walk is in. */
    JournalMetadata lastMetadata()
    {
        return lastMetadata;
    }

    ParsedMetadata parseMetadata(final long excerpt, final long index)
    {
        final Wire wire = blockWire();
        final WireFields fields = new WireFields(JournalFormat.META_FORMAT_VERSION, JournalFormat.META_HOST_NAME,
            JournalFormat.META_KERNEL_RELEASE, JournalFormat.META_BOOT_TO_WALL_NS, JournalFormat.META_ATTACH_METHOD,
            JournalFormat.META_RING_SIZE, JournalFormat.META_CAPTURE_PID, JournalFormat.META_TARGET,
            JournalFormat.META_CONTINUES);
        fields.read(wire, "METADATA", excerpt, index);

        // Version first: a journal of another version may well lack or rename the other fields.
        fields.requirePresent(JournalFormat.META_FORMAT_VERSION);
        final int formatVersion = (int)fields.number(JournalFormat.META_FORMAT_VERSION);
        if (formatVersion != JournalFormat.FORMAT_VERSION)
        {
            throw new JournalException("journal " + directory + " has format version " + formatVersion +
                ", but this replay reads version " + JournalFormat.FORMAT_VERSION +
                " only: replay it with the ringcap that captured it");
        }
        fields.requireAllPresentBut(JournalFormat.META_CONTINUES);

        parsedMetadata.continues = fields.isPresent(JournalFormat.META_CONTINUES) &&
            fields.number(JournalFormat.META_CONTINUES) != 0;
        parsedMetadata.metadata = new JournalMetadata(
            formatVersion,
            fields.text(JournalFormat.META_HOST_NAME),
            fields.text(JournalFormat.META_KERNEL_RELEASE),
            fields.number(JournalFormat.META_BOOT_TO_WALL_NS),
            fields.text(JournalFormat.META_ATTACH_METHOD),
            fields.number(JournalFormat.META_RING_SIZE),
            (int)fields.number(JournalFormat.META_CAPTURE_PID),
            fields.text(JournalFormat.META_TARGET));
        lastMetadata = parsedMetadata.metadata;
        return parsedMetadata;
    }
    /** int32 count, then count of: int64 cgroup id, int32 n, n bytes of UTF-8 path. */
    void readCgroups(final JournalTables tables, final long excerpt, final long index)
    {
        final UnsafeBuffer block = this.block;
        final int count = tableCount("CGROUPS", excerpt, index);
        int offset = TABLE_ENTRIES_OFFSET;
        for (int i = 0; i < count; i++)
        {
            final int pathOffset = tableEntryPath("CGROUPS", i, count, offset, Long.BYTES, excerpt, index);
            final int pathLength = block.getInt(pathOffset - Integer.BYTES, LITTLE_ENDIAN);
            tables.putCgroup(block.getLong(offset, LITTLE_ENDIAN), block.getStringWithoutLengthUtf8(pathOffset, pathLength));
            offset = pathOffset + pathLength;
        }
        requireTableEnd("CGROUPS", count, offset, excerpt, index);
    }
    /** int32 count, then count of: int32 host pid, int32 n, n bytes of UTF-8 executable path. */
    void readProcesses(final JournalTables tables, final long excerpt, final long index)
    {
        final UnsafeBuffer block = this.block;
        final int count = tableCount("PROCESSES", excerpt, index);
        int offset = TABLE_ENTRIES_OFFSET;
        for (int i = 0; i < count; i++)
        {
            final int pathOffset = tableEntryPath("PROCESSES", i, count, offset, Integer.BYTES, excerpt, index);
            final int pathLength = block.getInt(pathOffset - Integer.BYTES, LITTLE_ENDIAN);
            tables.putExecutable(block.getInt(offset, LITTLE_ENDIAN), block.getStringWithoutLengthUtf8(pathOffset, pathLength));
            offset = pathOffset + pathLength;
        }
        requireTableEnd("PROCESSES", count, offset, excerpt, index);
    }
    private int tableCount(final String blockName, final long excerpt, final long index)
    {
        final int blockLength = block.capacity();
        if (blockLength < TABLE_ENTRIES_OFFSET)
        {
            throw corrupt(excerpt, index, 0, "a " + blockName + " block of " + blockLength +
                " bytes is shorter than its " + TABLE_ENTRIES_OFFSET + "-byte header");
        }
        final int count = block.getInt(TABLE_COUNT_OFFSET, LITTLE_ENDIAN);
        if (count < 0)
        {
            throw corrupt(excerpt, index, TABLE_COUNT_OFFSET, "negative " + blockName + " entry count " + count);
        }
        return count;
    }
    /**
     * Check that entry i's key, its int32 path length and its path lie inside the block.
     *
     * @return the offset of the entry's path bytes.
     */
    private int tableEntryPath(
        final String blockName, final int i, final int count, final int offset, final int keyLength,
        final long excerpt, final long index)
    {
        final int blockLength = block.capacity();
        final int left = blockLength - offset;
        if (left < keyLength + Integer.BYTES)
        {
            throw corrupt(excerpt, index, offset, blockName + " entry " + i + " of " + count + " is cut off: " +
                left + " bytes left in the " + blockLength + "-byte block");
        }
        final int pathLength = block.getInt(offset + keyLength, LITTLE_ENDIAN);
        if (pathLength < 0 || pathLength > left - keyLength - Integer.BYTES)
        {
            throw corrupt(excerpt, index, offset + keyLength, blockName + " entry " + i + " of " + count +
                " has a path of " + pathLength + " bytes, but " + (left - keyLength - Integer.BYTES) +
                " bytes are left in the " + blockLength + "-byte block");
        }
        return offset + keyLength + Integer.BYTES;
    }
    private void requireTableEnd(final String blockName, final int count, final int offset, final long excerpt,
        final long index)
    {
        final int blockLength = block.capacity();
        if (offset != blockLength)
        {
            throw corrupt(excerpt, index, offset, (blockLength - offset) + " bytes follow the " + count +
                " entries of the " + blockLength + "-byte " + blockName + " block");
        }
    }
    JournalSummary parseSummary(final long excerpt, final long index)
    {
        final Wire wire = blockWire();
        final WireFields fields = new WireFields(JournalFormat.SUMMARY_EVENTS_JOURNALED,
            JournalFormat.SUMMARY_EVENTS_SUBMITTED, JournalFormat.SUMMARY_EVENTS_DROPPED,
            JournalFormat.SUMMARY_GAP_RECORDS);
        fields.read(wire, "SUMMARY", excerpt, index);
        fields.requirePresent(JournalFormat.SUMMARY_EVENTS_JOURNALED);
        fields.requirePresent(JournalFormat.SUMMARY_EVENTS_SUBMITTED);
        fields.requirePresent(JournalFormat.SUMMARY_EVENTS_DROPPED);
        return new JournalSummary(
            fields.number(JournalFormat.SUMMARY_EVENTS_JOURNALED),
            fields.number(JournalFormat.SUMMARY_EVENTS_SUBMITTED),
            fields.number(JournalFormat.SUMMARY_EVENTS_DROPPED),
            fields.isPresent(JournalFormat.SUMMARY_GAP_RECORDS) ? fields.number(JournalFormat.SUMMARY_GAP_RECORDS) : 0);
    }
    /**
     * The METADATA or SUMMARY wire fields of the block, after its block header. A copy: these
     * blocks come once per segment or cycle, and a scanned block has no Chronicle wire of its own.
     */
    private Wire blockWire()
    {
        final int length = block.capacity() - JournalFormat.BLOCK_HEADER_LENGTH;
        if (null == fieldsWire)
        {
            fieldsBytes = Bytes.allocateElasticOnHeap(256);
            fieldsWire = wireType.apply(fieldsBytes);
        }
        fieldsBytes.clear();
        for (int i = 0; i < length; i++)
        {
            fieldsBytes.writeByte(block.getByte(JournalFormat.BLOCK_HEADER_LENGTH + i));
        }
        return fieldsWire;
    }

    private JournalException corrupt(final long excerpt, final long index, final int offset, final String detail)
    {
        return new JournalException("corrupt journal " + directory + ": " +
            (excerpt < 0 ? "last excerpt" : "excerpt " + excerpt) + " (index 0x" + Long.toHexString(index) +
            "), offset " + offset + ": " + detail);
    }

    /**
     * The named fields of a METADATA or SUMMARY block. Read by name, not position, so that the
     * writer's field order does not matter and unknown fields (from a newer writer) are skipped;
     * every field asked for must be present.
     */
    private final class WireFields
    {
        private final String[] names;
        private final Object[] values;
        private String blockName;
        private long excerpt;
        private long index;

        WireFields(final String... names)
        {
            this.names = names;
            this.values = new Object[names.length];
        }

        void read(final Wire wire, final String blockName, final long excerpt, final long index)
        {
            this.blockName = blockName;
            this.excerpt = excerpt;
            this.index = index;
            final StringBuilder name = new StringBuilder();
            try
            {
                while (wire.bytes().readRemaining() > 0)
                {
                    final ValueIn in = wire.read(name);
                    final int i = indexOf(name);
                    if (i < 0)
                    {
                        in.skipValue();
                    }
                    else if (isNumber(names[i]))
                    {
                        values[i] = in.int64();
                    }
                    else
                    {
                        values[i] = in.text();
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                throw corrupt(excerpt, index, 0, "the " + blockName + " block is unreadable: " + JournalException.describe(ex));
            }
        }

        void requirePresent(final String name)
        {
            if (values[indexOf(name)] == null)
            {
                throw corrupt(excerpt, index, 0, "the " + blockName + " block has no " + name + " field");
            }
        }

        void requireAllPresentBut(final String optional)
        {
            for (final String name : names)
            {
                if (!name.equals(optional))
                {
                    requirePresent(name);
                }
            }
        }

        boolean isPresent(final String name)
        {
            return values[indexOf(name)] != null;
        }

        long number(final String name)
        {
            return (Long)values[indexOf(name)];
        }

        String text(final String name)
        {
            return (String)values[indexOf(name)];
        }

        private int indexOf(final CharSequence name)
        {
            for (int i = 0; i < names.length; i++)
            {
                if (names[i].contentEquals(name))
                {
                    return i;
                }
            }
            return -1;
        }

        private boolean isNumber(final String name)
        {
            return !(JournalFormat.META_HOST_NAME.equals(name) ||
                JournalFormat.META_KERNEL_RELEASE.equals(name) ||
                JournalFormat.META_ATTACH_METHOD.equals(name) ||
                JournalFormat.META_TARGET.equals(name));
        }
    }
}
