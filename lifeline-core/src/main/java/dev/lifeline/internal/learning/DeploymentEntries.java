package dev.lifeline.internal.learning;

import dev.lifeline.learning.FailureSignature;
import dev.lifeline.learning.PlaybookEntry;
import dev.lifeline.learning.RequestShape;
import dev.lifeline.model.ErrorKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One deployment's playbook entries, indexed by the requests they apply to ({@link
 * FailureSignature#appliesTo}), so that what a call pays to find the entries that apply to it grows
 * with those, not with everything the deployment holds: failures of the whole deployment apply to
 * every request; a context-length failure to prompts of its size bucket and larger; any other to
 * requests of its exact shape.
 *
 * <p>Reads are safe from any thread; writes must come from one thread at a time (the playbook's
 * lock), which keeps the index and the bucket mask in step.
 */
final class DeploymentEntries {

  private final Map<FailureSignature, PlaybookEntry> all = new ConcurrentHashMap<>();
  private final Map<FailureSignature, PlaybookEntry> everyRequest = new ConcurrentHashMap<>();
  private final Map<RequestShape, Map<FailureSignature, PlaybookEntry>> byShape =
      new ConcurrentHashMap<>();
  private final Map<Integer, Map<FailureSignature, PlaybookEntry>> contextByBucket =
      new ConcurrentHashMap<>();

  /** Bit b is set when a context-length entry of bucket b is held: which buckets to look in. */
  private volatile long contextBuckets;

  /** The entry of {@code signature}, or null. */
  PlaybookEntry get(FailureSignature signature) {
    return all.get(signature);
  }

  /** Holds {@code entry}, in place of the one of its signature; returns that one, or null. */
  PlaybookEntry put(PlaybookEntry entry) {
    FailureSignature signature = entry.signature();
    PlaybookEntry before = all.put(signature, entry);
    group(signature, true).put(signature, entry);
    return before;
  }

  /** Forgets the entry of {@code signature}; returns it, or null when none was held. */
  PlaybookEntry remove(FailureSignature signature) {
    PlaybookEntry removed = all.remove(signature);
    if (removed == null) {
      return null;
    }
    Map<FailureSignature, PlaybookEntry> group = group(signature, false);
    if (group == null) {
      return removed; // cannot happen: every entry held is in its group
    }
    group.remove(signature);
    if (group.isEmpty() && group != everyRequest) {
      if (isContextLength(signature)) {
        int bucket = signature.shape().promptBucket();
        contextByBucket.remove(bucket);
        contextBuckets &= ~(1L << bucket);
      } else {
        byShape.remove(signature.shape());
      }
    }
    return removed;
  }

  /** Whether no entry is held. */
  boolean isEmpty() {
    return all.isEmpty();
  }

  /** How many entries are held. */
  int size() {
    return all.size();
  }

  /** Every entry held. */
  Collection<PlaybookEntry> entries() {
    return all.values();
  }

  /** Whether an entry applies to requests of {@code shape}. */
  boolean anyAppliesTo(RequestShape shape) {
    if (!everyRequest.isEmpty() || byShape.containsKey(shape)) {
      return true;
    }
    return !shape.isAny() && (contextBuckets & upTo(shape.promptBucket())) != 0;
  }

  /** The entries that apply to requests of {@code shape}; a fresh list. */
  List<PlaybookEntry> applyingTo(RequestShape shape) {
    List<PlaybookEntry> applying = new ArrayList<>(everyRequest.values());
    if (shape.isAny()) {
      return applying;
    }
    Map<FailureSignature, PlaybookEntry> exact = byShape.get(shape);
    if (exact != null) {
      applying.addAll(exact.values());
    }
    long buckets = contextBuckets & upTo(shape.promptBucket());
    while (buckets != 0) {
      int bucket = Long.numberOfTrailingZeros(buckets);
      buckets &= buckets - 1;
      Map<FailureSignature, PlaybookEntry> context = contextByBucket.get(bucket);
      if (context != null) {
        applying.addAll(context.values());
      }
    }
    return applying;
  }

  /** The group {@code signature} belongs in; made if {@code create}, else null when missing. */
  private Map<FailureSignature, PlaybookEntry> group(FailureSignature signature, boolean create) {
    if (signature.shape().isAny()) {
      return everyRequest;
    }
    if (isContextLength(signature)) {
      int bucket = signature.shape().promptBucket();
      if (!create) {
        return contextByBucket.get(bucket);
      }
      contextBuckets |= 1L << bucket;
      return contextByBucket.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>());
    }
    if (!create) {
      return byShape.get(signature.shape());
    }
    return byShape.computeIfAbsent(signature.shape(), s -> new ConcurrentHashMap<>());
  }

  private static boolean isContextLength(FailureSignature signature) {
    return signature.kind() == ErrorKind.CONTEXT_LENGTH_EXCEEDED;
  }

  /** The mask of buckets 0 to {@code bucket}, both included. */
  private static long upTo(int bucket) {
    return bucket >= 63 ? -1L : (1L << (bucket + 1)) - 1;
  }
}
