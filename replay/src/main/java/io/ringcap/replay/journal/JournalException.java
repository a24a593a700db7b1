package io.ringcap.replay.journal;

/**
 * A journal that cannot be read: missing, not a ringcap journal, or corrupt. The message is one
 * sentence meant for the user and names where in the journal the problem is, so the command line
 * prints it as is, without a stack trace.
 */
public final class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JournalException(final String message)
    {
        super(message);
    }

    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
