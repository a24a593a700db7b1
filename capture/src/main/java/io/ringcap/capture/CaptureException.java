package io.ringcap.capture;

/**
 * A capture could not start or had to stop; the message is one sentence for the user.
 */
public final class CaptureException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public CaptureException(final String message)
    {
        super(message);
    }

    public CaptureException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
