/**
 * Step 4 of replay: writing what was chosen. The table, JSON (Tracee v0.24.1's event shape) and CSV
 * formatters share one table-driven {@link io.ringcap.replay.format.ArgumentWriter}; {@code --stats}
 * aggregates instead. Nothing here allocates per event.
 */
package io.ringcap.replay.format;
