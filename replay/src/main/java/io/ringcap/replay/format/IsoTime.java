package io.ringcap.replay.format;

/**
 * ISO-8601 instants in UTC with nanoseconds, {@code 2024-11-22T10:15:42.123456789Z}, appended to a
 * StringBuilder without allocating (java.time would allocate per call).
 */
final class IsoTime
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    private IsoTime()
    {
    }

    /** Append {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ}. */
    static StringBuilder appendNanos(final StringBuilder builder, final long epochNs)
    {
        appendSeconds(builder, Math.floorDiv(epochNs, NANOS_PER_SECOND), false);
        builder.append('.');
        appendDigits(builder, (int)Math.floorMod(epochNs, NANOS_PER_SECOND), 9);
        return builder.append('Z');
    }

    /** Append {@code YYYY-MM-DDTHH:MM:SS}, then Z when zulu. */
    static StringBuilder appendSeconds(final StringBuilder builder, final long epochSeconds, final boolean zulu)
    {
        final long days = Math.floorDiv(epochSeconds, SECONDS_PER_DAY);
        final int secondOfDay = (int)Math.floorMod(epochSeconds, SECONDS_PER_DAY);
        // Howard Hinnant's civil_from_days.
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final int day = (int)(doy - (153 * mp + 2) / 5 + 1);
        final int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        appendDigits(builder, (int)year, 4);
        builder.append('-');
        appendDigits(builder, month, 2);
        builder.append('-');
        appendDigits(builder, day, 2);
        builder.append('T');
        appendDigits(builder, secondOfDay / 3600, 2);
        builder.append(':');
        appendDigits(builder, secondOfDay / 60 % 60, 2);
        builder.append(':');
        appendDigits(builder, secondOfDay % 60, 2);
        return zulu ? builder.append('Z') : builder;
    }

    /**
     * Append value (not negative) in decimal, zero-padded on the left to minDigits. The zeros go
     * first, counted from the value's digits: inserting them in front afterwards shifted the digits once per zero.
     */
    static void appendDigits(final StringBuilder builder, final int value, final int minDigits)
    {
        int digits = 1;
        for (int bound = 10; digits < minDigits && value >= bound; bound *= 10)
        {
            digits++;
        }
        for (int i = digits; i < minDigits; i++)
        {
            builder.append('0');
        }
        builder.append(value);
    }
}
