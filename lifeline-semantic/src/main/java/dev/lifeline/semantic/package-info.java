/**
 * Semantic relevance for Lifeline's validator, computed in-process by a sentence-embedding model
 * shipped inside a Maven artifact.
 *
 * <p>{@link dev.lifeline.semantic.EmbeddingSimilarity#allMiniLmL6V2()} gives a {@link
 * dev.lifeline.validation.Similarity} to hand to core's relevance validator in place of its lexical
 * default. This module is optional: it brings ONNX Runtime and a 90 MB model onto the classpath,
 * which is why core does not depend on it.
 */
package dev.lifeline.semantic;
