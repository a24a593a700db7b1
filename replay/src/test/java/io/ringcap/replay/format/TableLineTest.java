package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
}
