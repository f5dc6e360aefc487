package dev.lifeline.spring.boot;

import org.springframework.core.convert.converter.Converter;

/** Reads a model given by its name alone, as in {@code models: [gpt-4o, gpt-4o-mini]}. */
final class ModelNameConverter implements Converter<String, LifelineProperties.ModelProperties> {

  @Override
  public LifelineProperties.ModelProperties convert(String name) {
    return LifelineProperties.ModelProperties.named(name.strip());
  }
}
