package io.ringcap.linux;

/**
 * The controlling terminal of this process. Its driver sends ^C's SIGINT (and a hangup's SIGHUP)
 * to the whole foreground process group, so a child in that group has already had the signal.
 */
public final class ControllingTerminal
{
    private ControllingTerminal()
    {
    }

    /** @return the terminal's foreground process group, or -1 without a controlling terminal. */
    public static int foregroundProcessGroup()
    {
        final int fd = LibC.open("/dev/tty", LibC.O_RDONLY | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return -1; // ENXIO: no controlling terminal (a service, a test, setsid)
        }
        try
        {
            return LibC.tcgetpgrp(fd);
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
