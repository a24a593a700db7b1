package io.ringcap.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The HOST column of a replay from Kafka, added to the lines the table and CSV formatters write
 * (they are not changed for it): each line gets the host in front, and of the header lines each
 * journal's formatter writes, the first keeps its place (with HOST in front) and the others are
 * dropped, so several hosts' events read as one table. JSON needs none: every line has hostName.
 */
final class HostColumnOutput extends OutputStream
{
    /** What the journals of one replay share: whether the header has been written. */
    static final class Table
    {
        private final boolean csv;
        private final int width;
        private boolean headerWritten;

        /**
         * @param csv   CSV (a host, field first) rather than the table (a padded column).
         * @param width the column's width in the table: the longest host name, 4 at least.
         */
        Table(final boolean csv, final int width)
        {
            this.csv = csv;
            this.width = Math.max(4, width);
        }

        private byte[] prefix(final String value)
        {
            if (csv)
            {
                final boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0;
                return ((quote ? '"' + value.replace("\"", "\"\"") + '"' : value) + ",").getBytes(StandardCharsets.UTF_8);
            }
            final StringBuilder cell = new StringBuilder(value);
            while (cell.length() < width)
            {
                cell.append(' ');
            }
            return cell.append(' ').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private final OutputStream out;
    private final Table table;
    private final byte[] prefix;
    private boolean firstLine = true;
    private boolean dropping;
    private boolean atLineStart = true;

    HostColumnOutput(final OutputStream out, final Table table, final String host)
    {
        this.out = out;
        this.table = table;
        this.prefix = table.prefix(host);
    }

    @Override
    public void write(final int b) throws IOException
    {
        write(new byte[] {(byte)b}, 0, 1);
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        int start = offset;
        final int end = offset + length;
        for (int i = offset; i < end; i++)
        {
            if (atLineStart)
            {
                lineStart(bytes, start, i);
                start = i;
            }
            if (bytes[i] == '\n')
            {
                if (!dropping)
                {
                    out.write(bytes, start, i + 1 - start);
                }
                start = i + 1;
                atLineStart = true;
                dropping = false;
            }
        }
        if (start < end && !dropping)
        {
            out.write(bytes, start, end - start);
        }
    }

    private void lineStart(final byte[] bytes, final int pending, final int at) throws IOException
    {
        atLineStart = false;
        if (firstLine)
        {
            firstLine = false;
            synchronized (table) // --follow: journals' walks start on threads of their own
            {
                if (table.headerWritten)
                {
                    dropping = true; // this journal's header: the first journal's stands
                    return;
                }
                table.headerWritten = true;
            }
            out.write(table.csv ? "host,".getBytes(StandardCharsets.US_ASCII) : table.prefix("HOST"));
            return;
        }
        out.write(prefix);
    }

    @Override
    public void flush() throws IOException
    {
        out.flush();
    }

    @Override
    public void close() throws IOException
    {
        flush();
    }
}
