package io.ringcap.capture;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * A command line that starts another JVM like this test JVM: same java, the same module flags
 * (the surefire argLine), the same class path.
 */
final class ChildJvm
{
    private ChildJvm()
    {
    }

    /**
     * @param keepAnalyticsFlag false to leave out {@code -Dchronicle.analytics.disable}, so only what
     *                          the main class sets itself is in force.
     */
    static List<String> command(final boolean keepAnalyticsFlag, final String mainClass, final List<String> args)
    {
        return command(keepAnalyticsFlag, System.getProperty("java.class.path"), mainClass, args);
    }

    /**
     * As a user runs ringcap: the module flags without {@code -Dchronicle.analytics.disable}, and a
     * class path without the test frameworks and test classes (Chronicle mutes its analytics when it
     * finds JUnit, which would hide what the user's JVM does).
     *
     * @param mainClass a main class, or the path of a Java source file to launch.
     */
    static List<String> asUserRunsIt(final String mainClass, final List<String> args)
    {
        final List<String> entries = new ArrayList<>();
        for (final String entry : testClassPath())
        {
            final String name = Path.of(entry).getFileName().toString();
            if (!(entry.contains("junit") || entry.contains("opentest4j") || entry.contains("apiguardian") ||
                entry.contains("surefire") || name.equals("test-classes")))
            {
                entries.add(entry);
            }
        }
        return command(false, String.join(File.pathSeparator, entries), mainClass, args);
    }

    /** The entries of java.class.path, with surefire's manifest-only booter jar expanded. */
    private static List<String> testClassPath()
    {
        final List<String> entries = new ArrayList<>();
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            if (entry.contains("surefirebooter") && entry.endsWith(".jar"))
            {
                try (JarFile jar = new JarFile(entry))
                {
                    final String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                    for (final String url : classPath.trim().split("\\s+"))
                    {
                        entries.add(Path.of(URI.create(url)).toString());
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
            else
            {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static List<String> command(final boolean keepAnalyticsFlag, final String classPath, final String mainClass,
        final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (flag.startsWith("--add-exports") || flag.startsWith("--add-opens") ||
                (keepAnalyticsFlag && flag.startsWith("-Dchronicle.analytics.disable")))
            {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
