/**
 * A {@link dev.lifeline.state.StateStore} on Redis: every replica of a service shares what one
 * learned (cooldowns, open circuits, playbook entries) and can share rate budgets, while no call
 * ever waits on Redis.
 */
module dev.lifeline.store.redis {
  requires transitive dev.lifeline;
  requires com.fasterxml.jackson.databind;
  requires lettuce.core;
  requires org.slf4j;

  exports dev.lifeline.store.redis;
}
