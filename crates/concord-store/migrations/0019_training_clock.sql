-- The demo's training clock (crates/concord-app/src/training_clock.rs): the days an
-- administrator has moved it forward, kept so a restarted demo resumes on the same
-- "today" and the records made on a later day stay in order. One row at most; a
-- production database never has one.
CREATE TABLE training_clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    days_moved BIGINT NOT NULL CHECK (days_moved >= 0)
);
