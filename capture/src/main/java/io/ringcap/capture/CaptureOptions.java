package io.ringcap.capture;

import io.ringcap.bpf.AttachMethod;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one capture does.
 *
 * @param journal      the journal directory to create; it must not hold a journal already.
 * @param command      the command to run and trace with its descendants; empty to trace the host.
 * @param duration     stop after this long; null to run until the command exits or a signal.
 * @param ringSize     BPF ring buffer bytes.
 * @param attachMethod where the syscall hooks attach.
 * @param idle         how the reader waits when the ring is empty.
 */
public record CaptureOptions(
    Path journal,
    List<String> command,
    Duration duration,
    int ringSize,
    AttachMethod attachMethod,
    IdleMode idle)
{
    public static final int DEFAULT_RING_SIZE = 64 * 1024 * 1024;

    /** How the drain thread idles: spinning needs no wakeups and never sleeps through a burst. */
    public enum IdleMode
    {
        BUSY,
        BACKOFF
    }
}
