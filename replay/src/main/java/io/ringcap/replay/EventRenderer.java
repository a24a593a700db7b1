package io.ringcap.replay;

import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * The arguments of one event type, in both output formats; the formatters write everything common
 * (the rc_header's context, the event's name, its return value) and hand the rest to the renderer
 * {@link EventRenderers} holds for the record's type. A new event type is one new implementation.
 *
 * <p>Implementations wrap their own flyweight decoders over the record and allocate nothing. Records
 * reach them already checked by {@link JournalReader}: of their type and of its full length.
 */
interface EventRenderer
{
    /**
     * @return Tracee's {@code argsNum}: how many of the JSON args are the event's own (a syscall's
     *         parameters); ours, which decode what those point to, follow them.
     */
    int argsNum();

    /**
     * Write the JSON args as array elements, each {@code {"name":..,"type":..,"value":..}}: Tracee's
     * arguments in Tracee's order, then ours. The formatter writes the array's brackets.
     *
     * @param buffer holding the record.
     * @param offset of its rc_header.
     * @param json   the byte-level writer, with helpers and the replay's context.
     * @throws IOException when the output fails.
     */
    void writeJsonArgs(DirectBuffer buffer, int offset, JsonOutput json) throws IOException;

    /**
     * Write ringcap's own top-level fields, after the event's others (a string arg read only in part:
     * {@link JsonOutput#truncatedString}), each with its leading comma; most events have none.
     * Outside args, where Tracee's tools ignore what they do not know.
     *
     * @param buffer holding the record.
     * @param offset of its rc_header.
     * @param json   the byte-level writer.
     */
    default void writeJsonExtras(final DirectBuffer buffer, final int offset, final JsonOutput json)
    {
    }

    /**
     * Append the compact ARGS text of a table row ({@code name="q" oflag=O_RDWR|O_CREAT ...}).
     *
     * @param buffer holding the record.
     * @param offset of its rc_header.
     * @param table  the row, with helpers and the replay's context.
     */
    void appendTableArgs(DirectBuffer buffer, int offset, TableLine table);
}
