package io.ringcap.replay.format;

/**
 * mq_open's {@code oflag} and mq_attr's {@code mq_flags} by name (x86_64 values, octal as in
 * asm-generic/fcntl.h): {@code O_RDWR|O_CREAT|O_EXCL}. The access mode is always named first, as
 * strace does; bits without a name here follow as one octal number, so nothing is hidden.
 */
public final class OpenFlags
{
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    /** The access mode's bits. */
    public static final int O_ACCMODE = 3;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;

    private static final String[] ACCESS_MODES = {"O_RDONLY", "O_WRONLY", "O_RDWR"};
    private static final int[] FLAGS = {O_CREAT, O_EXCL, O_NONBLOCK, O_CLOEXEC};
    private static final String[] FLAG_NAMES = {"O_CREAT", "O_EXCL", "O_NONBLOCK", "O_CLOEXEC"};

    private OpenFlags()
    {
    }

    /**
     * Append an mq_open oflag: access mode, then named flags, then any other bits in octal.
     * An access mode of 3 (no name: the kernel rejects it) is shown in octal too.
     *
     * @return builder.
     */
    public static TableLine appendOflag(final int oflag, final TableLine builder)
    {
        final int accessMode = oflag & O_ACCMODE;
        int unknown = oflag & ~O_ACCMODE;
        if (accessMode < ACCESS_MODES.length)
        {
            builder.append(ACCESS_MODES[accessMode]);
        }
        else
        {
            builder.octal(accessMode, 0);
        }
        for (int i = 0; i < FLAGS.length; i++)
        {
            if ((oflag & FLAGS[i]) != 0)
            {
                builder.append('|').append(FLAG_NAMES[i]);
                unknown &= ~FLAGS[i];
            }
        }
        if (unknown != 0)
        {
            builder.append('|');
            builder.octal(unknown & 0xFFFF_FFFFL, 0);
        }
        return builder;
    }

    /**
     * Append mq_attr's mq_flags: {@code 0}, {@code O_NONBLOCK}, and any other bits in octal.
     *
     * @return builder.
     */
    public static TableLine appendMqFlags(final long flags, final TableLine builder)
    {
        if (flags == 0)
        {
            return builder.append('0');
        }
        final long unknown = flags & ~O_NONBLOCK;
        if ((flags & O_NONBLOCK) != 0)
        {
            builder.append("O_NONBLOCK");
            if (unknown != 0)
            {
                builder.append('|');
            }
        }
        if (unknown != 0)
        {
            builder.octal(unknown, 0);
        }
        return builder;
    }
}
