//! Worked cases computed by hand from the published formulas, band and clamp edges,
//! validation codes, and property tests that throw arbitrary requests at everything.
