/**
 * Step 3 of replay: choosing records. {@link io.ringcap.replay.filter.EventFilter} parses the
 * command line's filters once and tests each record's header without allocating.
 */
package io.ringcap.replay.filter;
