package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

/** A capture session run on a thread of its own, for tests that act on the host while it traces. */
final class BackgroundCapture
{
    private final CaptureSession session;
    private final Thread thread;
    private volatile CaptureResult result;

    private BackgroundCapture(final CaptureSession session)
    {
        this.session = session;
        this.thread = new Thread(() ->
        {
            try
            {
                result = session.run();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "test-capture");
    }

    /** Start the session and return once its hooks are attached: from then on every call is seen. */
    static BackgroundCapture startAttached(final CaptureSession session) throws InterruptedException
    {
        final BackgroundCapture capture = new BackgroundCapture(session);
        capture.thread.start();
        assertTrue(session.awaitAttached(120, TimeUnit.SECONDS), "attached within 120 s (a bound on a hung load, not a measurement)");
        return capture;
    }

    /** @return the session's result once it has ended (by itself, or after {@link #stop()}). */
    CaptureResult join() throws InterruptedException
    {
        thread.join(120_000);
        assertFalse(thread.isAlive(), "the session ended within 120 s (a bound on a hung session, not a measurement)");
        return result;
    }

    /** @return the session's result, or null when it has not ended within millis (0: look without waiting). */
    CaptureResult join(final long millis) throws InterruptedException
    {
        if (millis > 0)
        {
            thread.join(millis);
        }
        return result;
    }

    /** Ask the session to stop and wait for its result. */
    CaptureResult stop() throws InterruptedException
    {
        session.requestStop();
        return join();
    }
}
