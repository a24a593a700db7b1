package io.ringcap.replay.cli;

/**
 * A replay option with a value the user must fix (an unknown event or errno name, a time that does
 * not parse): reported as one {@code ringcap: } line, exit {@link ReplayCommand#EXIT_BAD_INPUT}.
 */
public final class UsageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public UsageException(final String message)
    {
        super(message, null, false, false);
    }
}
