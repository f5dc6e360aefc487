package dev.lifeline.model;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation.
 *
 * @param role who speaks
 * @param content the text; empty, never null, for an assistant turn that only calls tools
 * @param toolCalls the tools an assistant turn called; empty otherwise
 * @param toolCallId for a {@link Role#TOOL} turn, the id of the call it answers; null otherwise
 */
public record Message(Role role, String content, List<ToolCall> toolCalls, String toolCallId) {

  /** Checks the role, and copies the tool calls. */
  public Message {
    Objects.requireNonNull(role, "role");
    content = content == null ? "" : content;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    if (role == Role.TOOL && (toolCallId == null || toolCallId.isBlank())) {
      throw new IllegalArgumentException("a TOOL message needs the id of the tool call it answers");
    }
  }

  /** A system instruction. */
  public static Message system(String content) {
    return new Message(Role.SYSTEM, content, List.of(), null);
  }

  /** A user turn. */
  public static Message user(String content) {
    return new Message(Role.USER, content, List.of(), null);
  }

  /** An assistant turn of plain text. */
  public static Message assistant(String content) {
    return new Message(Role.ASSISTANT, content, List.of(), null);
  }

  /** An assistant turn that called tools. */
  public static Message assistant(String content, List<ToolCall> toolCalls) {
    return new Message(Role.ASSISTANT, content, toolCalls, null);
  }

  /** The result of the tool call {@code toolCallId}. */
  public static Message tool(String toolCallId, String content) {
    return new Message(Role.TOOL, content, List.of(), toolCallId);
  }
}
