//! The model file: the format this build reads and writes, and the checks that refuse a
//! file it cannot trust. Apart from scoring and training because a model is read and
//! written far from where it is used (a reviewed, saved model is given to a later run).

use serde::Deserialize;

use super::Model;

/// The version of the model file format this build reads and writes.
pub const MODEL_FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelError {
    #[error("the model file is not valid JSON: {0}")]
    Corrupt(String),
    #[error(
        "the model file has format {found}; this version of Concord reads format {MODEL_FORMAT}"
    )]
    Incompatible { found: u32 },
    #[error("the model's {what} is {value}, which is not a probability strictly between 0 and 1")]
    NotAProbability { what: String, value: f64 },
}

impl Model {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Read a model file, refusing anything this build cannot trust.
    pub fn from_json(text: &str) -> Result<Model, ModelError> {
        #[derive(Deserialize)]
        struct Header {
            format: u32,
        }
        let header: Header =
            serde_json::from_str(text).map_err(|e| ModelError::Corrupt(e.to_string()))?;
        if header.format != MODEL_FORMAT {
            return Err(ModelError::Incompatible {
                found: header.format,
            });
        }
        let model: Model =
            serde_json::from_str(text).map_err(|e| ModelError::Corrupt(e.to_string()))?;
        let check = |what: String, value: f64| {
            if value > 0.0 && value < 1.0 {
                Ok(())
            } else {
                Err(ModelError::NotAProbability { what, value })
            }
        };
        check("prior".into(), model.prior)?;
        for (comparison, levels) in &model.levels {
            for (level, p) in levels {
                check(format!("m of {comparison} {level}"), p.m)?;
                check(format!("u of {comparison} {level}"), p.u)?;
            }
        }
        Ok(model)
    }
}
