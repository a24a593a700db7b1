package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The byte-level writer writes what the Jackson generator it replaced wrote (jackson-core, default
 * features), byte for byte: strings from record bytes are checked against Jackson writing
 * {@link Utf8Text}'s decoding of the same bytes, numbers against Long.toString.
 */
class JsonOutputTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();

    @Test
    void quotesBackslashesAndControlBytesAreEscapedAsJacksonDid() throws Exception
    {
        assertEquals("\"a\\\"b\\\\c/\"", utf8(bytes('a', '"', 'b', '\\', 'c', '/')));
        assertEquals("\"\\u0000\\u0001\\u001F\\b\\t\\n\\f\\r\\u000B\u007f\"",
            utf8(bytes(0x00, 0x01, 0x1F, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x0B, 0x7F)));

        final byte[] everyAscii = new byte[128];
        for (int i = 0; i < everyAscii.length; i++)
        {
            everyAscii[i] = (byte)i;
        }
        assertSameAsJackson(everyAscii);
    }

    @Test
    void nonAsciiIsUtf8AndAboveTheBmpIsTwoEscapedSurrogates() throws Exception
    {
        assertEquals("\"q\u00e9\u20ac\"", utf8("q\u00e9\u20ac".getBytes(StandardCharsets.UTF_8)));
        // U+1F600: Jackson writes the surrogates of a supplementary character as escapes.
        assertEquals("\"\\uD83D\\uDE00\"", utf8(new String(Character.toChars(0x1F600)).getBytes(StandardCharsets.UTF_8)));
        assertSameAsJackson("x\u00e9\u07ff\u0800\uffff\ud800\udc00\udbff\udfff".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8BecomesOneReplacementCharacterPerBadByte() throws Exception
    {
        final String r = "\ufffd";
        assertEquals("\"" + r + "\"", utf8(bytes(0xFF)));
        assertEquals("\"a" + r + r + "b\"", utf8(bytes('a', 0xC0, 0x80, 'b')), "overlong: lead and continuation");
        assertEquals("\"" + r + r + r + "\"", utf8(bytes(0xED, 0xA0, 0x80)), "an encoded surrogate");
        assertEquals("\"" + r + r + "\"", utf8(bytes(0xE2, 0x82)), "cut off at the end");
        assertEquals("\"" + r + "\\\"\"", utf8(bytes(0xE2, '"')), "cut off by a quote, which is escaped");
        assertEquals("\"" + r + r + r + r + "\"", utf8(bytes(0xF4, 0x90, 0x80, 0x80)), "above U+10FFFF");
        assertEquals("\"" + r + "\"", utf8(bytes(0xF5)));
        assertEquals("\"" + r + "\"", utf8(bytes(0x80)), "a lone continuation byte");

        assertSameAsJackson(bytes(0xC2, 0xE0, 0xA0, 0xF0, 0x90, 0x80, 0xC3, 0xA9, 0xFE, 0x00, 0xF0, 0x9F, 0x98, 0x80));
    }

    @Test
    void randomBytesAreWrittenAsJacksonWroteTheirDecoding() throws Exception
    {
        final Random random = new Random(42);
        // Weighted towards the bytes that matter: ASCII specials, UTF-8 leads and continuations.
        final int[] interesting = {'"', '\\', 0, 0x1F, 0x7F, 'a', 0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5};
        for (int n = 0; n < 20_000; n++)
        {
            final byte[] bytes = new byte[random.nextInt(24)];
            for (int i = 0; i < bytes.length; i++)
            {
                bytes[i] = (byte)(random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : random.nextInt(256));
            }
            assertSameAsJackson(bytes);
        }
    }

    @Test
    void textFromCodeIsEscapedAsJacksonDid() throws Exception
    {
        for (final String text : List.of("", "O_RDWR|O_CREAT", "q\"\\\n\u0001\u007f\u00e9\u20ac", "\ud83d\ude00",
            "lone \ud800 high", "lone \udc00 low", "\u2028"))
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final JsonOutput written = new JsonOutput(out, null);
            written.string(text);
            written.writeText(new StringBuilder(text));
            written.cachedString(text);
            written.cachedString(text); // from the cache the second time
            written.flush();
            final String expected = jackson(text);
            assertEquals(expected + expected + expected + expected, out.toString(StandardCharsets.UTF_8), text);
        }
    }

    @Test
    void numbersAreWrittenDigitByDigitAsLongToString() throws Exception
    {
        final long[] edges = {0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1_795_329_469_702_179_650L};
        for (final long value : edges)
        {
            assertNumber(value);
        }
        long power = 1;
        for (int digits = 1; digits <= 18; digits++)
        {
            power *= 10;
            assertNumber(power - 1);
            assertNumber(power);
            assertNumber(power + 1);
            assertNumber(-power);
        }
        final Random random = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            assertNumber(random.nextLong() >> random.nextInt(64));
        }
    }

    @Test
    void hexIsTwoLowerCaseDigitsPerByte() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonOutput json = new JsonOutput(out, null);
        json.hex(new UnsafeBuffer(bytes(0x00, 0x0F, 0xF0, 0xAB, 0xFF, 'm')), 1, 5);
        json.flush();
        assertEquals("\"0ff0abff6d\"", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void linesGoToTheStreamInLargeChunksAndWholeLines() throws Exception
    {
        final List<Integer> writes = new java.util.ArrayList<>();
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final java.io.OutputStream out = new java.io.OutputStream()
        {
            public void write(final int b)
            {
                throw new AssertionError("byte by byte");
            }

            public void write(final byte[] b, final int off, final int len)
            {
                writes.add(len);
                all.write(b, off, len);
            }
        };
        final JsonOutput json = new JsonOutput(out, null);
        final byte[] line = new byte[1000];
        java.util.Arrays.fill(line, (byte)'x');
        final UnsafeBuffer text = new UnsafeBuffer(line);
        for (int i = 0; i < 200; i++)
        {
            json.utf8(text, 0, line.length);
            json.endLine();
        }
        json.flush();

        assertEquals(200 * 1003, all.size());
        assertTrue(writes.size() >= 3, "200 kB leave in several chunks: " + writes);
        for (int i = 0; i < writes.size() - 1; i++)
        {
            assertEquals(0, writes.get(i) % 1003, "whole lines only");
            assertEquals(true, writes.get(i) >= JsonOutput.FLUSH_BYTES, "large chunks");
        }
    }

    private static void assertNumber(final long value) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonOutput json = new JsonOutput(out, null);
        json.number(value);
        json.raw(new byte[] {' '});
        json.unsigned(value);
        json.flush();
        assertEquals(value + " " + Long.toUnsignedString(value), out.toString(StandardCharsets.US_ASCII));
    }

    private static void assertSameAsJackson(final byte[] bytes) throws Exception
    {
        final String decoded = referenceDecode(bytes);
        final String written = utf8(bytes);
        assertEquals(jackson(decoded), written, () -> "bytes " + java.util.HexFormat.of().formatHex(bytes));
        assertEquals(decoded, MAPPER.readTree(written).textValue(), "valid JSON, the decoded text");
    }

    /**
     * The oracle, written here from the rule rather than borrowed from {@link Utf8Text} (which
     * JsonOutput is built on): a well-formed UTF-8 sequence (RFC 3629: shortest form, no surrogates,
     * at most U+10FFFF) is its code point; every other byte is one U+FFFD.
     */
    private static String referenceDecode(final byte[] bytes)
    {
        final StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < bytes.length)
        {
            final int b = bytes[i] & 0xFF;
            final int length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 :
                b >= 0xF0 && b <= 0xF4 ? 4 : 0;
            int codePoint = length == 1 ? b : length == 2 ? b & 0x1F : length == 3 ? b & 0x0F : b & 0x07;
            boolean valid = length > 0 && i + length <= bytes.length;
            for (int k = 1; valid && k < length; k++)
            {
                final int c = bytes[i + k] & 0xFF;
                valid = (c & 0xC0) == 0x80;
                codePoint = (codePoint << 6) | (c & 0x3F);
            }
            final int min = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
            valid = valid && (length == 1 || codePoint >= min) && codePoint <= 0x10FFFF &&
                !(codePoint >= 0xD800 && codePoint <= 0xDFFF);
            if (valid)
            {
                text.appendCodePoint(codePoint);
                i += length;
            }
            else
            {
                text.append('\uFFFD');
                i++;
            }
        }
        return text.toString();
    }

    /** @return what JsonOutput.utf8 writes for the bytes, placed at an offset in a larger buffer. */
    private static String utf8(final byte[] bytes) throws IOException
    {
        final byte[] padded = new byte[bytes.length + 6];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonOutput json = new JsonOutput(out, null);
        json.utf8(new UnsafeBuffer(padded), 3, bytes.length);
        json.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** @return what the Jackson generator JsonFormatter used to hold wrote for a string. */
    private static String jackson(final String text) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8))
        {
            final char[] chars = text.toCharArray();
            generator.writeString(chars, 0, chars.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }
}
