package io.ringcap.capture;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the command of {@code capture -- CMD} can be started, judged as execvp(3) does (a name
 * with a slash is a path, any other is looked up on PATH) before anything is loaded or created,
 * so a typo leaves no journal behind. A failure exits as a shell's would: 127 when there is no
 * such command, 126 when there is one that cannot be run.
 */
final class CommandLookup
{
    static final int EXIT_NOT_FOUND = 127;
    static final int EXIT_CANNOT_EXECUTE = 126;
    /** What the JDK's launcher searches when PATH is unset (childproc.c). */
    private static final String DEFAULT_PATH = ":/bin:/usr/bin";
    /** How the JDK words a failed exec: Cannot run program "x": error=2, No such file or directory. */
    private static final Pattern EXEC_ERROR = Pattern.compile("error=(\\d+), (.*)$");
    private static final int ENOENT = 2;

    private CommandLookup()
    {
    }

    /**
     * @throws CaptureException with exit code 127 or 126 when CMD cannot be started.
     */
    static void requireRunnable(final String name, final String pathVariable)
    {
        if (name.isEmpty())
        {
            throw notFound(name, "No such file or directory");
        }
        if (name.contains("/"))
        {
            final Path path = Path.of(name);
            if (!Files.exists(path))
            {
                throw notFound(name, "No such file or directory");
            }
            if (Files.isDirectory(path))
            {
                throw cannotExecute(name, "Is a directory");
            }
            if (!Files.isExecutable(path))
            {
                throw cannotExecute(name, "Permission denied");
            }
            return;
        }
        boolean foundButNotExecutable = false;
        for (final String dir : (null == pathVariable ? DEFAULT_PATH : pathVariable).split(File.pathSeparator, -1))
        {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate))
            {
                if (Files.isExecutable(candidate))
                {
                    return;
                }
                foundButNotExecutable = true;
            }
        }
        throw foundButNotExecutable ? cannotExecute(name, "Permission denied") : notFound(name, "command not found");
    }

    /** @return the one line and exit code for an exec that failed after all (the check raced, or exec refused). */
    static CaptureException startFailed(final String name, final String jdkMessage)
    {
        final Matcher matcher = EXEC_ERROR.matcher(null == jdkMessage ? "" : jdkMessage);
        if (!matcher.find())
        {
            return cannotExecute(name, null == jdkMessage ? "exec failed" : jdkMessage);
        }
        final String reason = matcher.group(2);
        return Integer.parseInt(matcher.group(1)) == ENOENT ? notFound(name, reason) : cannotExecute(name, reason);
    }

    private static CaptureException notFound(final String name, final String reason)
    {
        return new CaptureException("cannot run " + name + ": " + reason, null, EXIT_NOT_FOUND);
    }

    private static CaptureException cannotExecute(final String name, final String reason)
    {
        return new CaptureException("cannot run " + name + ": " + reason, null, EXIT_CANNOT_EXECUTE);
    }
}
