//! Importing the board's measures held elsewhere (a CSV per concord_iom::lcjb): all or
//! nothing — every bad line is named by line and field and nothing is saved — and a
//! figure already held for the same measure, area and quarter is replaced (corrections
//! arrive), the import audited with what it brought.

use concord_authz::{Action, Actor, Resource, ResourceKind};
use concord_domain::{FieldError, ValidationErrors};
use concord_iom::parse_measures;
use concord_store::audit::AuditKind;
use concord_store::LcjbFigureRow;
use serde::Serialize;
use serde_json::json;

use crate::access::Note;
use crate::{AppError, Iom};

/// The largest file accepted: twelve quarters of every measure for a hundred areas is
/// well under this.
pub const MAX_MEASURES_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasuresImported {
    pub figures: usize,
    pub replaced: u64,
}

/// One measure as the import form explains it: (code, what it is, numerator, denominator).
pub type MeasureHelp = (String, String, String, String);

impl Iom<'_> {
    /// What the import form explains, for those who may import (decided, so a refusal is
    /// audited like any other).
    pub async fn measures_import_form(&self, actor: &Actor) -> Result<Vec<MeasureHelp>, AppError> {
        self.run(actor, async |w| {
            w.decide(
                Action::Create,
                &Resource::other(ResourceKind::Aggregate, None),
            )?;
            Ok(concord_iom::ImportedMeasure::ALL
                .iter()
                .map(|m| {
                    let (numerator, denominator) = m.meaning();
                    (
                        m.code().to_string(),
                        format!("{} (from {})", m.label(), m.source()),
                        numerator.to_string(),
                        denominator.to_string(),
                    )
                })
                .collect())
        })
        .await
    }

    pub async fn import_measures(
        &self,
        actor: &Actor,
        text: &str,
    ) -> Result<MeasuresImported, AppError> {
        self.run(actor, async |w| {
            // The decision first: someone who may not import learns nothing from how the
            // file would have been judged.
            let cap = w.decide(
                Action::Create,
                &Resource::other(ResourceKind::Aggregate, None),
            )?;
            if text.len() > MAX_MEASURES_BYTES {
                return Err(AppError::Validation(ValidationErrors::from(
                    FieldError::new(
                        "file",
                        "too_large",
                        format!("The file is larger than {} KiB", MAX_MEASURES_BYTES / 1024),
                    ),
                )));
            }
            let figures = parse_measures(text).map_err(|errors| {
                let mut v = ValidationErrors::new();
                for e in errors {
                    v.push(FieldError::new("file", "bad_line", e.to_string()));
                }
                AppError::Validation(v)
            })?;
            let rows: Vec<LcjbFigureRow> = figures
                .iter()
                .map(|f| LcjbFigureRow {
                    measure: f.measure.code().into(),
                    area: f.area.clone(),
                    period_start: f.period_start,
                    period_end: f.period_end,
                    numerator: i64::try_from(f.numerator).unwrap_or(i64::MAX),
                    denominator: f.denominator.map(|d| i64::try_from(d).unwrap_or(i64::MAX)),
                })
                .collect();
            let by = w.actor().user_id;
            let replaced =
                concord_store::replace_lcjb_figures(w.tx(), &cap, &rows, by, self.clock.now())
                    .await?;
            let measures: std::collections::BTreeSet<&str> =
                figures.iter().map(|f| f.measure.code()).collect();
            w.record(self.event(
                w.actor(),
                AuditKind::Collection,
                Action::Create,
                ResourceKind::Aggregate,
                None,
                "imported the board's measures held elsewhere",
                Note::detail(
                    json!({"figures": rows.len(), "replaced": replaced, "measures": measures}),
                ),
            ));
            Ok(MeasuresImported {
                figures: rows.len(),
                replaced,
            })
        })
        .await
    }
}
