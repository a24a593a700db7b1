package io.ringcap.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A shipper's position in a journal: {@code ship-TOPIC.checkpoint} in the journal directory,
 * written by {@link JournalShipper} only after the broker acknowledged every record up to it,
 * atomically (a 0600 temporary file, fsync, rename over the old one), so a shipper killed at any
 * moment restarts after the last acknowledged excerpt. Its existence registers the shipper with
 * capture's retention, which says so in one line when it deletes a cycle file the shipper has not
 * shipped (see {@link #unshippedWarning}).
 *
 * <p>Java properties: {@code to} (the kafka:// URL), {@code index} (Chronicle index of the last
 * acknowledged excerpt, -1 for none), {@code cycleFile} (the cycle file that excerpt is in, empty for
 * none), {@code segment}, {@code excerpts} and {@code events} (shipped so far).
 *
 * @param to        where the journal ships.
 * @param index     Chronicle index of the last excerpt acknowledged, or -1.
 * @param cycleFile name of the cycle file holding it, or "" when none.
 * @param segment   the capture segment that excerpt belongs to (0 before the first).
 * @param excerpts  excerpts acknowledged in all.
 * @param events    event records in them.
 */
public record ShipCheckpoint(String to, long index, String cycleFile, int segment, long excerpts, long events)
{
    private static final String PREFIX = "ship-";
    private static final String SUFFIX = ".checkpoint";
    private static final String TEMP_SUFFIX = ".tmp";

    /** @return the checkpoint file of shipping journal to topic. */
    public static Path file(final Path journal, final String topic)
    {
        return journal.resolve(PREFIX + topic + SUFFIX);
    }

    /** @return whether a file in a journal directory is a shipper's (checkpoint or its temporary file). */
    public static boolean isShipperFile(final String name)
    {
        return name.startsWith(PREFIX) && (name.endsWith(SUFFIX) || name.endsWith(SUFFIX + TEMP_SUFFIX));
    }

    /** @return nothing shipped yet. */
    public static ShipCheckpoint start(final String to)
    {
        return new ShipCheckpoint(to, -1, "", 0, 0, 0);
    }

    /** @return the checkpoint, or null when the file does not exist. */
    public static ShipCheckpoint read(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            p.load(in);
            return new ShipCheckpoint(p.getProperty("to", ""), Long.parseLong(p.getProperty("index", "-1")),
                p.getProperty("cycleFile", ""), Integer.parseInt(p.getProperty("segment", "0")),
                Long.parseLong(p.getProperty("excerpts", "0")), Long.parseLong(p.getProperty("events", "0")));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("shipping checkpoint " + file + " is damaged: " + ex.getMessage(), ex);
        }
    }

    /** Written to a 0600 temporary file, forced to disk, renamed over the checkpoint. */
    public void write(final Path file)
    {
        final Properties p = new Properties();
        p.setProperty("to", to);
        p.setProperty("index", Long.toString(index));
        p.setProperty("cycleFile", cycleFile);
        p.setProperty("segment", Integer.toString(segment));
        p.setProperty("excerpts", Long.toString(excerpts));
        p.setProperty("events", Long.toString(events));
        final Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        try
        {
            Files.deleteIfExists(temp);
            try (FileChannel channel = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))
            {
                final OutputStream out = Channels.newOutputStream(channel);
                p.store(out, "ringcap ship: acknowledged by the broker up to here");
                out.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write shipping checkpoint " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * For capture's retention, after a pass deleted cycle files: one line naming the registered shippers
     * (checkpoint files) that have not shipped all of them, or null when every one has.
     *
     * @param journal the journal directory.
     * @param cycles  the cycle files (names ending .cq4) a pass deleted.
     */
    public static String unshippedWarning(final Path journal, final List<Path> cycles)
    {
        if (cycles.isEmpty())
        {
            return null;
        }
        final List<String> behind = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(journal, PREFIX + "*" + SUFFIX))
        {
            for (final Path file : files)
            {
                final ShipCheckpoint checkpoint;
                try
                {
                    checkpoint = read(file);
                }
                catch (final RuntimeException unreadable)
                {
                    behind.add(file.getFileName() + " (unreadable)");
                    continue;
                }
                if (checkpoint == null)
                {
                    continue;
                }
                int unshipped = 0;
                for (final Path cycle : cycles)
                {
                    // cycle file names sort in time order; the checkpoint's own cycle may be shipped in part only
                    if (checkpoint.cycleFile().isEmpty() || cycle.getFileName().toString().compareTo(checkpoint.cycleFile()) >= 0)
                    {
                        unshipped++;
                    }
                }
                if (unshipped > 0)
                {
                    behind.add(checkpoint.to() + " (" + unshipped + " of them, checkpoint " + file.getFileName() + ")");
                }
            }
        }
        catch (final IOException ex)
        {
            return "cannot read shipping checkpoints in " + journal + ": " + ex.getMessage();
        }
        return behind.isEmpty() ? null : "deleted " + cycles.size() + " cycle file(s) from " + journal +
            " that ship has not shipped to " + String.join(", ", behind) + ": their events will not reach Kafka";
    }
}
