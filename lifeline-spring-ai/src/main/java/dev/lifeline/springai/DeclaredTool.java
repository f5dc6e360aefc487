package dev.lifeline.springai;

import dev.lifeline.model.Tool;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * A tool offered to a wrapped model by its definition only: the model may ask for it, and the
 * answer carries the call back to Lifeline's caller, who runs it. Nothing calls it here; Spring AI
 * 2's chat models leave tool execution to {@code ChatClient}.
 */
final class DeclaredTool implements ToolCallback {

  private final ToolDefinition definition;

  DeclaredTool(Tool tool) {
    this.definition =
        ToolDefinition.builder()
            .name(tool.name())
            .description(tool.description())
            .inputSchema(tool.parametersSchemaJson())
            .build();
  }

  @Override
  public ToolDefinition getToolDefinition() {
    return definition;
  }

  @Override
  public String call(String toolInput) {
    throw new UnsupportedOperationException(
        "tool "
            + definition.name()
            + " is run by Lifeline's caller, not by the wrapped model: the answer carries its call");
  }
}
