package dev.lifeline.semantic;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** ROC AUC by ranks (Mann-Whitney U), and accuracy at a threshold, over scored labelled pairs. */
final class Auc {

  /** A score given to one labelled pair. */
  record Scored(double score, boolean relevant) {}

  private Auc() {}

  /**
   * Returns the probability that a randomly drawn relevant pair scores above a randomly drawn
   * irrelevant one, ties counting one half: U / (positives * negatives), with U from the sum of the
   * positives' ranks, tied scores sharing their average rank.
   */
  static double of(List<Scored> scored) {
    Scored[] sorted = scored.toArray(new Scored[0]);
    Arrays.sort(sorted, Comparator.comparingDouble(Scored::score));
    long positives = scored.stream().filter(Scored::relevant).count();
    long negatives = scored.size() - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "AUC needs both classes, got " + positives + " relevant and " + negatives + " not");
    }
    double positiveRankSum = 0;
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j + 1 < sorted.length && sorted[j + 1].score() == sorted[i].score()) {
        j++;
      }
      double averageRank = (i + 1 + j + 1) / 2.0; // ranks are 1-based
      for (int k = i; k <= j; k++) {
        if (sorted[k].relevant()) {
          positiveRankSum += averageRank;
        }
      }
      i = j + 1;
    }
    double u = positiveRankSum - positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
  }

  /** Returns the share of pairs classified right when "relevant" means score >= threshold. */
  static double accuracyAt(List<Scored> scored, double threshold) {
    long right = scored.stream().filter(s -> (s.score() >= threshold) == s.relevant()).count();
    return (double) right / scored.size();
  }
}
