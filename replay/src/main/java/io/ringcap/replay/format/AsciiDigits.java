package io.ringcap.replay.format;

import java.nio.charset.StandardCharsets;

/**
 * Decimal numbers written as ASCII digits straight into a byte array, for the byte-level writers of
 * every format ({@link JsonOutput}, {@link TableLine}): two digits per division from a table, int
 * arithmetic in groups of eight digits. The caller has made room: at most 20 bytes per number.
 * Nothing allocates.
 */
final class AsciiDigits
{
    /** The most bytes a long's text takes: {@code -9223372036854775808}, or a u64's 20 digits. */
    static final int MAX_LONG_BYTES = 20;

    private static final long EIGHT_DIGITS = 100_000_000L;
    /** 10^0 to 10^9: digitCount's correction. */
    private static final int[] INT_POWERS_OF_TEN =
        {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};
    /** "00" to "99": numbers are written two digits per division. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    private static final byte[] LONG_MIN_VALUE = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    static
    {
        for (int i = 0; i < 100; i++)
        {
            DIGIT_PAIRS[2 * i] = (byte)('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte)('0' + i % 10);
        }
    }

    private AsciiDigits()
    {
    }

    /** {@code Long.toString(value)} at p; @return the position after it. */
    static int putSigned(final byte[] buffer, final int p, final long value)
    {
        if (value >= 0)
        {
            return putDigits(buffer, p, value);
        }
        if (value == Long.MIN_VALUE)
        {
            System.arraycopy(LONG_MIN_VALUE, 0, buffer, p, LONG_MIN_VALUE.length);
            return p + LONG_MIN_VALUE.length;
        }
        buffer[p] = '-';
        return putDigits(buffer, p + 1, -value);
    }

    /** A u64 in decimal, even with its top bit set, at p; @return the position after it. */
    static int putUnsigned(final byte[] buffer, final int p, final long value)
    {
        if (value >= 0)
        {
            return putDigits(buffer, p, value);
        }
        // Above Long.MAX_VALUE: one unsigned division brings it into range, the last digit follows.
        final long tens = Long.divideUnsigned(value, 10);
        final int at = putDigits(buffer, p, tens);
        buffer[at] = (byte)('0' + (value - tens * 10));
        return at + 1;
    }

    /**
     * value (not negative) zero-padded on the left to minDigits (at most 9), at p; @return the
     * position after it: a clock's {@code 07} or a fraction's {@code 000012345}.
     */
    static int putZeroPadded(final byte[] buffer, final int p, final int value, final int minDigits)
    {
        int at = p;
        for (int i = digitCount(value); i < minDigits; i++)
        {
            buffer[at++] = '0';
        }
        return putIntDigits(buffer, at, value);
    }

    /** @return the bytes {@code Long.toString(value)} has. */
    static int signedLength(final long value)
    {
        if (value >= 0)
        {
            return value <= Integer.MAX_VALUE ? digitCount((int)value) : longDigitCount(value);
        }
        return value == Long.MIN_VALUE ? LONG_MIN_VALUE.length : 1 + longDigitCount(-value);
    }

    /**
     * Decimal digits of a value >= 0 at p; @return the position after them. Int arithmetic in groups
     * of eight digits: a 19-digit timestamp is two long divisions, not nine.
     */
    static int putDigits(final byte[] buffer, final int p, final long value)
    {
        if (value <= Integer.MAX_VALUE)
        {
            return putIntDigits(buffer, p, (int)value);
        }
        final long high = value / EIGHT_DIGITS;
        final int at = putDigits(buffer, p, high);
        putEightDigits(buffer, at, (int)(value - high * EIGHT_DIGITS));
        return at + 8;
    }

    private static int putIntDigits(final byte[] buffer, final int p, final int value)
    {
        final int end = p + digitCount(value);
        int at = end;
        int remaining = value;
        while (remaining >= 100)
        {
            final int hundreds = remaining / 100;
            final int pair = (remaining - hundreds * 100) << 1;
            buffer[--at] = DIGIT_PAIRS[pair + 1];
            buffer[--at] = DIGIT_PAIRS[pair];
            remaining = hundreds;
        }
        if (remaining >= 10)
        {
            final int pair = remaining << 1;
            buffer[--at] = DIGIT_PAIRS[pair + 1];
            buffer[--at] = DIGIT_PAIRS[pair];
        }
        else
        {
            buffer[--at] = (byte)('0' + remaining);
        }
        return end;
    }

    /** Exactly eight digits, leading zeros included, of 0 <= value < 10^8. */
    private static void putEightDigits(final byte[] buffer, final int p, final int value)
    {
        final int high = value / 10_000;
        final int low = value - high * 10_000;
        final int a = high / 100;
        final int b = high - a * 100;
        final int c = low / 100;
        final int d = low - c * 100;
        buffer[p] = DIGIT_PAIRS[a << 1];
        buffer[p + 1] = DIGIT_PAIRS[(a << 1) + 1];
        buffer[p + 2] = DIGIT_PAIRS[b << 1];
        buffer[p + 3] = DIGIT_PAIRS[(b << 1) + 1];
        buffer[p + 4] = DIGIT_PAIRS[c << 1];
        buffer[p + 5] = DIGIT_PAIRS[(c << 1) + 1];
        buffer[p + 6] = DIGIT_PAIRS[d << 1];
        buffer[p + 7] = DIGIT_PAIRS[(d << 1) + 1];
    }

    /** Digits of 0 <= value: log10 from the bit length, corrected by one comparison. */
    static int digitCount(final int value)
    {
        // value | 1 turns 0 into 1 (one digit) and never crosses a power of ten (those are even).
        final int odd = value | 1;
        final int guess = ((Integer.SIZE - Integer.numberOfLeadingZeros(odd)) * 1233) >>> 12;
        return guess + (odd >= INT_POWERS_OF_TEN[guess] ? 1 : 0);
    }

    /** Digits of a value above Integer.MAX_VALUE: eight per group, as {@link #putDigits} writes them. */
    private static int longDigitCount(final long value)
    {
        return value <= Integer.MAX_VALUE ? digitCount((int)value) : 8 + longDigitCount(value / EIGHT_DIGITS);
    }
}
