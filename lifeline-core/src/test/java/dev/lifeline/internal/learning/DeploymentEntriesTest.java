package dev.lifeline.internal.learning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.learning.FailureSignature;
import dev.lifeline.learning.PlaybookEntry;
import dev.lifeline.learning.RequestShape;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.ResponseFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The index a deployment's playbook entries are kept in finds exactly the entries whose signature
 * {@linkplain FailureSignature#appliesTo applies} to a request, as a scan of every entry would, and
 * stays exact as entries come and go: the playbook reads hints and clears entries through it, so a
 * call pays for what applies to it rather than for all that is held.
 */
class DeploymentEntriesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final ErrorKind[] KINDS = {
    ErrorKind.CONTEXT_LENGTH_EXCEEDED,
    ErrorKind.VALIDATION_FAILED,
    ErrorKind.INVALID_RESPONSE,
    ErrorKind.RATE_LIMITED,
    ErrorKind.QUOTA_EXHAUSTED
  };

  @Test
  void findsWhatAScanWouldFindForEveryShapeAsEntriesComeAndGo() {
    Random random = new Random(42);
    DeploymentEntries entries = new DeploymentEntries();
    List<PlaybookEntry> held = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      PlaybookEntry entry = PlaybookMemory.first(signature(random, i), NOW, 0);
      assertThat(entries.put(entry)).isNull();
      held.add(entry);
    }
    assertThat(entries.size()).isEqualTo(held.size());
    assertMatchesAScan(entries, held);

    for (int i = held.size() - 1; i >= 0; i -= 1 + random.nextInt(2)) {
      assertThat(entries.remove(held.get(i).signature())).isEqualTo(held.get(i));
      held.remove(i);
    }
    assertThat(entries.size()).isEqualTo(held.size());
    assertMatchesAScan(entries, held);

    for (PlaybookEntry entry : List.copyOf(held)) {
      entries.remove(entry.signature());
      held.remove(entry);
    }
    assertThat(entries.isEmpty()).isTrue();
    assertMatchesAScan(entries, held);
  }

  @Test
  void anEntryPutAgainReplacesTheOneOfItsSignature() {
    DeploymentEntries entries = new DeploymentEntries();
    FailureSignature signature =
        new FailureSignature(
            "openai/gpt-4o",
            ErrorKind.CONTEXT_LENGTH_EXCEEDED,
            "context_length_exceeded",
            new RequestShape(14, false, ResponseFormat.Type.TEXT, false));
    PlaybookEntry first = PlaybookMemory.first(signature, NOW, 0);
    PlaybookEntry second = PlaybookMemory.withFailure(first, NOW, java.time.Duration.ofHours(1), 0);

    entries.put(first);
    assertThat(entries.put(second)).isEqualTo(first);

    RequestShape larger = new RequestShape(20, true, ResponseFormat.Type.JSON_OBJECT, true);
    assertThat(entries.applyingTo(larger)).containsExactly(second);
    assertThat(entries.size()).isOne();
  }

  private static void assertMatchesAScan(DeploymentEntries entries, List<PlaybookEntry> held) {
    List<RequestShape> shapes = new ArrayList<>();
    shapes.add(RequestShape.ANY);
    for (int bucket = 0; bucket <= 63; bucket += bucket < 12 ? 1 : 17) {
      for (ResponseFormat.Type format : ResponseFormat.Type.values()) {
        shapes.add(new RequestShape(bucket, false, format, false));
        shapes.add(new RequestShape(bucket, true, format, true));
      }
    }
    for (RequestShape shape : shapes) {
      List<PlaybookEntry> scanned =
          held.stream().filter(entry -> entry.signature().appliesTo(shape)).toList();
      assertThat(entries.applyingTo(shape))
          .as("%s", shape)
          .containsExactlyInAnyOrderElementsOf(scanned);
      assertThat(entries.anyAppliesTo(shape)).as("%s", shape).isEqualTo(!scanned.isEmpty());
    }
  }

  private static FailureSignature signature(Random random, int i) {
    ErrorKind kind = KINDS[random.nextInt(KINDS.length)];
    RequestShape shape =
        switch (kind) {
          case CONTEXT_LENGTH_EXCEEDED ->
              new RequestShape(random.nextInt(12), false, ResponseFormat.Type.TEXT, false);
          case VALIDATION_FAILED, INVALID_RESPONSE ->
              new RequestShape(
                  random.nextInt(12),
                  random.nextBoolean(),
                  ResponseFormat.Type.values()[random.nextInt(ResponseFormat.Type.values().length)],
                  random.nextBoolean());
          default -> RequestShape.ANY;
        };
    return new FailureSignature("openai/gpt-4o", kind, "code-" + i, shape);
  }
}
