package io.ringcap.replay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.replay.format.OpenFlags;
import io.ringcap.replay.format.TableLine;
import org.junit.jupiter.api.Test;

class OpenFlagsTest
{
    @Test
    void oflagNamesTheAccessModeThenFlagsThenTheRestInOctal()
    {
        assertEquals("O_RDONLY", oflag(0));
        assertEquals("O_WRONLY", oflag(1));
        assertEquals("O_RDWR|O_CREAT|O_EXCL", oflag(02 | 0100 | 0200));
        assertEquals("O_RDONLY|O_NONBLOCK|O_CLOEXEC", oflag(04000 | 02000000));
        assertEquals("03", oflag(3));
        assertEquals("O_WRONLY|O_CREAT|0400", oflag(1 | 0100 | 0400));
        assertEquals("O_RDONLY|020000000000", oflag(Integer.MIN_VALUE), "the sign bit is a bit like any other");
    }

    @Test
    void mqFlags()
    {
        assertEquals("0", OpenFlags.appendMqFlags(0, TableLine.text()).toString());
        assertEquals("O_NONBLOCK", OpenFlags.appendMqFlags(04000, TableLine.text()).toString());
        assertEquals("O_NONBLOCK|01", OpenFlags.appendMqFlags(04001, TableLine.text()).toString());
        assertEquals("01000000000000000000000", OpenFlags.appendMqFlags(Long.MIN_VALUE, TableLine.text()).toString());
    }

    @Test
    void octal()
    {
        assertEquals("0640", octal(0640, 4));
        assertEquals("0000", octal(0, 4));
        assertEquals("0007", octal(7, 4));
        assertEquals("04755", octal(04755, 4));
        assertEquals("01777777777777777777777", octal(-1, 4), "unsigned");
    }

    private static String oflag(final int oflag)
    {
        return OpenFlags.appendOflag(oflag, TableLine.text()).toString();
    }

    private static String octal(final long value, final int digits)
    {
        return TableLine.text().octal(value, digits).toString();
    }
}
