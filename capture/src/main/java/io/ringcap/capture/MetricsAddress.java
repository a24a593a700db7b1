package io.ringcap.capture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of {@code --metrics [HOST:]PORT}: where the metrics endpoint listens.
 * <p>
 * A port alone binds the loopback address only: metrics name the journal path and the traced
 * workload's rate, which is nobody else's business unless the user names a host. HOST is an IP
 * address ({@code 0.0.0.0}, {@code 192.0.2.7}, {@code [::1]}) or {@code localhost}; other names
 * are refused rather than resolved, because resolving one is a DNS query and ringcap opens no
 * outbound connection.
 */
final class MetricsAddress
{
    static final int MAX_PORT = 65_535;
    private static final byte[] LOOPBACK_V4 = {127, 0, 0, 1};
    private static final String LOCALHOST = "localhost";
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)]");
    private static final String USAGE = "--metrics must be [HOST:]PORT, PORT 0-65535 and HOST an IP address or localhost " +
        "(9464, 0.0.0.0:9464, [::1]:9464): ";

    private MetricsAddress()
    {
    }

    /**
     * @param text {@code PORT}, {@code HOST:PORT} or {@code [IPV6]:PORT}.
     * @return the address to bind; port 0 lets the kernel pick a free one.
     * @throws IllegalArgumentException with the one line to show the user.
     */
    static InetSocketAddress parse(final String text)
    {
        final String value = text.trim();
        final int colon = value.lastIndexOf(':');
        final String host = colon < 0 ? null : value.substring(0, colon);
        final String portText = colon < 0 ? value : value.substring(colon + 1);
        if (!PORT.matcher(portText).matches() || Integer.parseInt(portText) > MAX_PORT)
        {
            throw new IllegalArgumentException(USAGE + text);
        }
        return new InetSocketAddress(null == host ? loopback() : address(host, text), Integer.parseInt(portText));
    }

    private static InetAddress address(final String host, final String text)
    {
        if (LOCALHOST.equals(host))
        {
            return loopback();
        }
        final Matcher v4 = IPV4.matcher(host);
        if (v4.matches())
        {
            final byte[] bytes = new byte[4];
            for (int i = 0; i < bytes.length; i++)
            {
                final int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255)
                {
                    throw new IllegalArgumentException(USAGE + text);
                }
                bytes[i] = (byte)octet;
            }
            return byAddress(bytes, text);
        }
        final Matcher v6 = IPV6.matcher(host);
        if (v6.matches() && v6.group(1).contains(":"))
        {
            try
            {
                // A bracketed literal is parsed, never looked up: a malformed one fails here without DNS.
                return InetAddress.getByName(host);
            }
            catch (final UnknownHostException ex)
            {
                throw new IllegalArgumentException(USAGE + text);
            }
        }
        throw new IllegalArgumentException(USAGE + text);
    }

    private static InetAddress loopback()
    {
        return byAddress(LOOPBACK_V4, "127.0.0.1");
    }

    private static InetAddress byAddress(final byte[] bytes, final String text)
    {
        try
        {
            return InetAddress.getByAddress(bytes);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(USAGE + text, ex);
        }
    }

    /** @return the URL a scraper uses, e.g. {@code http://127.0.0.1:9464/metrics} or {@code http://[::1]:9464/metrics}. */
    static String url(final InetSocketAddress bound)
    {
        final String host = bound.getAddress().getHostAddress();
        final int zone = host.indexOf('%');
        final String literal = zone < 0 ? host : host.substring(0, zone);
        return "http://" + (literal.contains(":") ? "[" + literal + "]" : literal) + ":" + bound.getPort() +
            MetricsServer.PATH;
    }
}
