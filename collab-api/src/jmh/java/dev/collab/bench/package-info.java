/**
 * JMH benchmarks, built only by the {@code bench} Maven profile; see docs/PERFORMANCE.md. Not part
 * of any published artifact.
 */
package dev.collab.bench;
