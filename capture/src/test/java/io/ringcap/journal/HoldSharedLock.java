package io.ringcap.journal;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A reader's registration in a process of its own, as replay makes it: a shared fcntl lock on a
 * file opened read-only. Says so on stdout and holds it until its stdin closes.
 */
public final class HoldSharedLock
{
    static final String READY = "locked";

    private HoldSharedLock()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ))
        {
            channel.lock(0, Long.MAX_VALUE, true);
            System.out.println(READY);
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // hold until the test closes our stdin
            }
        }
    }
}
