package io.ringcap.capture;

import io.ringcap.replay.journal.JournalReader;
import java.nio.file.Path;

/**
 * A reader in a process of its own for retention tests: opens a journal with {@link JournalReader}
 * (which locks the sidecar of the cycle file it is positioned in), says so on stdout, and holds it until its
 * stdin closes.
 */
public final class HoldJournalOpen
{
    static final String READY = "holding";

    private HoldJournalOpen()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.setProperty("chronicle.analytics.disable", "true");
        try (JournalReader reader = JournalReader.open(Path.of(args[0])))
        {
            System.out.println(READY + " " + reader.metadata().capturePid());
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // hold until the test closes our stdin
            }
        }
    }
}
