package dev.lifeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lifeline} command: the entry point that dispatches to its subcommands. */
@Command(
    name = "lifeline",
    mixinStandardHelpOptions = true,
    version = "lifeline 0.1.0-SNAPSHOT",
    description = "Self-healing LLM calls: retry, degrade, fail over, validate.",
    subcommands = {
      ChatCommand.class,
      ClassifyCommand.class,
      DemoCommand.class,
      MockServerCommand.class,
      PlaybookCommand.class,
      SimulateCommand.class,
      TopCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LifelineCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The command line with every subcommand, exit codes mapped: 2 for unusable input. */
  static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new LifelineCommand());
    commandLine.setExitCodeExceptionMapper(error -> 2);
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
