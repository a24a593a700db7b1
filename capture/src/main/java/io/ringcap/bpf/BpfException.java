package io.ringcap.bpf;

/**
 * A BPF object could not be opened, loaded or attached; the message is one sentence a user can
 * act on.
 */
public final class BpfException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public BpfException(final String message)
    {
        super(message);
    }

    public BpfException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
