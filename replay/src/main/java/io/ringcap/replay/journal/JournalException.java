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

    /**
     * @return an exception's message as one line for the user: its first line, or its class name
     *         when it has none.
     */
    public static String describe(final Throwable ex)
    {
        final String message = ex.getMessage();
        final String text = message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
        final int newline = text.indexOf('\n');
        // Chronicle quotes bytes it read from the file: keep NULs and other controls off the terminal.
        return (newline < 0 ? text : text.substring(0, newline)).replaceAll("\\p{Cntrl}", "?");
    }
}
