package io.ringcap.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What {@code --version} says: the release, the commit it was built from (native/Makefile writes
 * {@code build.properties} at build time; "-dirty" when the tree had local changes) and the journal
 * format this build writes and reads.
 */
public final class BuildInfo
{
    private static final Properties PROPERTIES = load();

    private BuildInfo()
    {
    }

    public static String version()
    {
        return PROPERTIES.getProperty("version", "unknown");
    }

    public static String commit()
    {
        return PROPERTIES.getProperty("commit", "unknown");
    }

    /** @return e.g. {@code ringcap capture 0.1.0-SNAPSHOT (commit 2b34d2c1a0ff, journal format 4)}. */
    public static String describe(final String tool)
    {
        return tool + " " + version() + " (commit " + commit() + ", journal format " + JournalFormat.FORMAT_VERSION +
            ")";
    }

    private static Properties load()
    {
        final Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties"))
        {
            if (in != null)
            {
                properties.load(in);
            }
        }
        catch (final IOException ignored)
        {
            // a build without the file says "unknown"
        }
        return properties;
    }
}
