/**
 * The chaos benchmark: a {@link dev.lifeline.bench.chaos.Scenario} (deployments, faults over time,
 * a workload) played against every {@link dev.lifeline.bench.chaos.Strategy} on the same seeded
 * {@link dev.lifeline.bench.chaos.RequestStream} and the same {@link
 * dev.lifeline.bench.chaos.FaultTimeline}, in virtual time ({@link
 * dev.lifeline.bench.chaos.VirtualTimeRunner}) or over loopback HTTP ({@link
 * dev.lifeline.bench.chaos.HttpRunner}), measured from the provider calls actually made ({@link
 * dev.lifeline.bench.chaos.CallLedger}, {@link dev.lifeline.bench.chaos.Metrics}) and shown as a
 * {@link dev.lifeline.bench.chaos.ComparisonTable}, JSON or an {@link
 * dev.lifeline.bench.chaos.HtmlReport}. Run it with {@code lifeline simulate}. Free of JMH.
 */
package dev.lifeline.bench.chaos;
