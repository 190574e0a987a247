//! IOM: the concentration of offending measured on the register, and the cohort.

mod case;
mod cohort;
mod concentration;
mod measures;
