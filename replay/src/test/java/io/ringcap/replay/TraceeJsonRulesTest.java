package io.ringcap.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker itself must reject what Tracee's decoder rejects, or it proves nothing about our lines. */
class TraceeJsonRulesTest
{
    private static final String HEAD = "{\"timestamp\":1,\"eventId\":\"244\",\"eventName\":\"mq_notify\",";

    @Test
    void rejectsWhatTraceesDecoderRejects()
    {
        for (final String bad : List.of(
            // v0.23's C type names: "unrecognized argument type mqd_t of argument mqdes"
            HEAD + "\"argsNum\":1,\"args\":[{\"name\":\"mqdes\",\"type\":\"mqd_t\",\"value\":3}]}",
            HEAD + "\"argsNum\":1,\"args\":[{\"name\":\"mqdes\",\"type\":\"int32\",\"value\":4294967296}]}",
            HEAD + "\"argsNum\":1,\"args\":[{\"name\":\"mode\",\"type\":\"uint16\",\"value\":65536}]}",
            HEAD + "\"argsNum\":1,\"args\":[{\"name\":\"p\",\"type\":\"trace.Pointer\",\"value\":-1}]}",
            HEAD + "\"argsNum\":1,\"args\":[{\"name\":\"oflag\",\"type\":\"int32\",\"value\":\"O_RDWR\"}]}",
            HEAD + "\"argsNum\":1,\"args\":[{\"name\":\"name\",\"type\":\"string\",\"value\":{\"error\":\"EFAULT\"}}]}",
            HEAD + "\"argsNum\":2,\"args\":[{\"name\":\"mqdes\",\"type\":\"int32\",\"value\":3}]}",
            "{\"timestamp\":1,\"eventId\":244,\"argsNum\":0,\"args\":[]}",
            "{\"timestamp\":1.5,\"eventId\":\"244\",\"argsNum\":0,\"args\":[]}",
            "{\"cgroupId\":-1,\"eventId\":\"244\",\"argsNum\":0,\"args\":[]}",
            "{\"processName\":7,\"eventId\":\"244\",\"argsNum\":0,\"args\":[]}",
            "{\"executable\":{\"path\":1},\"eventId\":\"244\"}",
            "{\"contextFlags\":{\"isCompat\":0},\"eventId\":\"244\"}",
            "{\"container\":{\"id\":false},\"eventId\":\"244\"}",
            "{\"kubernetes\":{\"podSandbox\":\"yes\"},\"eventId\":\"244\"}"))
        {
            assertThrows(AssertionError.class, () -> TraceeJsonRules.check(bad), bad);
        }
    }

    @Test
    void acceptsWhatItAccepts()
    {
        TraceeJsonRules.check(HEAD + "\"argsNum\":3,\"args\":[{\"name\":\"mqdes\",\"type\":\"int32\",\"value\":-1}," +
            "{\"name\":\"t\",\"type\":\"float64\",\"value\":1732270600.000000500}," +
            "{\"name\":\"s\",\"type\":\"string\",\"value\":null}],\"ringcap\":{\"anything\":[1,\"x\"]}}");
        TraceeJsonRules.check("{\"cgroupId\":18446744073709551615,\"eventId\":\"10009\"}");
    }

    @Test
    void theLineCheckerChecksEveryLineWrittenInAnyChunksAndNamesTheFirstBadOne() throws Exception
    {
        final String good = "{\"eventId\":\"244\",\"argsNum\":0,\"args\":[]}\n";
        final String bad = HEAD + "\"argsNum\":1,\"args\":[{\"name\":\"mqdes\",\"type\":\"mqd_t\",\"value\":3}]}\n";
        final byte[] output = (good + good + bad + good).getBytes(StandardCharsets.UTF_8);

        final TraceeJsonRules.LineChecker whole = TraceeJsonRules.lineChecker();
        whole.write((good + good).getBytes(StandardCharsets.UTF_8));
        assertEquals(2, whole.verify());

        final TraceeJsonRules.LineChecker chunked = TraceeJsonRules.lineChecker();
        for (int i = 0; i < output.length; i += 7)
        {
            chunked.write(output, i, Math.min(7, output.length - i));
        }
        final AssertionError failure = assertThrows(AssertionError.class, chunked::verify);
        assertTrue(failure.getMessage().contains("mqd_t"), failure.getMessage());

        final TraceeJsonRules.LineChecker cut = TraceeJsonRules.lineChecker();
        cut.write(good.substring(0, 10).getBytes(StandardCharsets.UTF_8));
        assertThrows(AssertionError.class, cut::verify, "a line without its newline");
    }

    @Test
    void writesJsonIsTheFormatOnStdoutOnly()
    {
        assertTrue(TraceeJsonRules.writesJson("--journal", "j", "--format", "json"));
        assertTrue(TraceeJsonRules.writesJson("--format=json", "-e", "mq_open"));
        assertEquals(false, TraceeJsonRules.writesJson("--journal", "j"));
        assertEquals(false, TraceeJsonRules.writesJson("--format", "csv"));
        assertEquals(false, TraceeJsonRules.writesJson("--stats", "--format", "json"), "--stats prints counts");
        assertEquals(false, TraceeJsonRules.writesJson("--format", "json", "-o", "f"), "-o writes a file, not stdout");
    }
}
