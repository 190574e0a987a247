//! The error envelope where no use case is reached (no such endpoint, no or a bad
//! token), and the OpenAPI document, the published contract as a whole.

use super::{Api, Redactor, Shots};
use crate::client::TestWeb;

#[tokio::test]
async fn api_error_envelope_and_openapi_document_shapes() {
    let mut shots = Shots::default();
    for t in TestWeb::all().await {
        shots.engine(t.label());
        let red = Redactor::default();
        let mut anon = Api::anonymous(t.client());
        let r = anon.get("/api/v1/nothing").await;
        shots.take("api_no_such_endpoint", red.api("GET /api/v1/nothing", &r));
        let r = anon.get("/api/v1/search?q=smith").await;
        shots.take(
            "api_unauthenticated",
            red.api("GET /api/v1/search?q=smith (no token)", &r),
        );
        let r = anon
            .c
            .send(
                axum::http::Method::GET,
                "/api/v1/search?q=smith",
                None,
                String::new(),
                &[("authorization", "Bearer not-a-token")],
            )
            .await;
        shots.take(
            "api_unknown_token",
            red.api("GET /api/v1/search?q=smith (unknown token)", &r),
        );
        let r = anon.get("/api/openapi.json").await;
        shots.take("api_openapi_document", red.api("GET /api/openapi.json", &r));
        t.finish().await;
    }
    shots.check();
}
