//! The compute-only calculators, for systems that call the MoJ actuarial service today:
//! figures in, scores out. No person's record is read or written; each call is still
//! decided and audited (who computed, which predictors answered), without the figures.

use concord_authz::{Action, Actor, Resource, ResourceKind};
use concord_risk::tier::{calculate_tier, TierInputError, TierRequest, TierResult};
use concord_risk::{RiskScoreRequest, RiskScoreResponse};
use concord_store::audit::AuditKind;
use serde_json::json;

use crate::access::Note;
use crate::{AppError, Assess};

impl Assess<'_> {
    pub async fn compute_risk_scores(
        &self,
        actor: &Actor,
        request: &RiskScoreRequest,
    ) -> Result<RiskScoreResponse, AppError> {
        self.run(actor, async |w| {
            w.decide(
                Action::Read,
                &Resource::other(ResourceKind::RiskCalculator, None),
            )?;
            // The service's default assessment date is the day of the request.
            let request = request.clone().assessed_on_if_absent(self.clock.today());
            let response = concord_risk::compute(&request);
            // Which predictors gave a figure (a non-blocking note, such as SNSV's missing
            // dynamic items, does not stop one).
            let computed: Vec<&str> = [
                ("ogrs3", response.ogrs3.output.two_year_score.is_some()),
                ("ovp", response.ovp.output.two_year_score.is_some()),
                ("ogp", response.ogp.output.two_year_score.is_some()),
                ("osp_dc", response.osp_dc.output.score.is_some()),
                ("osp_iic", response.osp_iic.output.score.is_some()),
                ("snsv", response.snsv.output.score.is_some()),
                ("rsr", response.rsr.output.overall_score.is_some()),
            ]
            .into_iter()
            .filter(|(_, ok)| *ok)
            .map(|(name, _)| name)
            .collect();
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                None,
                "computed risk scores (no personal data held)",
                Note::detail(json!({"computed": computed})),
            );
            Ok(response)
        })
        .await
    }

    /// The current tier from its inputs. Bad input is a validation error naming the field.
    pub async fn compute_tier(
        &self,
        actor: &Actor,
        request: &TierRequest,
    ) -> Result<TierResult, AppError> {
        self.run(actor, async |w| {
            w.decide(
                Action::Read,
                &Resource::other(ResourceKind::RiskCalculator, None),
            )?;
            let tier = calculate_tier(request, self.clock.today()).map_err(
                |TierInputError { field, message }| AppError::field(field, "invalid", message),
            )?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                None,
                "computed a tier (no personal data held)",
                Note::detail(json!({"tier": tier.tier})),
            );
            Ok(tier)
        })
        .await
    }
}
