//! CloudWatch metrics as Embedded Metric Format lines: a JSON object on the function's standard
//! output that CloudWatch Logs turns into metrics, with no API call and no permission. The
//! dashboard of infra/template.yaml reads them from the namespace [`NAMESPACE`].
//!
//! Outside Lambda nothing is written: the lines are for CloudWatch, not for a terminal.

use serde_json::{Map, Value, json};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const NAMESPACE: &str = "Envinorma";

/// The unit of a value, as CloudWatch names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Milliseconds,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Count => "Count",
            Unit::Milliseconds => "Milliseconds",
        }
    }
}

/// Values measured together, under the same dimensions. The dimension `Function` (the Lambda
/// function's name) is always there.
#[derive(Debug, Clone)]
pub struct Metrics {
    dimensions: Vec<(String, String)>,
    values: Vec<(String, Unit, f64)>,
}

impl Metrics {
    /// Metrics of `function` (our name for it: `web`, `ap-ocr`…).
    pub fn of(function: &str) -> Metrics {
        Metrics {
            dimensions: vec![("Function".into(), function.into())],
            values: Vec::new(),
        }
    }

    /// Adds a dimension. Its value must name a kind of thing (a route's template), never a
    /// person or a thing a person typed: every distinct value is a metric of its own.
    pub fn dimension(mut self, name: &str, value: &str) -> Metrics {
        self.dimensions.push((name.into(), value.into()));
        self
    }

    pub fn count(mut self, name: &str, count: u64) -> Metrics {
        self.values.push((name.into(), Unit::Count, count as f64));
        self
    }

    pub fn duration(mut self, name: &str, duration: Duration) -> Metrics {
        let milliseconds = duration.as_secs_f64() * 1000.0;
        self.values
            .push((name.into(), Unit::Milliseconds, milliseconds));
        self
    }

    /// The EMF line at `now`.
    pub fn line(&self, now: SystemTime) -> String {
        let timestamp = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_millis() as u64);
        let names: Vec<&str> = self
            .dimensions
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        let definitions: Vec<Value> = self
            .values
            .iter()
            .map(|(name, unit, _)| json!({"Name": name, "Unit": unit.name()}))
            .collect();
        let mut object = Map::new();
        object.insert(
            "_aws".into(),
            json!({
                "Timestamp": timestamp,
                "CloudWatchMetrics": [{
                    "Namespace": NAMESPACE,
                    "Dimensions": [names],
                    "Metrics": definitions,
                }],
            }),
        );
        for (name, value) in &self.dimensions {
            object.insert(name.clone(), Value::from(value.as_str()));
        }
        for (name, _, value) in &self.values {
            object.insert(name.clone(), json!(value));
        }
        Value::Object(object).to_string()
    }

    /// Writes the line, in Lambda only (where `AWS_LAMBDA_FUNCTION_NAME` is set).
    pub fn emit(&self) {
        if std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some() {
            println!("{}", self.line(SystemTime::now()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_declares_each_value_under_the_dimensions_and_carries_it() {
        let at = UNIX_EPOCH + Duration::from_millis(1_764_500_000_123);
        let line = Metrics::of("web")
            .dimension("Route", "/installations/{id}")
            .count("PageViews", 1)
            .duration("Duration", Duration::from_micros(12_500))
            .line(at);
        let expected = json!({
            "_aws": {
                "Timestamp": 1_764_500_000_123_u64,
                "CloudWatchMetrics": [{
                    "Namespace": "Envinorma",
                    "Dimensions": [["Function", "Route"]],
                    "Metrics": [
                        {"Name": "PageViews", "Unit": "Count"},
                        {"Name": "Duration", "Unit": "Milliseconds"}
                    ]
                }]
            },
            "Function": "web",
            "Route": "/installations/{id}",
            "PageViews": 1.0,
            "Duration": 12.5
        });
        assert_eq!(serde_json::from_str::<Value>(&line).unwrap(), expected);
        assert!(!line.contains('\n'), "one line");
    }
}
