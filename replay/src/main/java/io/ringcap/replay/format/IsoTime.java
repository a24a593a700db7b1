package io.ringcap.replay.format;

/**
 * ISO-8601 instants in UTC with nanoseconds, {@code 2024-11-22T10:15:42.123456789Z}, appended to a
 * {@link TableLine} without allocating (java.time would allocate per call).
 */
final class IsoTime
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    private IsoTime()
    {
    }

    /** Append {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ}. */
    static TableLine appendNanos(final TableLine builder, final long epochNs)
    {
        appendSeconds(builder, Math.floorDiv(epochNs, NANOS_PER_SECOND), false);
        return builder.append('.').zeroPadded((int)Math.floorMod(epochNs, NANOS_PER_SECOND), 9).append('Z');
    }

    /** Append {@code YYYY-MM-DDTHH:MM:SS}, then Z when zulu. */
    static TableLine appendSeconds(final TableLine builder, final long epochSeconds, final boolean zulu)
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
        // A year before 0 or past 9999 (no clock of a capture): as many digits as it has, sign included.
        if (year >= 0 && year <= 9999)
        {
            builder.zeroPadded((int)year, 4);
        }
        else
        {
            builder.append(year);
        }
        builder.append('-').zeroPadded(month, 2).append('-').zeroPadded(day, 2)
            .append('T').zeroPadded(secondOfDay / 3600, 2)
            .append(':').zeroPadded(secondOfDay / 60 % 60, 2)
            .append(':').zeroPadded(secondOfDay % 60, 2);
        return zulu ? builder.append('Z') : builder;
    }

    /** @return {@link #appendNanos}'s text, allocated: for reports, not per event. */
    static String nanosText(final long epochNs)
    {
        return appendNanos(TableLine.text(), epochNs).toString();
    }

    /** @return {@link #appendSeconds}'s text with Z, allocated: for reports, not per event. */
    static String secondsText(final long epochSeconds)
    {
        return appendSeconds(TableLine.text(), epochSeconds, true).toString();
    }
}
