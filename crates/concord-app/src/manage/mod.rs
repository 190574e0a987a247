//! Manage: the instruments that protect the public and victims once a person leaves
//! custody — victims and children at risk (restricted), exclusion and inclusion zones,
//! address checks, and licences with their conditions and variations.

mod address_check;
mod form;
mod licence;
mod licence_change;
mod victims;
mod zones;

pub use address_check::{AddressCheckForm, AddressCheckView, SafeguardingForm, CHECK_PURPOSES};
pub use licence::{
    type_label, LicenceConditionView, LicenceEventView, LicenceForm, LicenceVersionView,
    LicencesView,
};
pub use licence_change::ConditionForm;
pub use victims::{LinkableCondition, LinkedCondition, VictimForm, VictimView};
pub use zones::{ZoneForm, ZoneView};
