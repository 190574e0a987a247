//! Finding the same person twice: the queue of possible duplicates, deciding a pair,
//! and unlinking records linked in error.

pub mod duplicates;
pub mod pair;
pub mod unlink;
