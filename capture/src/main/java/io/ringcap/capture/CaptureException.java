package io.ringcap.capture;

/**
 * A capture could not start or had to stop; the message is one sentence for the user, the exit
 * code what the process exits with (1 unless the input was at fault or CMD could not start).
 */
public final class CaptureException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CaptureException(final String message)
    {
        this(message, null);
    }

    public CaptureException(final String message, final Throwable cause)
    {
        this(message, cause, CaptureCommand.EXIT_FAILURE);
    }

    public CaptureException(final String message, final Throwable cause, final int exitCode)
    {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode()
    {
        return exitCode;
    }
}
