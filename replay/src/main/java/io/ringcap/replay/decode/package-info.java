/**
 * Step 2 of replay: decoding records. Flyweights over the record bytes (beside the generated
 * {@code io.ringcap.wire} ones), the per-walk {@link io.ringcap.replay.decode.ReplayContext}
 * (executables, containers, mq_notify registrations), and the kernel's names for numbers:
 * errno values, signals, {@code sigev_notify}.
 */
package io.ringcap.replay.decode;
