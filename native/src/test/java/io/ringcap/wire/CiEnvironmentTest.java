package io.ringcap.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CiEnvironmentTest
{
    @Test
    void everyWayCiSystemsSayItCounts()
    {
        for (final String ci : new String[] {"true", "TRUE", "True", "1", "yes", " true "})
        {
            assertTrue(CiEnvironment.isCi(ci), ci);
        }
        for (final String notCi : new String[] {null, "", " ", "false", "FALSE", "0"})
        {
            assertFalse(CiEnvironment.isCi(notCi), String.valueOf(notCi));
        }
    }
}
