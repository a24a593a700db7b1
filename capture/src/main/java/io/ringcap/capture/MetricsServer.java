package io.ringcap.capture;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;

/**
 * {@code --metrics}: Prometheus text exposition (format 0.0.4) at {@code /metrics}, inbound only.
 * <p>
 * The data model and the text writer are Prometheus client_java's; the HTTP server is the JDK's.
 * client_java's own exporter ({@code prometheus-metrics-exporter-httpserver}) binds and starts in
 * one call, and a capture must do the two apart: bind while parsing options, so a taken port is a
 * usage error before any BPF is loaded, and serve only once the programs are attached. The
 * exporter also lets a {@code prometheus.properties} file, a system property or an environment
 * variable override the port it is given, and it brings a 2 MB shaded protobuf along.
 * <p>
 * One daemon thread serves (the JDK server's dispatcher runs the handler; a scrape is small), so
 * a forgotten server never keeps the JVM alive, and no failure here reaches the capture: a failed
 * start is one line on stderr, a failed scrape is a 500.
 */
final class MetricsServer implements AutoCloseable
{
    static final String PATH = "/metrics";
    private static final int BACKLOG = 8;
    private static final int OK = 200;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int SERVER_ERROR = 500;
    private static final long NO_BODY = -1;

    private final HttpServer server;
    private final PrintStream err;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private boolean closed;

    private MetricsServer(final HttpServer server, final PrintStream err)
    {
        this.server = server;
        this.err = err;
    }

    /**
     * Binds the socket and serves nothing yet: connections wait in the backlog until {@link #start}.
     *
     * @param err where the bound address and any failure of the server are reported.
     * @throws IOException when the address cannot be bound (in use, not this machine's).
     */
    static MetricsServer bind(final InetSocketAddress address, final PrintStream err) throws IOException
    {
        return new MetricsServer(HttpServer.create(address, BACKLOG), err);
    }

    /** @return the bound address, with the port the kernel chose for port 0. */
    InetSocketAddress address()
    {
        return server.getAddress();
    }

    /**
     * Serves {@code collector} from now on and prints the URL once. Never throws.
     */
    void start(final MultiCollector collector)
    {
        try
        {
            registry.register(collector);
            server.createContext(PATH, this::handle);
            // The dispatcher thread takes its daemon status from the thread that starts the server.
            final Thread starter = new Thread(server::start, "ringcap-metrics-start");
            starter.setDaemon(true);
            starter.start();
            starter.join();
            err.println("ringcap: metrics on " + MetricsAddress.url(address()));
        }
        catch (final RuntimeException ex)
        {
            err.println("ringcap: metrics endpoint failed to start, the capture goes on: " + ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath()))
            {
                exchange.sendResponseHeaders(NOT_FOUND, NO_BODY);
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(METHOD_NOT_ALLOWED, NO_BODY);
                return;
            }
            final byte[] body;
            try
            {
                final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
                writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
                body = out.toByteArray();
            }
            catch (final RuntimeException ex)
            {
                exchange.sendResponseHeaders(SERVER_ERROR, NO_BODY);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
            if ("HEAD".equals(method))
            {
                exchange.sendResponseHeaders(OK, NO_BODY);
                return;
            }
            exchange.sendResponseHeaders(OK, body.length);
            try (OutputStream response = exchange.getResponseBody())
            {
                response.write(body);
            }
        }
    }

    /** Stops serving and closes the socket; in-flight scrapes are cut. Idempotent. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            server.stop(0);
        }
    }
}
