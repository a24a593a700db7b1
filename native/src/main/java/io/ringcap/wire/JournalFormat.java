package io.ringcap.wire;

/**
 * The journal: a Chronicle Queue directory whose every excerpt starts with an 8-byte block
 * header. Capture writes it, replay reads it; this class is the one description.
 *
 * <pre>
 * Block header (every excerpt):
 *   0  int32  block type (BLOCK_*)
 *   4  uint32 CRC32C (Castagnoli) over bytes [0, 4) and [8, excerpt length): the block type and
 *             everything after the checksum ({@link JournalChecksum}). Replay verifies it before a
 *             byte of the block is decoded; a block that fails is damage, skipped and reported.
 *   8         the block's body.
 *
 * METADATA  (once, first)  block header, then Chronicle binary-wire fields named by the
 *                          META_* constants below, in that order.
 * EVENTS    (many)         block header, int64 first record (records of this segment journaled
 *                          before this block: with the count, replay tells exactly how many records
 *                          a damaged region held), int32 record count (records not DISCARDed),
 *                          int32 zero, then a span of ring records copied verbatim from the BPF ring buffer,
 *                          each in the kernel's framing ({@link RingRecordFraming}); payloads are
 *                          the rc_* structs of ringcap_event.h. Gap records (rc_gap) are among
 *                          them where the BPF programs lost events; the capture writes one more
 *                          EVENTS block of them at stop (one per CPU with drops no record
 *                          followed), framed as the ring frames them, before the SUMMARY.
 * SUMMARY   (at a clean stop) block header, then binary-wire fields SUMMARY_*: events
 *                          journaled (gap records not counted), submitted and dropped, gap records.
 * CGROUPS   (at start and at stop) block header, int32 count, then count entries of
 *                          int64 cgroup id, int32 n, n bytes of UTF-8 path below the cgroup2 root
 *                          ("/system.slice/docker-<id>.scope"): replay derives containerId from it.
 * PROCESSES (at start)     block header, int32 count, then count entries of int32 host pid,
 *                          int32 n, n bytes of UTF-8 executable path: processes that were running
 *                          before the capture began (later ones name theirs in process_exec records).
 * </pre>
 * Later CGROUPS and PROCESSES entries replace earlier ones for the same id; a large table is split
 * over several blocks. Every integer in every block is little-endian.
 *
 * A journal without a SUMMARY block was not closed cleanly (killed capture): every complete
 * EVENTS block in it is still good.
 *
 * <p><b>Segments.</b> A capture may append to an existing journal: each capture writes a segment,
 * METADATA (without META_CONTINUES) first and SUMMARY last, and its records are read with that
 * segment's METADATA (its boot-to-wall offset). A segment without a SUMMARY was killed; the next
 * METADATA starts the next segment. The SUMMARY counts its own segment only.
 *
 * <p><b>Cycles.</b> Chronicle starts a new file per roll cycle (daily by default). At the start of
 * every cycle file after its segment's first, capture restates the segment's METADATA with
 * META_CONTINUES = 1, then its CGROUPS and PROCESSES tables, so that a journal whose older cycle
 * files were deleted (retention) still replays: a reader takes the first METADATA of the oldest
 * remaining cycle as the first segment's, also for EVENTS that precede it in that cycle. Journals
 * written before 2026-12-07 can have such EVENTS (a roll between the restatement and a span put the
 * span first); capture now rolls a block that opened a new cycle back and restates METADATA first,
 * so a cycle file it writes always opens with METADATA. A restatement starts no segment.
 */
public final class JournalFormat
{
    /**
     * Where capture puts a journal when none is named ({@code journals/<date>-<time>-<pid>}), and
     * where replay takes the newest one from.
     */
    public static final String DEFAULT_JOURNALS_DIRECTORY = "journals";

    /** Bumped with any change to this framing or to a record layout in ringcap_event.h. */
    public static final int FORMAT_VERSION = 4; // 4: block checksums, EVENTS first-record numbers

    public static final int BLOCK_METADATA = 0x52434d31; // "1MCR" little-endian
    public static final int BLOCK_EVENTS = 0x52434531;   // "1ECR"
    public static final int BLOCK_SUMMARY = 0x52435331;  // "1SCR"
    public static final int BLOCK_CGROUPS = 0x52434731;  // "1GCR"
    public static final int BLOCK_PROCESSES = 0x52435031; // "1PCR"

    public static final int BLOCK_TYPE_OFFSET = 0;
    public static final int BLOCK_CHECKSUM_OFFSET = 4;
    /** Where METADATA and SUMMARY wire fields and every other block's body start. */
    public static final int BLOCK_HEADER_LENGTH = 8;
    public static final int EVENTS_FIRST_RECORD_OFFSET = 8;
    public static final int EVENTS_COUNT_OFFSET = 16;
    public static final int EVENTS_RECORDS_OFFSET = 24;
    public static final int TABLE_COUNT_OFFSET = 8;
    public static final int TABLE_ENTRIES_OFFSET = 12;

    public static final String META_FORMAT_VERSION = "formatVersion";   // int32
    public static final String META_HOST_NAME = "hostName";             // text
    public static final String META_KERNEL_RELEASE = "kernelRelease";   // text, uname -r
    public static final String META_BOOT_TO_WALL_NS = "bootToWallNs";   // int64: CLOCK_BOOTTIME + this = ns since epoch
    public static final String META_ATTACH_METHOD = "attachMethod";     // text: tracepoint, kprobe, fentry
    public static final String META_RING_SIZE = "ringSize";             // int64 bytes
    public static final String META_CAPTURE_PID = "capturePid";         // int32 pid of the capture process
    public static final String META_TARGET = "target";                 // text: the command traced, or "host"
    /** Optional int32, 1 on a restatement at the start of a cycle file; absent (0) opens a segment. */
    public static final String META_CONTINUES = "continuesSegment";

    public static final String SUMMARY_EVENTS_JOURNALED = "eventsJournaled"; // int64
    public static final String SUMMARY_EVENTS_SUBMITTED = "eventsSubmitted"; // int64, from the BPF counter
    public static final String SUMMARY_EVENTS_DROPPED = "eventsDropped";     // int64, from the BPF counter
    public static final String SUMMARY_GAP_RECORDS = "gapRecords";           // int64: gap records in the journal

    private JournalFormat()
    {
    }

    /** @return whether the int32 is one of the BLOCK_* types. */
    public static boolean isBlockType(final int blockType)
    {
        return blockType == BLOCK_METADATA || blockType == BLOCK_EVENTS || blockType == BLOCK_SUMMARY ||
            blockType == BLOCK_CGROUPS || blockType == BLOCK_PROCESSES;
    }
}
