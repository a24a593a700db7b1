package io.ringcap.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.ringcap.wire.ReadStatus;
import java.io.IOException;
import org.agrona.DirectBuffer;

/**
 * The JSON formatter's generator with what every event's rendering needs: Tracee's argument objects
 * ({@code {"name":..,"type":..,"value":..}}), unsigned numbers, text decoded from record bytes, hex,
 * and the one rule for values read from user memory ({@link #isRead(int)}). Reuses its scratch
 * buffers: nothing here allocates once they have grown to the largest value.
 */
final class JsonOutput
{
    /** Types and names several events share. */
    static final SerializedString MQDES = new SerializedString("mqdes");
    static final SerializedString MQD_T = new SerializedString("mqd_t");
    static final SerializedString NAME = new SerializedString("name");
    static final SerializedString CONST_CHAR_POINTER = new SerializedString("const char*");
    static final SerializedString MQ_INODE = new SerializedString("mq_inode");
    static final SerializedString UNSIGNED_LONG = new SerializedString("unsigned long");
    static final SerializedString PAYLOAD = new SerializedString("payload");
    static final SerializedString BYTES = new SerializedString("bytes");
    static final SerializedString ABS_TIMEOUT = new SerializedString("abs_timeout");
    static final SerializedString CONST_TIMESPEC_POINTER = new SerializedString("const struct timespec*");
    static final SerializedString MSG_PTR = new SerializedString("msg_ptr");
    static final SerializedString MSG_LEN = new SerializedString("msg_len");
    static final SerializedString SIZE_T = new SerializedString("size_t");
    static final SerializedString MSG_PRIO = new SerializedString("msg_prio");

    private static final SerializedString ARG_NAME = new SerializedString("name");
    private static final SerializedString ARG_TYPE = new SerializedString("type");
    private static final SerializedString ARG_VALUE = new SerializedString("value");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString EFAULT = new SerializedString("EFAULT");
    private static final SerializedString TV_SEC = new SerializedString("tv_sec");
    private static final SerializedString TV_NSEC = new SerializedString("tv_nsec");
    private static final SerializedString MQ_FLAGS = new SerializedString("mq_flags");
    private static final SerializedString MQ_MAXMSG = new SerializedString("mq_maxmsg");
    private static final SerializedString MQ_MSGSIZE = new SerializedString("mq_msgsize");
    private static final SerializedString MQ_CURMSGS = new SerializedString("mq_curmsgs");

    /** 18446744073709551615. */
    private static final int U64_MAX_DIGITS = 20;
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final JsonGenerator generator;
    private final ReplayContext context;
    private final StringBuilder text = new StringBuilder(512);
    private final char[] unsignedDigits = new char[U64_MAX_DIGITS];
    private char[] chars = new char[512];

    JsonOutput(final JsonGenerator generator, final ReplayContext context)
    {
        this.generator = generator;
        this.context = context;
    }

    JsonGenerator generator()
    {
        return generator;
    }

    ReplayContext context()
    {
        return context;
    }

    /** Open an argument object and write its name and type; the caller writes the value, then {@link #endArg()}. */
    void startArg(final SerializedString name, final SerializedString type) throws IOException
    {
        final JsonGenerator g = generator;
        g.writeStartObject();
        g.writeFieldName(ARG_NAME);
        g.writeString(name);
        g.writeFieldName(ARG_TYPE);
        g.writeString(type);
        g.writeFieldName(ARG_VALUE);
    }

    void endArg() throws IOException
    {
        generator.writeEndObject();
    }

    void intArg(final SerializedString name, final SerializedString type, final long value) throws IOException
    {
        startArg(name, type);
        generator.writeNumber(value);
        endArg();
    }

    /** An argument whose value is a u64 (pointer, size_t, inode). */
    void unsignedArg(final SerializedString name, final SerializedString type, final long value) throws IOException
    {
        startArg(name, type);
        unsigned(value);
        endArg();
    }

