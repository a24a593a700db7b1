package io.ringcap.capture;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
