package dev.lifeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the {@code lifeline} command line in this JVM: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code lifeline args...} with its output captured. */
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = LifelineCommand.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** What it printed, read as JSON. */
  JsonNode json() throws IOException {
    return new ObjectMapper().readTree(out);
  }
}
