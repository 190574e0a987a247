//! IOM: the concentration of offending measured on the register, and the cohort.

mod cohort;
mod concentration;
