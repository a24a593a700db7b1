package io.ringcap.replay.decode;

import org.agrona.DirectBuffer;

/**
 * Decodes bytes a record copied from the kernel or from user memory (comm, queue names, paths) as
 * UTF-8 into a reused StringBuilder, allocating nothing. Those bytes are whatever a process passed:
 * each byte that does not decode becomes U+FFFD, as {@link java.nio.charset.CharsetDecoder}'s
 * REPLACE does, so the output is always text and never throws.
 */
public final class Utf8Text
{
    /** U+FFFD, shown for bytes that are not UTF-8 (the kernel may cut a character at a field's end). */
    static final char REPLACEMENT_CHARACTER = '\uFFFD';

    private Utf8Text()
    {
    }

    /**
     * @param buffer  holding the bytes.
     * @param index   of the first byte.
     * @param length  bytes to decode.
     * @param builder to append to.
     * @return builder.
     */
    public static StringBuilder append(final DirectBuffer buffer, final int index, final int length, final StringBuilder builder)
    {
        int i = 0;
        while (i < length)
        {
            final int b0 = buffer.getByte(index + i) & 0xFF;
            if (b0 < 0x80)
            {
                builder.append((char)b0);
                i++;
                continue;
            }

            final int continuationBytes = continuationBytes(b0);
            if (continuationBytes < 0)
            {
                builder.append(REPLACEMENT_CHARACTER);
                i++;
                continue;
            }
            final int minimum = minimumCodePoint(continuationBytes);
            int codePoint = leadBits(b0, continuationBytes);

            int decoded = 0;
            while (decoded < continuationBytes && i + 1 + decoded < length)
            {
                final int b = buffer.getByte(index + i + 1 + decoded) & 0xFF;
                if ((b & 0xC0) != 0x80)
                {
                    break;
                }
                codePoint = (codePoint << 6) | (b & 0x3F);
                decoded++;
            }

            if (decoded < continuationBytes || codePoint < minimum || codePoint > Character.MAX_CODE_POINT ||
                (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE))
            {
                // Replace only the lead byte and resynchronise on the next one, as decoders do.
                builder.append(REPLACEMENT_CHARACTER);
                i++;
            }
            else
            {
                builder.appendCodePoint(codePoint);
                i += 1 + continuationBytes;
            }
        }
        return builder;
    }

    /**
     * Whether a well-formed UTF-8 sequence starts at {@code bytes[i]}, by the rules {@link #append}
     * decodes with (no overlong form, no surrogate, nothing above U+10FFFF, all of it before length):
     * for writers that copy valid text through as bytes and replace the rest.
     *
     * @return the sequence's length (1 for ASCII, up to 4), or 0 when the byte at i starts none: it
     *         stands for one U+FFFD and decoding goes on at i + 1.
     */
    public static int sequenceLength(final byte[] bytes, final int i, final int length)
    {
        final int b0 = bytes[i] & 0xFF;
        if (b0 < 0x80)
        {
            return 1;
        }
        final int continuationBytes = continuationBytes(b0);
        if (continuationBytes < 0 || i + continuationBytes >= length)
        {
            return 0;
        }
        int codePoint = leadBits(b0, continuationBytes);
        for (int k = 1; k <= continuationBytes; k++)
        {
            final int b = bytes[i + k] & 0xFF;
            if ((b & 0xC0) != 0x80)
            {
                return 0;
            }
            codePoint = (codePoint << 6) | (b & 0x3F);
        }
        if (codePoint < minimumCodePoint(continuationBytes) || codePoint > Character.MAX_CODE_POINT ||
            (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE))
        {
            return 0;
        }
        return 1 + continuationBytes;
    }

    /**
     * @return bytes before the first NUL in {@code [index, index + capacity)}, or capacity when there is none.
     */
    static int lengthBeforeNul(final DirectBuffer buffer, final int index, final int capacity)
    {
        int length = 0;
        while (length < capacity && buffer.getByte(index + length) != 0)
        {
            length++;
        }
        return length;
    }

    /**
     * @param b0 a byte of 0x80 or more, read where a UTF-8 sequence should start.
     * @return the continuation bytes a sequence it leads has (1 to 3), or -1 when no well-formed
     *         sequence starts with it (a continuation byte, an overlong lead 0xC0/0xC1, or a lead
     *         beyond U+10FFFF).
     */
    public static int continuationBytes(final int b0)
    {
        if (b0 >= 0xC2 && b0 <= 0xDF)
        {
            return 1;
        }
        if (b0 >= 0xE0 && b0 <= 0xEF)
        {
            return 2;
        }
        return b0 >= 0xF0 && b0 <= 0xF4 ? 3 : -1;
    }

    /** @return the smallest code point a sequence of that length may encode: less is overlong. */
    public static int minimumCodePoint(final int continuationBytes)
    {
        return continuationBytes == 1 ? 0x80 : continuationBytes == 2 ? 0x800 : 0x1_0000;
    }

    /** @return the code point bits the lead byte of a sequence of that length carries. */
    public static int leadBits(final int b0, final int continuationBytes)
    {
        return b0 & (0x3F >> continuationBytes);
    }
}
