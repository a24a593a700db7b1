package io.ringcap.wire;

import java.nio.file.Path;

/**
 * The reader-registration file of a journal cycle file: {@code 20261122F.cq4.readers} beside
 * {@code 20261122F.cq4}, empty, created 0600 by capture. A reader holds a shared fcntl lock on it
 * while it has the cycle file open; capture's retention deletes a cycle file only under an
 * exclusive lock on it taken without waiting.
 * <p>
 * The lock is on a file of its own because Chronicle Queue locks the cycle file itself: its writer
 * grows the file a chunk at a time under an exclusive FileChannel.lock, so a reader's lock on the
 * cycle file stalls the drain thread until the reader lets go (measured: a capture of 2,000,000
 * events with two followers stopped journaling at 278,427 events and never ended). The name ends
 * in {@code .readers}, not {@code .cq4}: Chronicle lists and parses only names ending {@code .cq4}
 * (its directory listing, its cycle tree, its builder), so it never sees these files.
 */
public final class ReaderSidecar
{
    public static final String CYCLE_FILE_SUFFIX = ".cq4";
    public static final String SUFFIX = ".readers";
    private static final String SIDECAR_SUFFIX = CYCLE_FILE_SUFFIX + SUFFIX;

    private ReaderSidecar()
    {
    }

    /** The sidecar of a cycle file, in the same directory. */
    public static Path of(final Path cycleFile)
    {
        return cycleFile.resolveSibling(cycleFile.getFileName() + SUFFIX);
    }

    /** Whether a file name is a cycle file's sidecar ({@code <name>.cq4.readers}). */
    public static boolean isSidecar(final String fileName)
    {
        return fileName.endsWith(SIDECAR_SUFFIX) && fileName.length() > SIDECAR_SUFFIX.length();
    }

    /** The cycle file a sidecar belongs to, in the same directory. */
    public static Path cycleFileOf(final Path sidecar)
    {
        final String name = sidecar.getFileName().toString();
        if (!isSidecar(name))
        {
            throw new IllegalArgumentException("not a cycle file's sidecar: " + sidecar);
        }
        return sidecar.resolveSibling(name.substring(0, name.length() - SUFFIX.length()));
    }
}
