//! Page views counted per route and day, the usage figures the original took from Google
//! Analytics: one metric per request, named by its route's template (`/installations/{id}`),
//! never by its path, so that no installation, person or search reaches the metrics.

use crate::Metrics;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::time::{Duration, Instant};

/// The middleware, for `Router::route_layer` (a request no route matched is not a page view):
/// `route_layer(from_fn_with_state("web", page_views::count))`.
pub async fn count(
    State(function): State<&'static str>,
    matched: MatchedPath,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let route = format!("{} {}", request.method(), matched.as_str());
    let response = next.run(request).await;
    metrics(
        function,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    )
    .emit();
    response
}

/// The metrics of one request: a view of `route`, and how long it took; its status class
/// (`2xx`, `4xx`…) tells pages seen from refusals.
fn metrics(function: &str, route: &str, status: u16, took: Duration) -> Metrics {
    Metrics::of(function)
        .dimension("Route", route)
        .dimension("Status", &format!("{}xx", status / 100))
        .count("PageViews", 1)
        .duration("Duration", took)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use std::time::UNIX_EPOCH;

    #[test]
    fn a_view_is_counted_under_its_routes_template_and_status_class() {
        let line = metrics(
            "web",
            "GET /installations/{id}",
            404,
            Duration::from_millis(3),
        )
        .line(UNIX_EPOCH);
        let line: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(line["Route"], "GET /installations/{id}");
        assert_eq!(line["Status"], "4xx");
        assert_eq!(line["PageViews"], 1.0);
        assert_eq!(
            line["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
            serde_json::json!([["Function", "Route", "Status"]])
        );
    }

    #[tokio::test]
    async fn the_middleware_passes_the_response_through() {
        use tower::ServiceExt;
        let app: Router = Router::new()
            .route("/installations/{id}", get(async || "fiche"))
            .route_layer(axum::middleware::from_fn_with_state("web", count));
        let request = Request::builder()
            .uri("/installations/0065.06351")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        let body = axum::body::to_bytes(response.into_body(), 100)
            .await
            .unwrap();
        assert_eq!(body, "fiche");
    }
}
