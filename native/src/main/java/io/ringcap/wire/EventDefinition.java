package io.ringcap.wire;

import java.util.List;

/**
 * One row of the {@link EventTable}: everything ringcap knows of one event type, as Tracee's
 * {@code core.go} defines one event.
 */
public final class EventDefinition
{
    /** What produces an event: a syscall's entry and exit, a kernel event, or the capture itself. */
    public enum Kind
    {
        SYSCALL, KERNEL_EVENT, GAP
    }

    private final int type;
    private final String name;
    private final Kind kind;
    private final int syscallNumber;
    private final int eventId;
    private final List<String> sets;
    private final List<String> aliases;
    private final int recordLength;
    private final ArgDefinition[] args;
    private final ArgDefinition[] extras;

    EventDefinition(
        final int type, final String name, final Kind kind, final int syscallNumber, final int eventId,
        final List<String> sets, final List<String> aliases, final int recordLength, final ArgDefinition[] args,
        final ArgDefinition[] extras)
    {
        this.type = type;
        this.name = name;
        this.kind = kind;
        this.syscallNumber = syscallNumber;
        this.eventId = eventId;
        this.sets = sets;
        this.aliases = aliases;
        this.recordLength = recordLength;
        this.args = args;
        this.extras = extras;
    }

    /** @return rc_event_type: the record's first field. */
    public int type()
    {
        return type;
    }

    /** @return Tracee's event name, or ringcap's for an event Tracee does not have. */
    public String name()
    {
        return name;
    }

    public Kind kind()
    {
        return kind;
    }

    public boolean isSyscall()
    {
        return kind == Kind.SYSCALL;
    }

    /** @return the amd64 syscall number, or -1. */
    public int syscallNumber()
    {
        return syscallNumber;
    }

    /** @return Tracee's eventId (its syscall number, or its id for a kernel event), else ringcap's own. */
    public int eventId()
    {
        return eventId;
    }

    /** @return Tracee's sets this event belongs to ("syscalls", "ipc", "ipc_msgq", ...). */
    public List<String> sets()
    {
        return sets;
    }

    /** @return older names users may still give (a filter saying process_exec). */
    public List<String> aliases()
    {
        return aliases;
    }

    /** @return the length every record of this type has. */
    public int recordLength()
    {
        return recordLength;
    }

    /** @return Tracee's args, in Tracee's order: JSON's {@code args}, {@code argsNum} of them. */
    public int argCount()
    {
        return args.length;
    }

    public ArgDefinition arg(final int index)
    {
        return args[index];
    }

    /** @return ringcap's own fields of the record beyond Tracee's args (a queue's inode). */
    public int extraCount()
    {
        return extras.length;
    }

    public ArgDefinition extra(final int index)
    {
        return extras[index];
    }

    public String toString()
    {
        return name;
    }
}
