package io.ringcap.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Client settings shared by ship and replay: the bootstrap servers from the URL (the only addresses
 * named to the client), the user's --kafka-config (TLS, SASL, ... passed through as Kafka takes
 * them), and the Kafka client's own logging kept off stderr, where ringcap says things in one line.
 */
final class KafkaClients
{
    static
    {
        quietLogging();
    }

    private KafkaClients()
    {
    }

    /**
     * The Kafka client logs every failed connection at WARN through SLF4J; ringcap reports an
     * unreachable broker itself, once. Set before the first Kafka logger exists; an explicit
     * setting wins.
     */
    static void quietLogging()
    {
        final String key = "org.slf4j.simpleLogger.log.org.apache.kafka";
        if (System.getProperty(key) == null)
        {
            System.setProperty(key, "off");
        }
    }

    /**
     * @param url    the brokers.
     * @param config a --kafka-config file, or null.
     * @return the common client properties.
     */
    static Properties base(final KafkaUrl url, final Path config)
    {
        final Properties p = new Properties();
        if (config != null)
        {
            try (InputStream in = Files.newInputStream(config))
            {
                p.load(in);
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot read --kafka-config " + config + ": " + ex.getMessage());
            }
        }
        p.put("bootstrap.servers", url.bootstrap());
        // KIP-714 telemetry goes to the broker only, but nothing asked for it.
        p.putIfAbsent("enable.metrics.push", "false");
        p.putIfAbsent("client.id", "ringcap");
        return p;
    }

    /**
     * Timeouts for a call that must answer or fail in one line: request.timeout.ms at most the
     * default.api.timeout.ms (Kafka refuses a larger one), both as --kafka-config says if it does.
     */
    static long callTimeouts(final Properties p, final long defaultApiMs)
    {
        p.putIfAbsent("default.api.timeout.ms", Long.toString(defaultApiMs));
        final long api = Long.parseLong(p.getProperty("default.api.timeout.ms"));
        p.putIfAbsent("request.timeout.ms", Long.toString(Math.min(5_000, api)));
        return api;
    }

    /** One line for what a Kafka call failed with: the cause's message, no stack trace. */
    static String describe(final Throwable ex)
    {
        Throwable cause = ex;
        while ((cause instanceof ExecutionException || cause.getCause() != null && cause.getMessage() == null) &&
            cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException)
        {
            return "no answer in time";
        }
        if (cause.getCause() != null && cause.getMessage() != null && cause.getMessage().startsWith("Failed to construct"))
        {
            cause = cause.getCause(); // the client's configuration: say what is wrong with it
        }
        if (cause.getCause() != null && cause.getMessage() != null && cause.getMessage().startsWith("Failed to create"))
        {
            cause = cause.getCause();
        }
        final String message = cause.getMessage();
        return (message == null ? cause.getClass().getSimpleName() : message).replace('\n', ' ');
    }
}
