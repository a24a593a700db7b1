package io.ringcap.bpf;

import java.util.List;
import java.util.function.Function;

/**
 * Picks the first attach method that works on this kernel. "Works" is decided by trying it for
 * real (loading and attaching every program), since no file in /sys says whether, say, fentry will
 * be refused: the attempt is the probe. Tests inject the attempts.
 */
public final class AttachMethodChooser
{
    private AttachMethodChooser()
    {
    }

    /**
     * @param candidates methods to try, best first.
     * @param attempt    tries one method: returns what it built, or throws {@link BpfException} saying why not.
     * @return what the first method that worked built.
     * @throws BpfException naming each method tried and why it failed.
     */
    public static <T> T choose(final List<AttachMethod> candidates, final Function<AttachMethod, T> attempt)
    {
        final StringBuilder reasons = new StringBuilder();
        for (final AttachMethod method : candidates)
        {
            try
            {
                return attempt.apply(method);
            }
            catch (final BpfException ex)
            {
                if (reasons.length() > 0)
                {
                    reasons.append("; ");
                }
                reasons.append(method.label()).append(": ").append(ex.getMessage());
            }
        }
        if (candidates.size() == 1)
        {
            throw new BpfException("--attach " + candidates.get(0).label() + " does not work on this kernel (" +
                reasons + ")");
        }
        throw new BpfException("no attach method works on this kernel (" + reasons + ")");
    }
}
