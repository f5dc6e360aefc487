/**
 * A {@link dev.lifeline.state.StateStore} in a SQLite file: what the engine learned survives a
 * restart.
 */
module dev.lifeline.store.sqlite {
  requires transitive dev.lifeline;
  requires java.sql;
  requires org.xerial.sqlitejdbc;
  requires org.slf4j;

  exports dev.lifeline.store.sqlite;
}
