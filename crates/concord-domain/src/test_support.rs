//! Helpers shared by the unit tests.

use serde::de::{DeserializeOwned, IntoDeserializer};

/// Deserialize a value from a bare string, the way it arrives from JSON or a form, without
/// pulling a format crate into the dependency tree.
pub(crate) fn from_str<T: DeserializeOwned>(s: &str) -> Result<T, serde::de::value::Error> {
    T::deserialize(s.into_deserializer())
}

/// serde's `rename_all = "snake_case"` spelling of a CamelCase variant name, so tests can
/// prove that `code()` (stored in the database) and the serde name never drift apart.
pub(crate) fn snake_case(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}
