package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.decode.Utf8Text;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TableLineTest
{
    /** Every write the stream got, as it got it. */
    private static final class RecordingStream extends ByteArrayOutputStream
    {
        final List<String> writes = new ArrayList<>();

        @Override
        public synchronized void write(final byte[] b, final int off, final int len)
        {
            writes.add(new String(b, off, len, StandardCharsets.UTF_8));
            super.write(b, off, len);
        }
    }

    @Test
    void aLineLeftUnendedIsNeverWritten() throws Exception
    {
        final RecordingStream out = new RecordingStream();
        final TableLine line = new TableLine(out, null);
        line.clear().append("first").endLine();
        line.clear().append("half of a row whose formatter threw");
        line.clear().append("second").endLine();
        line.flush();

        assertEquals("first\nsecond\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theStreamGetsWholeLinesInChunksOfAtLeastTheFlushSize() throws Exception
    {
        final RecordingStream out = new RecordingStream();
        final TableLine line = new TableLine(out, null);
        final int lines = 20_000;
        for (int i = 0; i < lines; i++)
        {
            line.clear().append("row ").append(i).append(' ').append("x".repeat(i % 97)).endLine();
        }
        line.clear().append("unended");
        line.flush();

        final String all = out.toString(StandardCharsets.UTF_8);
        assertEquals(lines, all.split("\n", -1).length - 1);
        assertTrue(all.startsWith("row 0 \nrow 1 x\n"), all.substring(0, 20));
        assertTrue(all.endsWith("row 19999 " + "x".repeat(19_999 % 97) + "\n"));
        assertTrue(out.writes.size() > 10, "writes: " + out.writes.size());
        for (int i = 0; i < out.writes.size(); i++)
        {
            final String write = out.writes.get(i);
            assertTrue(write.endsWith("\n"), "write " + i + " ends inside a line");
            if (i < out.writes.size() - 1)
            {
                assertTrue(write.length() >= TableLine.FLUSH_BYTES, "write " + i + " is " + write.length() + " bytes");
            }
        }
    }

    @Test
    void quotesACsvFieldOnlyWhenItNeedsItAndDoublesItsQuotes()
    {
        assertEquals("a,plain", field("plain"));
        assertEquals("a,\"x,y\"", field("x,y"));
        assertEquals("a,\"say \"\"hi\"\" \"\"\"\"\"", field("say \"hi\" \"\""));
        assertEquals("a,\"two\nlines\"", field("two\nlines"));
        assertEquals("a,\"cr\r\"", field("cr\r"));
        assertEquals("a,", field(""));
    }

    private static String field(final String value)
    {
        final TableLine line = TableLine.text().append("a,");
        final int start = line.cellStart();
        line.append(value).quoteFieldFrom(start);
        return line.toString();
    }

    /**
     * Record bytes straight to UTF-8 against the rule written with Strings (the way rows were built
     * before they were bytes): decode as {@link Utf8Text} does, then escape or replace per character.
     * Random bytes weighted to the interesting ones: controls, C1 leads, lead bytes of every length,
     * continuation bytes, and valid characters of two, three and four bytes.
     */
    @Test
    void recordBytesMatchTheRuleWrittenWithStrings()
    {
        final Random random = new Random(20261207L);
        final byte[][] pieces = {
            {(byte)0xC2, (byte)0x85}, {(byte)0xC2, (byte)0x9F}, {(byte)0xC2, (byte)0xA0}, {(byte)0xE2, (byte)0x82, (byte)0xAC},
            {(byte)0xF0, (byte)0x9F, (byte)0x98, (byte)0x80}, {(byte)0xED, (byte)0xA0, (byte)0x80}, {(byte)0xC0, (byte)0xAF},
            {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80}, {'"'}, {'\\'}, {'\n'}, {'\t'}, {'\r'}, {0x7F}, {1}};
        for (int round = 0; round < 20_000; round++)
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int n = random.nextInt(12); n > 0; n--)
            {
                if (random.nextBoolean())
                {
                    bytes.writeBytes(pieces[random.nextInt(pieces.length)]);
                }
                else
                {
                    bytes.write(random.nextInt(256));
                }
            }
            final byte[] record = bytes.toByteArray();
            final UnsafeBuffer buffer = new UnsafeBuffer(record);
            final String decoded = Utf8Text.append(buffer, 0, record.length, new StringBuilder()).toString();

            assertEquals(quotedByTheRule(decoded), TableLine.text().quoted(buffer, 0, record.length).toString(),
                () -> "quoted " + java.util.HexFormat.of().formatHex(record));
            final TableLine comm = TableLine.text();
            final int chars = comm.utf8(buffer, 0, record.length, true);
            final String replaced = decoded.chars()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            assertEquals(replaced, comm.toString(), () -> "comm " + java.util.HexFormat.of().formatHex(record));
            assertEquals(decoded.length(), chars, "a cell's width counts UTF-16 units");
            assertEquals(decoded, utf8Of(buffer, record.length), "CSV's comm: decoded, controls kept");
        }
    }

    private static String utf8Of(final UnsafeBuffer buffer, final int length)
    {
        final TableLine line = TableLine.text();
        line.utf8(buffer, 0, length, false);
        return line.toString();
    }

    /** The C escapes of a quoted string, character by character. */
    private static String quotedByTheRule(final String text)
    {
        final StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                quoted.append('\\').append(c);
            }
            else if (c == '\n')
            {
                quoted.append("\\n");
            }
            else if (c == '\t')
            {
                quoted.append("\\t");
            }
            else if (Character.isISOControl(c))
            {
                quoted.append(String.format("\\x%02x", (int)c));
            }
            else
            {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
