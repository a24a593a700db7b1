package io.ringcap.wire;

import static io.ringcap.wire.JournalFormat.BLOCK_CHECKSUM_OFFSET;
import static io.ringcap.wire.JournalFormat.BLOCK_HEADER_LENGTH;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The CRC32C of a journal block ({@link JournalFormat}): over its block type (bytes 0-3) and
 * everything after its checksum field (bytes 8 to the end), computed over memory by address so
 * that neither the journal writer (mapped queue file) nor the reader allocates a ByteBuffer per
 * block.
 * <p>
 * The JDK computes CRC32C with a CPU intrinsic (SSE4.2 crc32 / CLMUL) in the private static
 * {@code CRC32C.updateDirectByteBuffer(int crc, long address, int off, int end)}, which
 * {@code CRC32C.update(ByteBuffer)} calls for direct buffers; this class calls it through a method
 * handle, as Aeron's archive checksums do, which needs {@code --add-opens java.base/java.util.zip}
 * (in the parent pom's JVM flags; JournalChecksumTest fails without it). Without that access it
 * copies through a small heap array into a {@link CRC32C} (correct, slower, and still
 * allocation-free after construction).
 * <p>
 * Not thread safe (the fallback's scratch array): one instance per thread.
 */
public final class JournalChecksum
{
    private static final MethodHandle UPDATE_DIRECT = updateDirect();
    private static final int SCRATCH_BYTES = 4096;

    private final boolean intrinsic;
    private final CRC32C fallback;
    private final byte[] scratch;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    public JournalChecksum()
    {
        this(true);
    }

    /** @param useIntrinsic false forces the copying fallback (for tests). */
    JournalChecksum(final boolean useIntrinsic)
    {
        intrinsic = useIntrinsic && null != UPDATE_DIRECT;
        fallback = intrinsic ? null : new CRC32C();
        scratch = intrinsic ? null : new byte[SCRATCH_BYTES];
    }

    private static MethodHandle updateDirect()
    {
        try
        {
            final Method method = CRC32C.class.getDeclaredMethod(
                "updateDirectByteBuffer", int.class, long.class, int.class, int.class);
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method);
        }
        catch (final ReflectiveOperationException | RuntimeException ex) // not opened: fall back
        {
            return null;
        }
    }

    /** @return whether the intrinsic is in use (false: the copying fallback). */
    public static boolean isIntrinsic()
    {
        return null != UPDATE_DIRECT;
    }

    /**
     * @param address the block's first byte (its block type).
     * @param length  the block's length, at least {@link JournalFormat#BLOCK_HEADER_LENGTH}.
     * @return the block's CRC32C, as stored at {@link JournalFormat#BLOCK_CHECKSUM_OFFSET}.
     */
    public int blockChecksum(final long address, final int length)
    {
        if (length < BLOCK_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("a block of " + length + " bytes has no room for its header");
        }
        if (intrinsic)
        {
            try
            {
                // The intrinsic works on the inverted register value, as CRC32C.getValue undoes.
                int crc = (int)UPDATE_DIRECT.invokeExact(0xFFFFFFFF, address, 0, BLOCK_CHECKSUM_OFFSET);
                crc = (int)UPDATE_DIRECT.invokeExact(crc, address, BLOCK_HEADER_LENGTH, length);
                return ~crc;
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("CRC32C intrinsic failed", ex);
            }
        }
        fallback.reset();
        copyInto(address, BLOCK_CHECKSUM_OFFSET);
        copyInto(address + BLOCK_HEADER_LENGTH, length - BLOCK_HEADER_LENGTH);
        return (int)fallback.getValue();
    }

    /**
     * Compute the block's checksum and store it in its checksum field (little-endian).
     */
    public void seal(final long address, final int length)
    {
        final int crc = blockChecksum(address, length);
        view.wrap(address, length);
        view.putInt(BLOCK_CHECKSUM_OFFSET, crc, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return whether the block's stored checksum matches its bytes.
     */
    public boolean verify(final long address, final int length)
    {
        if (length < BLOCK_HEADER_LENGTH)
        {
            return false;
        }
        view.wrap(address, length);
        return view.getInt(BLOCK_CHECKSUM_OFFSET, ByteOrder.LITTLE_ENDIAN) == blockChecksum(address, length);
    }

    private void copyInto(final long address, final int length)
    {
        for (int done = 0; done < length; )
        {
            final int n = Math.min(SCRATCH_BYTES, length - done);
            view.wrap(address + done, n);
            view.getBytes(0, scratch, 0, n);
            fallback.update(scratch, 0, n);
            done += n;
        }
    }
}
