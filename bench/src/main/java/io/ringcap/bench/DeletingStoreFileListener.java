package io.ringcap.bench;

import net.openhft.chronicle.queue.impl.StoreFileListener;

import java.io.File;

/**
 * Deletes each journal cycle file once the appender releases it, so a benchmark that writes
 * gigabytes per second keeps a bounded disk footprint.
 */
final class DeletingStoreFileListener implements StoreFileListener
{
    @Override
    public void onReleased(final int cycle, final File file)
    {
        if (!file.delete())
        {
            file.deleteOnExit();
        }
    }
}
