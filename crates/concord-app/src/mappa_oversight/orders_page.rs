//! The orders and breaches page: whose case it is and the civil orders' events, read in
//! one unit of work.

use concord_authz::Actor;
use concord_domain::PersonId;

use crate::{AppError, OrderEventView, Oversight, RecordHeader};

/// What the orders page shows.
#[derive(Debug, Clone)]
pub struct OrdersPage {
    pub header: RecordHeader,
    pub events: Vec<OrderEventView>,
}

impl Oversight<'_> {
    pub async fn orders_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<OrdersPage, AppError> {
        self.run_page(actor, async |w| {
            let events = self.order_events_in(w, person).await?;
            Ok(OrdersPage {
                header: self.people().record_header_in(w, person).await?,
                events,
            })
        })
        .await
    }
}
