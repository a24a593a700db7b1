package io.ringcap.fleet;

import io.ringcap.wire.CiEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real single-node Kafka broker for the fleet tests: {@code io.ringcap.broker.KafkaLocal} (what
 * {@code ringcap kafka-local} runs) in a JVM of its own with a small heap, on 127.0.0.1 and a free
 * port, from the broker module's jar and target/lib (the surefire property ringcap.broker.target).
 * Start one per test class (capture's kernel tests start one too: FleetCaptureTest). Under CI a broker that cannot be had fails the test; elsewhere the
 * test is skipped with the reason, as the kernel tests do without BPF.
 */
public final class KafkaBroker implements AutoCloseable
{
    private static final long READY_TIMEOUT_SECONDS = 180;
    private final Path dir;
    private final int port;
    private Process process;
    private final List<String> output = new ArrayList<>();

    private KafkaBroker(final Path dir, final int port)
    {
        this.dir = dir;
        this.port = port;
    }

    /** Start a broker with its data in dir (created), or fail/skip the test. */
    public static KafkaBroker start(final Path dir)
    {
        final KafkaBroker broker = new KafkaBroker(dir, freePort());
        broker.restart();
        return broker;
    }

    public String bootstrap()
    {
        return "127.0.0.1:" + port;
    }

    public String url(final String topic)
    {
        return "kafka://" + bootstrap() + "/" + topic;
    }

    /** Start (again, after {@link #stop}) on the same port and data. */
    public void restart()
    {
        final String target = System.getProperty("ringcap.broker.target");
        final String why;
        if (target == null)
        {
            why = "no ringcap.broker.target system property (run the tests through Maven)";
        }
        else
        {
            why = launch(Path.of(target));
        }
        if (why != null)
        {
            if (CiEnvironment.isCi())
            {
                Assertions.fail("CI: no Kafka broker for the fleet tests: " + why);
            }
            Assumptions.abort("no Kafka broker for the fleet tests: " + why);
        }
    }

    /** @return the broker JVM's pid, while it runs. */
    public long pid()
    {
        return process.pid();
    }

    /** @return what the broker printed so far (stdout and stderr). */
    public List<String> output()
    {
        synchronized (output)
        {
            return List.copyOf(output);
        }
    }

    /**
     * @return the command line of {@code ringcap kafka-local} with these arguments, as the launcher
     *         runs it (its own JVM, a small heap), or null when the broker module is not packaged.
     */
    public static List<String> kafkaLocal(final List<String> args)
    {
        final String target = System.getProperty("ringcap.broker.target");
        if (target == null)
        {
            return null;
        }
        final List<String> classpath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Path.of(target)))
        {
            jars.filter(p -> p.getFileName().toString().startsWith("ringcap-broker") &&
                p.getFileName().toString().endsWith(".jar")).forEach(p -> classpath.add(p.toString()));
        }
        catch (final IOException ex)
        {
            return null;
        }
        if (classpath.isEmpty() || !Files.isDirectory(Path.of(target, "lib")))
        {
            return null;
        }
        classpath.add(Path.of(target, "lib") + "/*");
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-Xms128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", String.join(":", classpath),
            "io.ringcap.broker.KafkaLocal"));
        command.addAll(args);
        return command;
    }

    private String launch(final Path target)
    {
        final List<String> command = kafkaLocal(List.of("--port", Integer.toString(port), "--dir", dir.toString()));
        if (command == null)
        {
            return target + " has no ringcap-broker jar or lib/ (package the broker module first)";
        }
        synchronized (output)
        {
            output.clear(); // this start's lines only
        }
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try
        {
            process = builder.start();
        }
        catch (final IOException ex)
        {
            return "cannot start " + command.get(0) + ": " + ex.getMessage();
        }
        final CompletableFuture<Boolean> ready = new CompletableFuture<>();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    synchronized (output)
                    {
                        output.add(line);
                    }
                    if (line.startsWith("ringcap: kafka ready on "))
                    {
                        ready.complete(true);
                    }
                }
            }
            catch (final IOException ignored)
            {
                // the broker went
            }
            ready.complete(false);
        }, "kafka-broker-output");
        reader.setDaemon(true);
        reader.start();
        try
        {
            if (Boolean.TRUE.equals(ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)))
            {
                return null;
            }
        }
        catch (final Exception ex)
        {
            // below
        }
        process.destroyForcibly();
        synchronized (output)
        {
            return "the broker did not become ready: " + String.join(" | ", output);
        }
    }

    /** SIGTERM, as a broker is stopped; waits for it to exit. */
    public void stop()
    {
        if (process != null && process.isAlive())
        {
            process.destroy();
            try
            {
                if (!process.waitFor(60, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close()
    {
        stop();
    }

    public static int freePort()
    {
        try (ServerSocket socket = new ServerSocket())
        {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
