package dev.lifeline.spring.boot;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** An application with nothing of its own: what the starter configures is all there is. */
@SpringBootConfiguration
@EnableAutoConfiguration
class StarterApp {}
