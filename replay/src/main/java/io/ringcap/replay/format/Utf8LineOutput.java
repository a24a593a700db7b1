package io.ringcap.replay.format;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes lines built in a StringBuilder as UTF-8 through one reused byte array into a buffered
 * stream: nothing is allocated per line once the array fits the longest. Lone surrogates become '?'.
 */
final class Utf8LineOutput
{
    private static final int OUTPUT_BUFFER_BYTES = 64 * 1024;

    private final OutputStream out;
    private char[] chars = new char[1024];
    private byte[] encoded = new byte[3 * 1024];

    Utf8LineOutput(final OutputStream out)
    {
        this.out = new BufferedOutputStream(out, OUTPUT_BUFFER_BYTES);
    }

    /**
     * Write the builder's chars, encoded; the caller appends the newline. The chars are first copied
     * out in one bulk {@code getChars} (a Latin-1 builder inflates them with one intrinsic), then
     * encoded from the array: reading them one {@code charAt} at a time (a bounds check and a coder
     * test per char) was 10% of the table path's time in JMH's stack profile.
     */
    void write(final StringBuilder line) throws IOException
    {
        final int length = line.length();
        if (chars.length < length)
        {
            chars = new char[length]; // rows rarely grow
            encoded = new byte[length * 3]; // the UTF-8 worst case per char
        }
        final char[] chars = this.chars;
        final byte[] encoded = this.encoded;
        line.getChars(0, length, chars, 0);
        // Rows are nearly always ASCII: test the whole row at once, then copy it in one narrowing loop.
        int any = 0;
        for (int i = 0; i < length; i++)
        {
            any |= chars[i];
        }
        if (any < 0x80)
        {
            for (int i = 0; i < length; i++)
            {
                encoded[i] = (byte)chars[i];
            }
            out.write(encoded, 0, length);
            return;
        }
        int n = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = chars[i];
            if (c < 0x80)
            {
                encoded[n++] = (byte)c;
            }
            else if (c < 0x800)
            {
                encoded[n++] = (byte)(0xC0 | (c >> 6));
                encoded[n++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(chars[i + 1]))
            {
                final int codePoint = Character.toCodePoint(c, chars[++i]);
                encoded[n++] = (byte)(0xF0 | (codePoint >> 18));
                encoded[n++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                encoded[n++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                encoded[n++] = (byte)(0x80 | (codePoint & 0x3F));
            }
            else if (Character.isSurrogate(c))
            {
                encoded[n++] = '?';
            }
            else
            {
                encoded[n++] = (byte)(0xE0 | (c >> 12));
                encoded[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                encoded[n++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        out.write(encoded, 0, n);
    }

    void flush() throws IOException
    {
        out.flush();
    }
}