    /**
     * The one rule for a value read from user memory: when it was not read whole, write what
     * stands for it and return false; the caller writes the value itself only on true.
     * <ul>
     *   <li>{@link ReadStatus#OK}: nothing written, true;</li>
     *   <li>{@link ReadStatus#NULL} (a NULL pointer) and {@link ReadStatus#SKIPPED} (not read on
     *       purpose): null;</li>
     *   <li>{@link ReadStatus#FAULT}: {@code {"error":"EFAULT"}}, never zeros or "";</li>
     *   <li>anything else (a newer capture): {@code {"error":"unknown read status N"}}.</li>
     * </ul>
     */
    boolean isRead(final int status) throws IOException
    {
        final JsonGenerator g = generator;
        switch (status)
        {
            case ReadStatus.OK:
                return true;

            case ReadStatus.NULL:
            case ReadStatus.SKIPPED:
                g.writeNull();
                return false;

            case ReadStatus.FAULT:
                g.writeStartObject();
                g.writeFieldName(ERROR);
                g.writeString(EFAULT);
                g.writeEndObject();
                return false;

            default:
                g.writeStartObject();
                g.writeFieldName(ERROR);
                writeText(clearText().append("unknown read status ").append(status));
                g.writeEndObject();
                return false;
        }
    }

    /** A u64 (pointer, cgroup id, size) as the number it is, even with its top bit set. */
    void unsigned(final long value) throws IOException
    {
        if (value >= 0)
        {
            generator.writeNumber(value);
            return;
        }

        // Above Long.MAX_VALUE: spell out the digits ourselves rather than allocate a String or BigInteger.
        final char[] digits = unsignedDigits;
        int start = digits.length;
        long remaining = value;
        while (remaining != 0)
        {
            digits[--start] = (char)('0' + Long.remainderUnsigned(remaining, 10));
            remaining = Long.divideUnsigned(remaining, 10);
        }
        generator.writeNumber(digits, start, digits.length - start);
    }

    /** @return the scratch builder, emptied, for {@link #writeText(StringBuilder)}. */
    StringBuilder clearText()
    {
        text.setLength(0);
        return text;
    }

    /** Write a builder's contents as a JSON string, escaped by the generator. */
    void writeText(final StringBuilder text) throws IOException
    {
        final int length = text.length();
        if (chars.length < length)
        {
            chars = new char[length];
        }
        text.getChars(0, length, chars, 0);
        generator.writeString(chars, 0, length);
    }

    /** Bytes of a record (a name, a path) as a JSON string, decoded as UTF-8 with U+FFFD for bad bytes. */
    void utf8(final DirectBuffer buffer, final int index, final int length) throws IOException
    {
        writeText(Utf8Text.append(buffer, index, length, clearText()));
    }

    /** Bytes as a string of lowercase hex digits, two per byte, NULs included. */
    void hex(final DirectBuffer buffer, final int index, final int length) throws IOException
    {
        final StringBuilder text = clearText();
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(index + i) & 0xFF;
            text.append(HEX_DIGITS[b >>> 4]).append(HEX_DIGITS[b & 0xF]);
        }
        writeText(text);
    }

    /** {@code {"tv_sec":..,"tv_nsec":..}} for a timespec read whole, else as {@link #isRead(int)} says. */
    void timespec(final int status, final long sec, final long nsec) throws IOException
    {
        if (isRead(status))
        {
            final JsonGenerator g = generator;
            g.writeStartObject();
            g.writeFieldName(TV_SEC);
            g.writeNumber(sec);
            g.writeFieldName(TV_NSEC);
            g.writeNumber(nsec);
            g.writeEndObject();
        }
    }

    /**
     * A {@code struct mq_attr} read whole, else as {@link #isRead(int)} says.
     *
     * @param creation true for mq_open, where the kernel reads only mq_maxmsg and mq_msgsize: the
     *                 other two are left out rather than shown as if they mattered.
     */
    void mqAttr(
        final int status, final boolean creation, final long flags, final long maxmsg, final long msgsize,
        final long curmsgs) throws IOException
    {
        if (isRead(status))
        {
            final JsonGenerator g = generator;
            g.writeStartObject();
            if (!creation)
            {
                g.writeFieldName(MQ_FLAGS);
                g.writeNumber(flags);
            }
            g.writeFieldName(MQ_MAXMSG);
            g.writeNumber(maxmsg);
            g.writeFieldName(MQ_MSGSIZE);
            g.writeNumber(msgsize);
            if (!creation)
            {
                g.writeFieldName(MQ_CURMSGS);
                g.writeNumber(curmsgs);
            }
            g.writeEndObject();
        }
    }
}
