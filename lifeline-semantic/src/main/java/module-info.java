/**
 * Relevance by sentence embeddings (all-MiniLM-L6-v2, in process): a {@link
 * dev.lifeline.validation.Similarity}.
 */
module dev.lifeline.semantic {
  requires transitive dev.lifeline;
  requires org.slf4j;
  requires langchain4j.core;
  requires langchain4j.embeddings;
  requires langchain4j.embeddings.all.minilm.l6.v2;

  exports dev.lifeline.semantic;
}
