package io.ringcap.replay.format;

/**
 * A call's duration, as people write one: {@code 850ns}, {@code 12.345us}, {@code 1.500ms},
 * {@code 2.000s} (three decimals from a microsecond up, as {@code perf trace} shows milliseconds),
 * and the same units read back for the duration filters ({@code 500us}, {@code 2ms}, {@code 1.5s}).
 * Appending allocates nothing.
 */
public final class Durations
{
    private static final long MICROSECOND = 1_000L;
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private Durations()
    {
    }

    /** Append a duration in its unit: ns below a microsecond, else us, ms or s with three decimals. */
    static TableLine append(final TableLine line, final long nanos)
    {
        if (nanos < MICROSECOND)
        {
            return line.append(nanos).append("ns");
        }
        if (nanos < MILLISECOND)
        {
            return decimal(line, nanos, 1).append("us");
        }
        if (nanos < SECOND)
        {
            return decimal(line, nanos, MICROSECOND).append("ms");
        }
        return decimal(line, nanos, MILLISECOND).append('s');
    }

    /** nanos in units of 1000 × thousandth, with three decimals: 12345 ns at thousandth 1 is 12.345. */
    private static TableLine decimal(final TableLine line, final long nanos, final long thousandth)
    {
        final long thousandths = nanos / thousandth;
        return line.append(thousandths / 1000).append('.').zeroPadded((int)(thousandths % 1000), 3);
    }

    /** @return a duration's text ({@link #append}), allocated: for reports, not per event. */
    static String toString(final long nanos)
    {
        return append(TableLine.text(), nanos).toString();
    }

    /**
     * @param text   a number with a unit: ns, us, ms or s (500us, 2ms, 1.5s).
     * @param option the option it came with, for the message.
     * @return it in nanoseconds.
     * @throws IllegalArgumentException for anything else, saying what a duration looks like.
     */
    public static long parse(final String text, final String option)
    {
        final String trimmed = text.trim();
        int unitAt = trimmed.length();
        while (unitAt > 0 && Character.isLetter(trimmed.charAt(unitAt - 1)))
        {
            unitAt--;
        }
        final String unit = trimmed.substring(unitAt);
        final long scale;
        switch (unit)
        {
            case "ns":
                scale = 1;
                break;
            case "us":
                scale = MICROSECOND;
                break;
            case "ms":
                scale = MILLISECOND;
                break;
            case "s":
                scale = SECOND;
                break;
            default:
                throw new IllegalArgumentException("invalid value for option '" + option + "': '" + text +
                    "' (a duration with its unit: 500us, 2ms, 1.5s; ns, us, ms or s)");
        }
        try
        {
            final java.math.BigDecimal nanos = new java.math.BigDecimal(trimmed.substring(0, unitAt))
                .multiply(java.math.BigDecimal.valueOf(scale));
            if (nanos.signum() < 0 || nanos.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0)
            {
                throw new NumberFormatException();
            }
            return nanos.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("invalid value for option '" + option + "': '" + text +
                "' (a duration with its unit: 500us, 2ms, 1.5s; ns, us, ms or s)");
        }
    }
}
