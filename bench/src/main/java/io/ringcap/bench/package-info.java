/** JMH benchmarks of the capture and replay hot paths. */
package io.ringcap.bench;
