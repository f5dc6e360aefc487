/**
 * JMH benchmarks of Lifeline's overhead: {@link dev.lifeline.bench.EngineOverheadBenchmark} (the
 * engine on the happy path, against a provider that answers at once), {@link
 * dev.lifeline.bench.HealthTrackerBenchmark} (health tracking per attempt, routing per call) and
 * {@link dev.lifeline.bench.HttpOverheadBenchmark} (a call over loopback HTTP against a bare {@code
 * java.net.http} client).
 *
 * <p>The loopback load benchmark, {@link dev.lifeline.bench.load.LoadBenchmark} ({@code
 * bench/load.sh}), measures Lifeline against a bare client and its peers under load, with the
 * server in its own process.
 *
 * <p>Run them from the uber-jar: {@code bench/jmh.sh [JMH options]} builds it and runs every
 * benchmark with {@code -prof gc}; {@code mvn -B -Pbench -pl lifeline-bench -am verify} does the
 * same at a smaller size. The default build only runs {@code BenchmarksSmokeTest}, which calls each
 * benchmark method a few times without JMH so that the benchmarks cannot rot unnoticed.
 */
package dev.lifeline.bench;
