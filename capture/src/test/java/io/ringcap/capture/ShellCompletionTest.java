package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellCompletionTest
{
    @TempDir
    Path dir;

    /** The script is bash that loads, and completing "ringcap replay --for" offers --format, as a user would try. */
    @Test
    void bashCompletesTheSubcommandsAndTheirOptions() throws Exception
    {
        final String script = ShellCompletion.script();
        assertTrue(script.contains("complete -F _complete_ringcap"), script.substring(0, Math.min(400, script.length())));
        final Path file = dir.resolve("ringcap-completion.bash");
        Files.writeString(file, script);

        assertEquals("--format", complete(file, "ringcap replay --for"));
        assertEquals("--journal", complete(file, "ringcap capture --jour"));
        assertEquals("--capture-cpus", complete(file, "ringcap capture --capt"));
        assertEquals("capture", complete(file, "ringcap cap"));
        assertEquals("ship", complete(file, "ringcap sh"));
        assertEquals("--follow", complete(file, "ringcap ship --fol"));
        assertEquals("--kafka-config", complete(file, "ringcap ship --kafka"));
        assertEquals("kafka-local", complete(file, "ringcap kaf"));
        assertEquals("--port", complete(file, "ringcap kafka-local --po"));
        assertEquals("--from", complete(file, "ringcap replay --fro"));
        assertEquals("json", complete(file, "ringcap replay --format js"));
    }

    /** @return the words bash's completion function offers for the line's last word, space-separated. */
    private static String complete(final Path script, final String line) throws Exception
    {
        final String[] words = line.split(" ");
        final String command = "source " + script + "; COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1) +
            "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length() + "; _complete_ringcap; echo \"${COMPREPLY[*]}\"";
        final Process bash = new ProcessBuilder("bash", "-c", command)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start(); // compopt complains outside a real completion
        final String out = new String(bash.getInputStream().readAllBytes()).trim();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
