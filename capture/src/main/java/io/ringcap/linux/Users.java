package io.ringcap.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * User names for messages, from /etc/passwd: no NSS lookup (a user known only to LDAP shows as
 * its uid alone), since a refusal must not depend on a directory service answering.
 */
public final class Users
{
    private static final Path PASSWD = Path.of("/etc/passwd");

    private Users()
    {
    }

    /** @return "nobody (uid 65534)", or "uid 65534" when /etc/passwd does not name it. */
    public static String describe(final int uid)
    {
        try
        {
            for (final String line : Files.readAllLines(PASSWD))
            {
                final String[] fields = line.split(":", 4);
                if (fields.length >= 3 && fields[2].equals(Integer.toString(uid)))
                {
                    return fields[0] + " (uid " + uid + ")";
                }
            }
        }
        catch (final IOException ignored)
        {
            // no passwd file: the uid alone
        }
        return "uid " + uid;
    }
}
