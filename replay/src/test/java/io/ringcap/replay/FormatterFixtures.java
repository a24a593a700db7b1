package io.ringcap.replay;

import io.ringcap.wire.JournalFormat;
import java.time.Instant;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Records whose rendering the formatter tests pin down, one per case the formatters distinguish.
 */
final class FormatterFixtures
{
    static final long ENTRY_NS = 5_000_000_000L;
    static final long EXIT_NS = 5_000_012_345L;
    static final long WALL_NS = epochNs("2024-11-22T10:15:42.123456789Z");
    static final long BOOT_TO_WALL_NS = WALL_NS - ENTRY_NS;
    static final JournalMetadata METADATA = new JournalMetadata(JournalFormat.FORMAT_VERSION, "build-7",
        "6.18.44-test", BOOT_TO_WALL_NS, "tracepoint", 1 << 24, 31337, "./mq_notify_cases");

    private FormatterFixtures()
    {
    }

    /** The cases, in the order the expected outputs list them. */
    static List<UnsafeBuffer> records()
    {
        return List.of(
            // 0: SIGEV_SIGNAL, success
            new MqNotifyRecord().build(),
            // 1: NULL sevp, EBADF
            new MqNotifyRecord().mqdes(99).retval(-9).nullSevp().build(),
            // 2: unreadable sevp, EFAULT, on another CPU and thread, a second later
            new MqNotifyRecord().cpu(12).tid(4250).entryNs(ENTRY_NS + 1_000_000_001L).exitNs(ENTRY_NS + 1_000_002_000L)
                .retval(-14).faultedSevp(0x10).build(),
            // 3: SIGEV_THREAD_ID with a real-time signal, EBUSY (a notification is already registered)
            new MqNotifyRecord().retval(-16).sigevent(42, 35, SigevNotify.SIGEV_THREAD_ID, 4243, 0).build(),
            // 4: SIGEV_NONE
            new MqNotifyRecord().sigevent(0, 0, SigevNotify.SIGEV_NONE, 0, 0).build(),
            // 5: SIGEV_THREAD as glibc passes it: signo is a netlink fd, value a cookie pointer
            new MqNotifyRecord().sigevent(0x7f12_3456_7000L, 5, SigevNotify.SIGEV_THREAD, 0x40_1136L, 0).build(),
            // 6: a notify value Linux does not define, an unnamed signal, an errno without a name
            new MqNotifyRecord().retval(-4000).sigevent(-1, 33, 3, 0, 0).build(),
            // 7: SIGEV_SIGNAL with an unnamed signal; comm with a control character and non-ASCII;
            //    pointer and cgroup id with the top bit set
            new MqNotifyRecord().comm("tab\there€").cgroupId(-2).sevp(0xffff_ffff_ffff_f000L)
                .sigevent(7, 99, SigevNotify.SIGEV_SIGNAL, 0, 0).build());
    }

    static long epochNs(final String instant)
    {
        final Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
    }
}
