package io.ringcap.fleet;

/** Shipping or replaying from Kafka cannot go on; the message is the one line the user sees (exit 2). */
public final class FleetException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public FleetException(final String message)
    {
        super(message);
    }
}
