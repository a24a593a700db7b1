package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatusLineTest
{
    @Test
    void showsRateDropsRingFillAndJournalSize()
    {
        assertEquals("ringcap: 1,234,567 events, 512,000/s, 3 dropped, ring 25% full, journal 96.5 MiB ",
            StatusLine.format(1_234_567, 512_000.4, 3, 16L << 20, 64L << 20, (long)(96.5 * 1048576)));
    }
}
