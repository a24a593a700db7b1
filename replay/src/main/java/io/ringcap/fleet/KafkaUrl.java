package io.ringcap.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC}: the brokers to bootstrap from (the only addresses
 * ringcap connects to, with the brokers of that cluster they name) and the topic. HOST is a name,
 * an IPv4 address or a bracketed IPv6 address; PORT is required; TOPIC is a Kafka topic name
 * (letters, digits, '.', '_', '-', at most 242: TOPIC-tables is its companion).
 *
 * @param bootstrap the HOST:PORT list, comma-separated, as Kafka's bootstrap.servers takes it.
 * @param topic     the topic.
 */
public record KafkaUrl(String bootstrap, String topic)
{
    private static final String SCHEME = "kafka://";
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,242}");
    private static final Pattern HOST = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?|\\[[0-9a-fA-F:.]+\\]");

    /**
     * @throws IllegalArgumentException in one line saying what is wrong and what is expected.
     */
    public static KafkaUrl parse(final String url)
    {
        if (url == null || !url.startsWith(SCHEME))
        {
            throw bad(url, "it does not start with kafka://");
        }
        final String rest = url.substring(SCHEME.length());
        final int slash = rest.indexOf('/');
        if (slash < 0)
        {
            throw bad(url, "it names no topic");
        }
        final String brokers = rest.substring(0, slash);
        final String topic = rest.substring(slash + 1);
        if (!TOPIC.matcher(topic).matches() || ".".equals(topic) || "..".equals(topic))
        {
            throw bad(url, "'" + topic + "' is not a Kafka topic name (letters, digits, '.', '_', '-')");
        }
        final List<String> servers = new ArrayList<>();
        for (final String broker : brokers.split(",", -1))
        {
            final int colon = broker.lastIndexOf(':');
            if (colon <= 0)
            {
                throw bad(url, "'" + broker + "' is not HOST:PORT");
            }
            final String host = broker.substring(0, colon);
            final String port = broker.substring(colon + 1);
            if (!HOST.matcher(host).matches())
            {
                throw bad(url, "'" + host + "' is not a host name or address");
            }
            final int number;
            try
            {
                number = Integer.parseInt(port);
            }
            catch (final NumberFormatException ex)
            {
                throw bad(url, "'" + port + "' is not a port number");
            }
            if (number < 1 || number > 65535)
            {
                throw bad(url, "port " + number + " is out of range 1-65535");
            }
            servers.add(host + ":" + number);
        }
        return new KafkaUrl(String.join(",", servers), topic);
    }

    private static IllegalArgumentException bad(final String url, final String why)
    {
        return new IllegalArgumentException("invalid Kafka URL '" + url + "': " + why +
            " (expected kafka://HOST:PORT[,HOST:PORT...]/TOPIC)");
    }

    @Override
    public String toString()
    {
        return SCHEME + bootstrap + "/" + topic;
    }
}
