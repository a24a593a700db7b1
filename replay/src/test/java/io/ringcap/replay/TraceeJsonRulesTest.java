package io.ringcap.replay;

import static org.junit.jupiter.api.Assertions.assertThrows;

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
            "{\"processName\":7,\"eventId\":\"244\",\"argsNum\":0,\"args\":[]}"))
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
}
