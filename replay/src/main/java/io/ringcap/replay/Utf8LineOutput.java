package io.ringcap.replay;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes lines built in a StringBuilder as UTF-8 into one reused byte array, handed to the stream in
 * chunks of {@value #FLUSH_BYTES} bytes or more at line ends: nothing is allocated per line once
 * the arrays fit the longest, and the stream sees few, large writes (no lock per line, as a
 * BufferedOutputStream would take). Lone surrogates become '?'.
 */
final class Utf8LineOutput
{
    /** Written once a line ends and this much is buffered. */
    static final int FLUSH_BYTES = 64 * 1024;
    /** The UTF-8 worst case per char. */
    private static final int MAX_BYTES_PER_CHAR = 3;

    private final OutputStream out;
    private byte[] buffer = new byte[2 * FLUSH_BYTES];
    private int position;
    /** The line's chars, copied out in one go: the loop below then reads an array, not charAt calls. */
    private char[] chars = new char[512];

    Utf8LineOutput(final OutputStream out)
    {
        this.out = out;
    }

    /** Write the builder's chars, encoded: whole lines, newline included, as a chunk may go out after each. */
    void write(final StringBuilder line) throws IOException
    {
        final int length = line.length();
        if (chars.length < length)
        {
            chars = new char[length]; // rows rarely grow
        }
        if (buffer.length - position < length * MAX_BYTES_PER_CHAR)
        {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, position + length * MAX_BYTES_PER_CHAR));
        }
        final char[] chars = this.chars;
        line.getChars(0, length, chars, 0);
        final byte[] encoded = this.buffer;
        int n = position;
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
        position = n;
        if (n >= FLUSH_BYTES)
        {
            drain();
        }
    }

    void flush() throws IOException
    {
        drain();
        out.flush();
    }

    private void drain() throws IOException
    {
        if (position > 0)
        {
            out.write(buffer, 0, position);
            position = 0;
        }
    }
}
