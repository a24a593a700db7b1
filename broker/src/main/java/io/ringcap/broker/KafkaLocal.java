package io.ringcap.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * {@code ringcap kafka-local [--port 9092] [--dir DIR]}: a single-node Apache Kafka broker in KRaft
 * mode (the real server, {@code kafka.server.KafkaRaftServer}, combined broker and controller) on
 * 127.0.0.1 only, in the foreground, in this JVM. Storage is formatted on first use (what
 * {@code kafka-storage.sh format} does) and kept in DIR, so a restart on the same DIR keeps the
 * topics. Prints one line once a client can use it:
 *
 * <pre>ringcap: kafka ready on 127.0.0.1:9092 (KRaft, data in kafka-local)</pre>
 *
 * SIGINT/SIGTERM shut it down cleanly. A bad option, a taken port, or a DIR that cannot be used is
 * one line on stderr and exit 2. {@code --port 0} takes a free port (the ready line names it).
 *
 * <p>The controller listener gets a free port on first use, kept in DIR/ringcap-kafka-local.properties
 * with the cluster id, so the metadata quorum stays where it was across restarts.
 */
public final class KafkaLocal
{
    public static final int EXIT_BAD_INPUT = 2;
    private static final String STATE_FILE = "ringcap-kafka-local.properties";
    private static final String LOOPBACK = "127.0.0.1";
    private static final long READY_TIMEOUT_MS = 120_000;

    private KafkaLocal()
    {
    }

    public static void main(final String[] args)
    {
        // The server logs through SLF4J (slf4j-simple here): errors only, unless asked for more.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null)
        {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        if (System.getProperty("log4j2.level") == null)
        {
            System.setProperty("log4j2.level", "ERROR");
        }
        int port = 9092;
        Path dir = Path.of("kafka-local");
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--port" -> port = parsePort(value(args, ++i, "--port"));
                    case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                    case "-h", "--help" ->
                    {
                        System.out.println("usage: ringcap kafka-local [--port 9092] [--dir DIR]");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] +
                        "' (usage: ringcap kafka-local [--port 9092] [--dir DIR])");
                }
            }
            run(port, dir);
        }
        catch (final IllegalArgumentException | IllegalStateException | UncheckedIOException ex)
        {
            System.err.println("ringcap: " + ex.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_BAD_INPUT);
        }
    }

    private static String value(final String[] args, final int i, final String option)
    {
        if (i >= args.length)
        {
            throw new IllegalArgumentException("option '" + option + "' needs a value");
        }
        return args[i];
    }

    private static int parsePort(final String text)
    {
        try
        {
            final int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535)
            {
                return port;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // below
        }
        throw new IllegalArgumentException("invalid --port '" + text + "': a TCP port, 0-65535 (0: a free one)");
    }

    private static void run(final int requestedPort, final Path dir)
    {
        final Properties state = prepareDirectory(dir);
        final int port = requestedPort == 0 ? freePort() : requirePortFree(requestedPort);
        final int controllerPort = Integer.parseInt(state.getProperty("controller.port"));
        final Path config = dir.resolve("server.properties");
        final Properties server = serverProperties(dir, port, controllerPort);
        writePrivate(config, server, "ringcap kafka-local: written at each start");
        final Path data = dir.resolve("data");
        if (!Files.isRegularFile(data.resolve("meta.properties")))
        {
            final ByteArrayOutputStream output = new ByteArrayOutputStream();
            final int formatted = StorageTool.execute(new String[] {"format", "--cluster-id",
                state.getProperty("cluster.id"), "--config", config.toString(), "--ignore-formatted"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
            if (formatted != 0)
            {
                throw new IllegalStateException("cannot format Kafka storage in " + data + ": " +
                    output.toString(StandardCharsets.UTF_8).trim().replace('\n', ' '));
            }
        }

        final KafkaRaftServer broker;
        try
        {
            broker = new KafkaRaftServer(KafkaConfig.fromProps(server, false), Time.SYSTEM);
            broker.startup();
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("cannot start Kafka on " + LOOPBACK + ":" + port + ": " + oneLine(ex));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::shutdown, "ringcap-kafka-local-stop"));
        awaitReady(port);
        System.out.println("ringcap: kafka ready on " + LOOPBACK + ":" + port + " (KRaft, data in " + dir + ")");
        System.out.flush();
        broker.awaitShutdown();
    }

    /** A broker client that lists the cluster's node: the broker registered with its controller. */
    private static void awaitReady(final int port)
    {
        final Properties client = new Properties();
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LOOPBACK + ":" + port);
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        client.put("enable.metrics.push", "false");
        final long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        try (Admin admin = Admin.create(client))
        {
            while (true)
            {
                try
                {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty())
                    {
                        return;
                    }
                }
                catch (final Exception notYet)
                {
                    if (notYet instanceof InterruptedException)
                    {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for Kafka to start");
                    }
                }
                if (System.currentTimeMillis() > deadline)
                {
                    throw new IllegalStateException("Kafka on " + LOOPBACK + ":" + port + " did not become ready in " +
                        READY_TIMEOUT_MS / 1000 + " s");
                }
                sleep(200);
            }
        }
    }

    static Properties serverProperties(final Path dir, final int port, final int controllerPort)
    {
        final Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + port + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created by ringcap ship, not by a consumer naming one by mistake.
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("log.cleaner.threads", "1");
        return p;
    }

    /** DIR made 0700 if missing, with its state (cluster id, controller port) made on first use. */
    private static Properties prepareDirectory(final Path dir)
    {
        try
        {
            if (!Files.exists(dir))
            {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.isDirectory(dir))
            {
                throw new IllegalArgumentException("--dir " + dir + " exists and is not a directory");
            }
            final Path stateFile = dir.resolve(STATE_FILE);
            final Properties state = new Properties();
            if (Files.isRegularFile(stateFile))
            {
                try (InputStream in = Files.newInputStream(stateFile))
                {
                    state.load(in);
                }
                if (state.getProperty("cluster.id") == null || state.getProperty("controller.port") == null)
                {
                    throw new IllegalArgumentException(stateFile + " lacks cluster.id or controller.port");
                }
                return state;
            }
            state.put("cluster.id", Uuid.randomUuid().toString());
            state.put("controller.port", String.valueOf(freePort()));
            writePrivate(stateFile, state, "ringcap kafka-local: this broker's cluster id and controller port");
            return state;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot use --dir " + dir + ": " + ex, ex);
        }
    }

    private static void writePrivate(final Path file, final Properties properties, final String comment)
    {
        try
        {
            final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(temp))
            {
                properties.store(out, comment);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + ex, ex);
        }
    }

    private static int freePort()
    {
        try (ServerSocket socket = new ServerSocket())
        {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK + ": " + ex.getMessage(), ex);
        }
    }

    private static int requirePortFree(final int port)
    {
        try (ServerSocket socket = new ServerSocket())
        {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return port;
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot listen on " + LOOPBACK + ":" + port + ": " + ex.getMessage());
        }
    }

    private static String oneLine(final Throwable ex)
    {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause)
        {
            cause = cause.getCause();
        }
        final String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.replace('\n', ' ');
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
