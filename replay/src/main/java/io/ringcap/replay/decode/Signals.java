package io.ringcap.replay.decode;

/**
 * Linux signal names (x86_64), numbered as the kernel and glibc number them. Real-time signals are
 * named relative to glibc's SIGRTMIN (34) and SIGRTMAX (64) as {@code kill -l} shows them:
 * SIGRTMIN, SIGRTMIN+1 .. SIGRTMIN+15, SIGRTMAX-14 .. SIGRTMAX-1, SIGRTMAX. Signals 32 and 33 are
 * real-time signals glibc keeps for itself (threads, cancellation), so they have no name.
 */
public final class Signals
{
    /** glibc's SIGRTMIN: the kernel's 32 and 33 are taken by NPTL. */
    public static final int SIGRTMIN = 34;
    /** The kernel's _NSIG: the highest signal number. */
    public static final int SIGRTMAX = 64;

    private static final String[] CLASSIC_NAMES =
    {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    /** Index = signal number; built once so that naming allocates nothing. */
    private static final String[] NAMES = new String[SIGRTMAX + 1];

    static
    {
        System.arraycopy(CLASSIC_NAMES, 0, NAMES, 0, CLASSIC_NAMES.length);
        final int middle = (SIGRTMIN + SIGRTMAX) / 2; // 49: the last named from SIGRTMIN, as kill -l does
        for (int signo = SIGRTMIN; signo <= SIGRTMAX; signo++)
        {
            if (signo == SIGRTMIN)
            {
                NAMES[signo] = "SIGRTMIN";
            }
            else if (signo == SIGRTMAX)
            {
                NAMES[signo] = "SIGRTMAX";
            }
            else if (signo <= middle)
            {
                NAMES[signo] = "SIGRTMIN+" + (signo - SIGRTMIN);
            }
            else
            {
                NAMES[signo] = "SIGRTMAX-" + (SIGRTMAX - signo);
            }
        }
    }

    private Signals()
    {
    }

    /**
     * @param signo a signal number.
     * @return its name (SIGUSR1), or null for 0, 32, 33 and numbers outside 1..64.
     */
    public static String name(final int signo)
    {
        return signo >= 0 && signo < NAMES.length ? NAMES[signo] : null;
    }
}
