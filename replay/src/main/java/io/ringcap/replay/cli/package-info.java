/**
 * The {@code ringcap replay} command line: options, usage errors (one line, exit 2) and the
 * progress line, wiring the steps in {@code journal}, {@code decode}, {@code filter} and {@code format}.
 */
package io.ringcap.replay.cli;
