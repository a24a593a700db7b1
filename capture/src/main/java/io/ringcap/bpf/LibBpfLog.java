package io.ringcap.bpf;

import com.sun.jna.Pointer;
import io.ringcap.linux.LibC;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes libbpf's printf-style log to SLF4J (logger "libbpf"). The va_list is formatted with
 * libc's vsnprintf, so messages read exactly as libbpf wrote them. The verifier log of a failed
 * load arrives here at WARN.
 */
public final class LibBpfLog
{
    private static final Logger LOG = LoggerFactory.getLogger("libbpf");
    private static final int MAX_MESSAGE = 8192;

    // libbpf keeps only the native pointer: the Java callback must stay strongly reachable.
    private static final LibBpf.PrintFn PRINT = LibBpfLog::print;
    private static volatile boolean installed;
    private static volatile boolean probing;

    private LibBpfLog()
    {
    }

    public static synchronized void install()
    {
        if (!installed)
        {
            LibBpf.libbpf_set_print(PRINT);
            installed = true;
        }
    }

    /**
     * While probing, an attach method that may fail is being tried: its complaints are expected and
     * go to DEBUG, so a fallback that works prints nothing alarming.
     */
    public static void probing(final boolean on)
    {
        probing = on;
    }

    private static int print(final int rawLevel, final Pointer format, final Pointer vaList)
    {
        final int level = probing && rawLevel == LibBpf.LIBBPF_WARN ? LibBpf.LIBBPF_DEBUG : rawLevel;
        final boolean enabled = level == LibBpf.LIBBPF_WARN ? LOG.isWarnEnabled() :
            level == LibBpf.LIBBPF_INFO ? LOG.isInfoEnabled() : LOG.isDebugEnabled();
        if (!enabled)
        {
            return 0;
        }
        final byte[] buffer = new byte[MAX_MESSAGE];
        final int length = LibC.vsnprintf(buffer, buffer.length, format, vaList);
        final int used = Math.max(0, Math.min(length, buffer.length - 1));
        final String message = new String(buffer, 0, used, StandardCharsets.UTF_8).stripTrailing();
        if (level == LibBpf.LIBBPF_WARN)
        {
            LOG.warn(message);
        }
        else if (level == LibBpf.LIBBPF_INFO)
        {
            LOG.info(message);
        }
        else
        {
            LOG.debug(message);
        }
        return used;
    }
}
