package dev.lifeline.bench.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A chaos scenario: a fleet of simulated deployments, the faults that hit them over time, and the
 * shape of the request stream. Loaded from YAML or JSON (see {@code scenarios/*.yaml} in this
 * module for the format); immutable.
 *
 * @param name the scenario's name
 * @param description one line on what it shows
 * @param duration how long it lasts, in scenario time (hours, usually)
 * @param timeout how long a client waits on a call that hangs before giving up
 * @param deployments the fleet, in failover order; consecutive deployments of one provider form its
 *     degrade ladder
 * @param workload the request stream's shape
 * @param faults what goes wrong, and when
 * @param conversations when the requests are turns of conversations against providers with a prompt
 *     cache, their shape; null when each request stands alone
 */
public record Scenario(
    String name,
    String description,
    Duration duration,
    Duration timeout,
    List<DeploymentSpec> deployments,
    Workload workload,
    List<FaultProcess> faults,
    Conversations conversations) {

  /** The scenarios shipped in this module's resources, loadable by name. */
  public static final List<String> SHIPPED =
      List.of(
          "rate-limit-storm",
          "provider-outage",
          "brownout",
          "silent-failures",
          "context-overflow",
          "flapping",
          "all-down",
          "mixed-day",
          "recurring-failure",
          "multi-key",
          "slow-tail",
          "stream-cuts",
          "slow-first-token",
          "session-cache");

  /** Copies the lists. */
  public Scenario {
    deployments = List.copyOf(deployments);
    faults = List.copyOf(faults);
  }

  /** A scenario whose requests stand alone. */
  public Scenario(
      String name,
      String description,
      Duration duration,
      Duration timeout,
      List<DeploymentSpec> deployments,
      Workload workload,
      List<FaultProcess> faults) {
    this(name, description, duration, timeout, deployments, workload, faults, null);
  }

  /**
   * The shipped scenario called {@code nameOrPath}, or else the scenario in the file at that path.
   *
   * @throws ScenarioException if it is neither a shipped name nor a readable file, or the file is
   *     not a valid scenario
   */
  public static Scenario load(String nameOrPath) {
    if (SHIPPED.contains(nameOrPath)) {
      return shipped(nameOrPath);
    }
    Path path = Path.of(nameOrPath);
    if (!Files.isRegularFile(path)) {
      throw new ScenarioException(
          nameOrPath,
          "",
          "no such scenario: shipped ones are "
              + String.join(", ", SHIPPED)
              + "; or give a .yaml/.json file");
    }
    return fromFile(path);
  }

  /**
   * A shipped scenario.
   *
   * @throws ScenarioException if there is none of that name
   */
  public static Scenario shipped(String name) {
    String resource = "/scenarios/" + name + ".yaml";
    try (InputStream in = Scenario.class.getResourceAsStream(resource)) {
      if (in == null || !SHIPPED.contains(name)) {
        throw new ScenarioException(
            name, "", "no shipped scenario of that name; shipped: " + String.join(", ", SHIPPED));
      }
      return ScenarioReader.read(in.readAllBytes(), "scenario '" + name + "'", true);
    } catch (IOException e) {
      throw new ScenarioException(name, "cannot read " + resource, e);
    }
  }

  /**
   * The scenario in a YAML ({@code .yaml}, {@code .yml}) or JSON file.
   *
   * @throws ScenarioException if it cannot be read or is not a valid scenario
   */
  public static Scenario fromFile(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new ScenarioException(path.toString(), "cannot read the file", e);
    }
    boolean yaml =
        !path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    return ScenarioReader.read(bytes, path.toString(), yaml);
  }

  /** The index of the deployment with this id ("openai/gpt-4o"), or -1. */
  public int indexOf(String deploymentId) {
    for (int i = 0; i < deployments.size(); i++) {
      if (deployments.get(i).id().equals(deploymentId)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * When the last outage-like window (outage, flapping, revoked key) ends, or null when the
   * scenario has none: recovery is measured from there.
   */
  public Duration lastOutageEnd() {
    return faults.stream()
        .filter(
            fault ->
                fault instanceof FaultProcess.Outage
                    || fault instanceof FaultProcess.Flapping
                    || fault instanceof FaultProcess.RevokedKey)
        .map(FaultProcess::end)
        .filter(end -> end.compareTo(duration) < 0)
        .max(Duration::compareTo)
        .orElse(null);
  }
}
