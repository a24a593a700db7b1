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

    /** A user as /etc/passwd has it: what -u runs CMD as. */
    public record Account(String name, int uid, int gid)
    {
    }

    /**
     * @param user a name or a numeric uid, as su and sudo -u take it.
     * @return its /etc/passwd entry.
     * @throws IllegalArgumentException when /etc/passwd has none.
     */
    public static Account account(final String user)
    {
        try
        {
            for (final String line : Files.readAllLines(PASSWD))
            {
                final String[] fields = line.split(":", 5);
                if (fields.length >= 4 && (fields[0].equals(user) || fields[2].equals(user)))
                {
                    return new Account(fields[0], Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            throw new IllegalArgumentException("-u " + user + ": cannot read " + PASSWD + ": " + ex.getMessage(), ex);
        }
        throw new IllegalArgumentException("-u " + user + ": no such user in " + PASSWD);
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
