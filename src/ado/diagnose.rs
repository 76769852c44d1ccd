//! A diagnostics report a person can paste into a bug report: which routes answer this session,
//! and how. Read calls only (`connectionData`, then a list through each dialect), each starting
//! from the session cookies alone so the report shows the whole path.
//!
//! For every request: method, URL (whose query holds only filters, a timestamp and
//! api-versions), status or transport failure, whether it carried a bearer, and the *shape* of
//! the answer ([`super::shape`]: its keys and value types) — never the bearer, a cookie, a
//! value of the answer or a secret. Errors appear as their kind and their (already masked)
//! message. So a person's copied report tells maintainers what the live service sent.

use std::cell::RefCell;

use serde::Serialize;

use super::classify::parse_value;
use super::connection;
use super::dialect::{Dialect, ListFilter};
use super::error::{AdoError, AdoErrorKind, Route};
use super::lifecycle::LifecycleDialect;
use super::shape::shape;
use super::transport::Transport;
use super::web::WebDialect;
use crate::core::org::{HostStyle, OrgName};
use crate::ports::{Clock, Http, HttpRequest, HttpResponse, TransportError};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticsReport {
    pub org: String,
    pub host_style: HostStyle,
    pub checks: Vec<Check>,
    /// How this organization's writes go (the probes never write): the transport chosen after
    /// a refusal, if any, and the one that last carried a write Azure DevOps did not refuse.
    /// Filled in by the engine, which remembers them.
    pub writes: WriteTransport,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteTransport {
    /// `None`: direct, nothing learned.
    pub chosen: Option<Transport>,
    pub last_worked: Option<Transport>,
}

/// What was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Probe {
    Connection,
    List(Route),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub probe: Probe,
    pub requests: Vec<Exchange>,
    pub ok: bool,
    /// On success: how many tokens were listed (none for `connection`).
    pub tokens: Option<usize>,
    pub error: Option<ErrorSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorSummary {
    pub kind: AdoErrorKind,
    pub message: String,
}

impl From<&AdoError> for ErrorSummary {
    fn from(error: &AdoError) -> Self {
        Self {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

/// One request and its answer, without credentials or bodies.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exchange {
    pub method: String,
    pub url: String,
    pub with_bearer: bool,
    pub status: Option<u16>,
    pub content_type: Option<String>,
    /// `timeout`, `network` or `noHostAccess` when no answer came.
    pub transport_error: Option<String>,
    /// The `typeKey` of Azure DevOps' generic error body, when there is one.
    pub type_key: Option<String>,
    /// The answer's keys and value types when it was JSON ([`super::shape`]); never values.
    pub shape: Option<serde_json::Value>,
}

/// Runs every probe for one organization.
pub async fn diagnose<H: Http>(
    http: &H,
    clock: &dyn Clock,
    org: &OrgName,
    style: HostStyle,
) -> DiagnosticsReport {
    let recorder = Recorder {
        inner: http,
        log: RefCell::default(),
    };
    let urls = org.services(style);
    let mut checks = Vec::new();

    let result = connection::connection(&recorder, &urls).await;
    checks.push(recorder.check(Probe::Connection, result.map(|_| None)));

    let web = WebDialect::new(&recorder, clock, org, urls.clone());
    let result = web.list(ListFilter::Active).await;
    checks.push(recorder.check(Probe::List(Route::Web), result.map(|t| Some(t.len()))));

    let lifecycle = LifecycleDialect::new(&recorder, urls, None);
    let result = lifecycle.list(ListFilter::Active).await;
    checks.push(recorder.check(Probe::List(Route::Lifecycle), result.map(|t| Some(t.len()))));

    DiagnosticsReport {
        org: org.to_string(),
        host_style: style,
        checks,
        writes: WriteTransport::default(),
    }
}

/// Records what went over the wire, minus anything secret.
struct Recorder<'a, H: Http> {
    inner: &'a H,
    log: RefCell<Vec<Exchange>>,
}

impl<H: Http> Recorder<'_, H> {
    fn check(&self, probe: Probe, result: Result<Option<usize>, AdoError>) -> Check {
        let requests = self.log.take();
        match result {
            Ok(tokens) => Check {
                probe,
                requests,
                ok: true,
                tokens,
                error: None,
            },
            Err(error) => Check {
                probe,
                requests,
                ok: false,
                tokens: None,
                error: Some(ErrorSummary::from(&error)),
            },
        }
    }
}

impl<H: Http> Http for Recorder<'_, H> {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut exchange = Exchange {
            method: request.method.to_string(),
            url: request.url.clone(),
            with_bearer: request
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("authorization")),
            status: None,
            content_type: None,
            transport_error: None,
            type_key: None,
            shape: None,
        };
        let reply = self.inner.send(request).await;
        match &reply {
            Ok(response) => {
                exchange.status = Some(response.status);
                exchange.content_type = response.header("content-type").map(str::to_owned);
                let json = parse_value(response.body.expose());
                if !(200..300).contains(&response.status) {
                    exchange.type_key = json
                        .as_ref()
                        .and_then(|v| v.get("typeKey")?.as_str().map(super::mask::excerpt));
                }
                exchange.shape = json.as_ref().map(shape);
            }
            Err(error) => {
                exchange.transport_error = Some(
                    match error {
                        TransportError::Timeout(_) => "timeout",
                        TransportError::Network(_) => "network",
                        TransportError::NoHostAccess(_) => "noHostAccess",
                        TransportError::TooLarge { .. } => "tooLarge",
                    }
                    .to_owned(),
                );
            }
        }
        self.log.borrow_mut().push(exchange);
        reply
    }
}
