//! Closed sets of stored codes (a status, a kind, an outcome) as enums, each code and its
//! label written once. The store reads a column straight into the enum (sqlx's
//! `try_from = "String"`), the app decides on variants, and the web matches on them: no
//! layer compares a status string, and a code that is not in the set is an error at the
//! edge where it is read, not a silent fall-through three layers up.

use std::fmt;

/// A stored code that is not one of its set's: corruption or a code from a newer version,
/// never user input (forms parse with `from_code` and name the field themselves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    /// The set the code was read for, e.g. `"MappaStatus"`.
    pub set: &'static str,
    pub code: String,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a {} code", self.code, self.set)
    }
}

impl std::error::Error for UnknownCode {}

/// Defines an enum whose variants each carry a stored code and a sentence-case label:
///
/// ```
/// concord_domain::closed_codes! {
///     /// Where a thing stands.
///     pub enum Stage {
///         Open = "open", "Open",
///         Closed = "closed", "Closed",
///     }
/// }
/// assert_eq!(Stage::from_code("closed"), Some(Stage::Closed));
/// assert_eq!(Stage::Open.code(), "open");
/// assert_eq!(Stage::Closed.label(), "Closed");
/// assert!(Stage::try_from("ajar".to_string()).is_err());
/// ```
///
/// It gives `ALL`, `code()`, `from_code()`, `label()`, `Display` (the label),
/// `TryFrom<String>` (for reading a column) and serde as the code both ways (a code not
/// in the set does not deserialise).
#[macro_export]
macro_rules! closed_codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in the order the set is written.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used in forms and the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The value for a code (exact, as stored).
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Sentence-case label for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl ::std::convert::TryFrom<String> for $name {
            type Error = $crate::codes::UnknownCode;
            fn try_from(code: String) -> Result<Self, Self::Error> {
                Self::from_code(&code).ok_or($crate::codes::UnknownCode {
                    set: stringify!($name),
                    code,
                })
            }
        }

        impl $crate::codes::__serde::Serialize for $name {
            fn serialize<S: $crate::codes::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> $crate::codes::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codes::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let code = <String as $crate::codes::__serde::Deserialize>::deserialize(deserializer)?;
                Self::try_from(code).map_err(<D::Error as $crate::codes::__serde::de::Error>::custom)
            }
        }
    };
}

#[doc(hidden)]
pub use serde as __serde;

#[cfg(test)]
mod tests {
    closed_codes! {
        /// A test set.
        enum Light {
            Red = "red", "Stop",
            Green = "green", "Go",
        }
    }

    #[test]
    fn each_code_and_label_is_written_once_and_read_back() {
        for &l in Light::ALL {
            assert_eq!(Light::from_code(l.code()), Some(l));
            assert_eq!(Light::try_from(l.code().to_string()), Ok(l));
        }
        assert_eq!(Light::Green.to_string(), "Go");
        assert_eq!(serde_json::to_string(&Light::Red).unwrap(), "\"red\"");
        assert_eq!(
            serde_json::from_str::<Light>("\"green\"").unwrap(),
            Light::Green
        );
        assert!(serde_json::from_str::<Light>("\"Go\"").is_err());
        let err = Light::try_from("amber".to_string()).unwrap_err();
        assert_eq!(err.to_string(), "`amber` is not a Light code");
        assert_eq!(Light::from_code(" red"), None);
    }
}
