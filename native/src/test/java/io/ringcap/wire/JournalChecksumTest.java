package io.ringcap.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.zip.CRC32C;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The block checksum is CRC32C over bytes [0, 4) and [8, length), stored little-endian at 4, the
 * same by the intrinsic and by the fallback; and the intrinsic is what the project's JVM flags give.
 */
class JournalChecksumTest
{
    @Test
    void theProjectsJvmFlagsReachTheIntrinsic()
    {
        assertTrue(JournalChecksum.isIntrinsic(), "--add-opens java.base/java.util.zip=ALL-UNNAMED is in the flags");
    }

    @Test
    void bothPathsComputeCrc32cOfTheTypeAndTheBodyAndStoreItAtOffset4()
    {
        final Random random = new Random(7);
        for (final int length : new int[] {8, 9, 24, 4095, 4096, 4097, 70_001})
        {
            final byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            final CRC32C expected = new CRC32C();
            expected.update(bytes, 0, 4);
            expected.update(bytes, 8, length - 8);

            for (final boolean intrinsic : new boolean[] {true, false})
            {
                final ByteBuffer memory = BufferUtil.allocateDirectAligned(Math.max(64, (length + 63) & ~63), 64);
                final UnsafeBuffer block = new UnsafeBuffer(memory, 0, length);
                block.putBytes(0, bytes);
                final JournalChecksum checksum = new JournalChecksum(intrinsic);
                checksum.seal(block.addressOffset(), length);
                assertEquals((int)expected.getValue(), block.getInt(JournalFormat.BLOCK_CHECKSUM_OFFSET, ByteOrder.LITTLE_ENDIAN),
                    "length " + length + (intrinsic ? ", intrinsic" : ", fallback"));
                assertTrue(checksum.verify(block.addressOffset(), length));
                block.putByte(length - 1, (byte)(block.getByte(length - 1) ^ 0x10));
                assertFalse(checksum.verify(block.addressOffset(), length), "a flipped bit fails");
            }
        }
    }

    @Test
    void theKnownCheckValue()
    {
        // CRC-32C of "123456789" is 0xE3069283 (RFC 3720 check value); here as the body of a block
        // whose type bytes are zero... which CRC32C also covers, so compare with the JDK directly.
        final byte[] bytes = "\0\0\0\0XXXX123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(64, 64);
        final UnsafeBuffer block = new UnsafeBuffer(memory, 0, bytes.length);
        block.putBytes(0, bytes);
        final CRC32C jdk = new CRC32C();
        jdk.update(new byte[4]);
        jdk.update("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals((int)jdk.getValue(), new JournalChecksum().blockChecksum(block.addressOffset(), bytes.length));
        final CRC32C check = new CRC32C();
        check.update("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, check.getValue(), "the JDK's CRC32C is Castagnoli's");
    }
}
