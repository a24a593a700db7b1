package io.ringcap.replay.journal;

import static io.ringcap.wire.JournalFormat.BLOCK_TYPE_OFFSET;

import io.ringcap.wire.JournalChecksum;
import io.ringcap.wire.JournalFormat;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads ringcap blocks out of one Chronicle cycle file by scanning its bytes, where Chronicle's
 * tailer cannot go on: after a block that failed its checksum, across a zeroed hole (a zero header
 * is the end of the queue to Chronicle), over a damaged excerpt header, or in a file cut short
 * (Chronicle would read past its end and fault).
 * <p>
 * Hand-written because Chronicle Queue has no recovery of its own: its tailer trusts every
 * excerpt header. The scan follows Chronicle's framing while it holds (a 4-byte header: bit 31
 * NOT_COMPLETE, bit 30 METADATA, 30 bits of length; excerpts 4-byte aligned), and where it breaks
 * it tries every 4-byte aligned offset for the next intact block: a header with neither flag, a
 * length that fits the file, a known block type, and a matching CRC32C. A false match would need a
 * 32-bit checksum to agree by chance on top of a block-type magic. Every run of bytes between the
 * end of one intact block and the next (or the end of the data the cycle's header says was written)
 * that is not Chronicle metadata on the chain is reported as a damaged region.
 * <p>
 * Never reads past the file's length (bounded by it when mapped), so a truncated file cannot fault.
 * The damaged path only: it maps the file and allocates per window.
 */
final class CycleFileScan implements AutoCloseable
{
    private static final int HEADER = Integer.BYTES;
    private static final int NOT_COMPLETE = 0x80000000;
    private static final int META_DATA = 0x40000000;
    private static final int LENGTH_MASK = 0x3FFFFFFF;
    /** A window's overlap with the next: more than any block (256 KiB spans) and its header. */
    private static final long OVERLAP = 1L << 20;
    private static final long WINDOW = 1L << 30;

    /** A damaged region: a run of bytes that held no intact block. */
    interface DamageSink
    {
        /**
         * @param from   first byte of the region (file offset).
         * @param to     end of the region (exclusive).
         * @param reason what was found there.
         */
        void onDamage(long from, long to, String reason);
    }

    private final Path file;
    private final int cycle;
    private final long fileLength;
    private final long dataEnd;
    private final JournalChecksum checksum = new JournalChecksum();
    private final FileChannel channel;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private MappedByteBuffer mapping;
    private long mappingStart;
    private long mappingAddress;
    private long mappingLength;

    private long position;   // next offset to look at
    private long chain;      // where the next header is, while the framing holds
    private String pendingReason;
    private long blockAddress;
    private int blockLength;
    private long blockOffset;

    /**
     * @param from     where to start: the end of the last intact block read, or 0.
     * @param dataEnd  where the cycle's data ends by its header (the end of its last excerpt), or
     *                 -1 when that cannot be told: then the file's length bounds the scan.
     * @param reason   why the scan starts: reported with the first damaged region; null when the
     *                 scan starts only to look past the point where Chronicle stopped.
     */
    CycleFileScan(final Path file, final int cycle, final long from, final long dataEnd, final String reason)
        throws IOException
    {
        this.file = file;
        this.cycle = cycle;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.fileLength = channel.size();
        this.dataEnd = dataEnd < 0 ? fileLength : dataEnd;
        this.position = align(from);
        this.chain = this.position;
        this.pendingReason = reason;
    }

    int cycle()
    {
        return cycle;
    }

    Path file()
    {
        return file;
    }

    long fileLength()
    {
        return fileLength;
    }

    /** @return the end of the data by the cycle's header, as given (or the file's length). */
    long dataEnd()
    {
        return dataEnd;
    }

    /**
     * Find the next intact block.
     *
     * @return true with {@link #blockAddress()} and {@link #blockLength()} set; false at the end of
     *         the data, after reporting the damage before it.
     */
    boolean next(final DamageSink damage)
    {
        while (position + HEADER <= Math.min(fileLength, Math.max(dataEnd, chain)))
        {
            final int header = intAt(position);
            if (position == chain)
            {
                if (header == 0)
                {
                    // the framing ends: zeros up to dataEnd are a hole, looked through below
                    position += HEADER;
                    continue;
                }
                final int length = header & LENGTH_MASK;
                if ((header & NOT_COMPLETE) == 0 && (header & META_DATA) != 0 &&
                    position + HEADER + length <= fileLength)
                {
                    chain = align(position + HEADER + length); // Chronicle's own metadata: index arrays
                    position = chain;
                    continue;
                }
            }
            if (isIntactBlock(position, header))
            {
                if (position != chain)
                {
                    report(damage, chain, position, "no intact block");
                }
                blockOffset = position;
                blockLength = header & LENGTH_MASK;
                blockAddress = addressOf(position + HEADER, blockLength);
                position = align(position + HEADER + blockLength);
                chain = position;
                return true;
            }
            position += HEADER;
        }
        if (chain < dataEnd)
        {
            report(damage, chain, dataEnd, dataEnd > fileLength ?
                "the file ends at byte " + fileLength + ", before the data it held (truncated)" : "no intact block");
        }
        return false;
    }

    private void report(final DamageSink damage, final long from, final long to, final String found)
    {
        damage.onDamage(from, to, null == pendingReason ? found : pendingReason);
        pendingReason = null;
    }

    long blockAddress()
    {
        return blockAddress;
    }

    int blockLength()
    {
        return blockLength;
    }

    /** @return the file offset of the block's Chronicle header. */
    long blockOffset()
    {
        return blockOffset;
    }

    /** @return the end of the last intact block found (or the start). */
    long chainEnd()
    {
        return chain;
    }

    private boolean isIntactBlock(final long at, final int header)
    {
        if ((header & (NOT_COMPLETE | META_DATA)) != 0)
        {
            return false;
        }
        final int length = header & LENGTH_MASK;
        if (length < JournalFormat.BLOCK_HEADER_LENGTH || at + HEADER + length > fileLength)
        {
            return false;
        }
        if (!JournalFormat.isBlockType(intAt(at + HEADER + BLOCK_TYPE_OFFSET)))
        {
            return false;
        }
        return checksum.verify(addressOf(at + HEADER, length), length);
    }

    private int intAt(final long offset)
    {
        view.wrap(addressOf(offset, HEADER), HEADER);
        return view.getIntVolatile(0); // little-endian x86: the byte order Chronicle writes headers in
    }

    private static long align(final long offset)
    {
        return (offset + 3) & ~3L;
    }

    /** The address of [offset, offset + length), mapping the window that holds it. */
    private long addressOf(final long offset, final int length)
    {
        if (offset < mappingStart || offset + length > mappingStart + mappingLength)
        {
            remap(offset);
        }
        return mappingAddress + (offset - mappingStart);
    }

    private void remap(final long offset)
    {
        unmap();
        final long start = Math.max(0, offset - (offset % 4096));
        final long length = Math.min(WINDOW + OVERLAP, fileLength - start);
        try
        {
            mapping = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot map " + file + ": " + JournalException.describe(ex), ex);
        }
        mappingStart = start;
        mappingLength = length;
        mappingAddress = BufferUtil.address(mapping);
    }

    private void unmap()
    {
        if (null != mapping)
        {
            IoUtil.unmap(mapping);
            mapping = null;
            mappingLength = 0;
        }
    }

    @Override
    public void close()
    {
        unmap();
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // read-only: nothing to lose
        }
    }
}
