package dev.lifeline.semantic;

/** The real all-MiniLM-L6-v2 similarity, created once for all test classes in this fork. */
final class SharedModel {

  private SharedModel() {}

  private static final class Holder {
    static final EmbeddingSimilarity INSTANCE = EmbeddingSimilarity.allMiniLmL6V2();
  }

  static EmbeddingSimilarity allMiniLm() {
    return Holder.INSTANCE;
  }
}
