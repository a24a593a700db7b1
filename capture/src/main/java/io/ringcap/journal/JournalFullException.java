package io.ringcap.journal;

import java.nio.file.Path;

/**
 * The journal's disk (or quota) is full: the span was not written, and nothing of it is in the
 * journal. Everything journaled before it is intact and replays.
 */
public final class JournalFullException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    JournalFullException(final Path directory)
    {
        super("cannot write the journal: no space left on its device");
    }
}
