package io.ringcap.journal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * Turns off the kernel's readahead on a mapping of a journal cycle file ({@code madvise(MADV_RANDOM)}).
 * <p>
 * Why: the journal is written through shared mappings of a file that Chronicle grows sparsely in
 * chunks. A page fault there that meets a page marked for readahead makes the faulting thread read
 * the next read_ahead_kb of the file into the page cache, and past the reserved end those pages
 * are holes: the kernel allocates and zero-fills them on that thread, then marks the next window,
 * which the writer meets again. Once started (by any fault on a page not yet cached, such as
 * Chronicle's first header write or a pretoucher touch), the chain follows the writer to the end of
 * the capture. Measured on this machine kind (kernel 6.18, read_ahead_kb 8192 on the root disk,
 * ext4 with large folios: 8 MiB windows of folios up to 8 MiB): during a 1,000,000-call mq_notify
 * load, 69% of the drain thread's samples were in {@code __pi_memset} under
 * {@code filemap_fault → page_cache_ra_order → ext4_mpage_readpages}; the drain spent 700-950 ns
 * per event against 190-260 ns draining the same 1,000,000 events without a producer, and the
 * default 64 MiB ring dropped in 5 of 10 runs (8 of 8 in a later round). Zero-filling is that
 * expensive here because the first touch of high-order free memory costs 4-6 us per 4 KiB page in
 * this VM (the host took it back: free page reporting), against 0.5 us for memory touched again.
 * <p>
 * With readahead off on the mappings, a fault maps the page the writer's reservation already put
 * in the page cache and reads nothing ahead. Measured, quiet machine, 1,000,000 calls: with a
 * 512 MiB ring the reader's backlog peaked at 6 MiB (median of 6, at most 12) against 79 MiB, at
 * 352 ns per event against 749; with the default ring the capture command dropped in 0 of 10 runs
 * against 7 of 10, MqNotifyCaptureTest failed 1 of 10 against 6 of 10 (that one with a C2 compiler
 * thread taking a quarter of the run's CPU).
 */
final class JournalReadahead
{
    private static final int MADV_RANDOM = 1;
    private static final long PAGE = 4096;

    static
    {
        Native.register("c");
    }

    private JournalReadahead()
    {
    }

    private static native int madvise(long address, long length, int advice) throws LastErrorException;

    /**
     * Advice only: a mapping the kernel refuses it for keeps working, with readahead.
     *
     * @param address the mapping's first byte (rounded down to its page).
     * @param length  bytes mapped from there.
     */
    static void disable(final long address, final long length)
    {
        final long start = address & -PAGE;
        try
        {
            madvise(start, length + (address - start), MADV_RANDOM);
        }
        catch (final LastErrorException ignored)
        {
            // e.g. EINVAL on a kernel without the advice: readahead stays on
        }
    }
}
