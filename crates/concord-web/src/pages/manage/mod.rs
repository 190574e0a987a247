//! Managing a person in the community: the licence and its conditions, compliance and
//! recall, exclusion zones and address checks, victims and their measures, and
//! disclosures under the scheme.

pub mod address_checks;
pub mod compliance;
pub mod diary;
pub mod disclosures;
pub mod licence;
pub mod recalls;
pub mod victim_measures;
pub mod victims;
pub mod zones;
