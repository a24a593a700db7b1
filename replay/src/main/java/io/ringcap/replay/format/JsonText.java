package io.ringcap.replay.format;

/**
 * A constant JSON string (a field name, an argument's name or type, an event name) encoded once, at
 * class initialisation: its UTF-8 bytes, escaped as {@link JsonOutput} escapes any string, between
 * quotes. Writing one is a copy of those bytes.
 */
final class JsonText
{
    private final String text;
    private final byte[] quoted;

    /**
     * @param text the string, unescaped.
     */
    JsonText(final String text)
    {
        this.text = text;
        this.quoted = JsonOutput.quoted(text);
    }

    /** @return the string's JSON form: quotes, escaped UTF-8; not to be modified. */
    byte[] quoted()
    {
        return quoted;
    }

    public String toString()
    {
        return text;
    }
}
