package io.ringcap.wire;

/**
 * Whether this run is CI, where a test that cannot get what it needs (BPF, kernel headers, a broker)
 * must fail rather than skip: {@code CI} set to anything but empty, "false" or "0", in any case, as
 * CI systems set it ("true", "1", "TRUE"). Outside CI such tests skip with the reason.
 */
public final class CiEnvironment
{
    private CiEnvironment()
    {
    }

    public static boolean isCi()
    {
        return isCi(System.getenv("CI"));
    }

    static boolean isCi(final String value)
    {
        if (value == null)
        {
            return false;
        }
        final String trimmed = value.trim();
        return !trimmed.isEmpty() && !"false".equalsIgnoreCase(trimmed) && !"0".equals(trimmed);
    }
}
