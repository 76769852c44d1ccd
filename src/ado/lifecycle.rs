//! The lifecycle dialect: the public PAT Lifecycle API, `{vssps}/_apis/tokens/pats`
//! (documented; `spec/7.1/tokens.json`, docs/azure-devops.md §7).
//!
//! Microsoft documents this API for Microsoft Entra tokens only (`vso.pats`, `vso.pats_manage`):
//! expect it to refuse the browser session; the web dialect must be complete without it.
//! Authentication: the session cookies first; after a 401/403 (or a sign-in page), a session
//! bearer from [`super::bearer`] and one retry. A 401/403 proves nothing was written, so the
//! retry is safe for writes too. A bearer that worked is kept for the next call.
//!
//! Every 2xx `PatTokenResult` is checked: a call succeeded only if `patTokenError` is `none`
//! (Microsoft's sample does the same; docs/azure-devops.md §7.3). Non-2xx bodies are read for it too, since
//! which status accompanies an error value is not documented.

use std::cell::RefCell;
use std::collections::BTreeSet;

use super::bearer::{self, Bearer};
use super::classify::{classify_with, parse, parse_secret_bearing, parse_value, Success};
use super::dialect::{CreateSpec, Dialect, ListFilter, UpdateSpec};
use super::error::{AdoError, Route};
use super::mask::excerpt;
use super::request::{request, with_json, with_query, ACCEPT_JSON, API_VERSION};
use super::session_error;
use super::transport::Sender;
use super::wire::lifecycle::{
    PagedPatTokens, PatToken, PatTokenCreateRequest, PatTokenResult, PatTokenUpdateRequest,
};
use super::wire::timestamp;
use crate::core::org::ServiceUrls;
use crate::core::token::{AuthorizationId, NewToken, Token};
use crate::ports::{Http, HttpRequest, Method};

/// `$top`: the spec's "limit of 100".
const PAGE_SIZE: &str = "100";
/// More pages than this means a server that does not advance: stop with an error.
const MAX_PAGES: usize = 100;

pub struct LifecycleDialect<'a, H: Http> {
    http: Sender<'a, H>,
    urls: ServiceUrls,
    bearer: RefCell<Option<Bearer>>,
}

impl<'a, H: Http> LifecycleDialect<'a, H> {
    pub fn new(http: &'a H, urls: ServiceUrls, bearer: Option<Bearer>) -> Self {
        let sender = Sender::new(http, &urls, None);
        Self::sharing(sender, urls, bearer)
    }

    /// A dialect whose cookie writes share `sender`'s transport memory (the client's).
    pub(crate) fn sharing(http: Sender<'a, H>, urls: ServiceUrls, bearer: Option<Bearer>) -> Self {
        Self {
            http,
            urls,
            bearer: RefCell::new(bearer),
        }
    }

    /// The bearer in use, if cookies alone were refused (for `storage.session`).
    pub fn bearer(&self) -> Option<Bearer> {
        self.bearer.borrow().clone()
    }

    /// `{vssps}/_apis/tokens/pats?api-version=…&…`, parameters in the order given.
    fn pats(&self, params: &[(&str, &str)]) -> String {
        let mut all = vec![("api-version", API_VERSION)];
        all.extend_from_slice(params);
        with_query(&format!("{}/_apis/tokens/pats", self.urls.vssps), &all)
    }

    /// Sends with the current credentials; after an authentication refusal, once more with a
    /// fresh session bearer.
    async fn send(&self, build: impl Fn() -> HttpRequest) -> Result<Success, AdoError> {
        let current = self.bearer();
        let first = self.send_once(build(), current.as_ref()).await;
        match first {
            Err(refusal @ (AdoError::SignedOut { .. } | AdoError::Forbidden)) => {
                // A kept bearer that was refused is stale: drop it whatever happens next.
                self.bearer.borrow_mut().take();
                let Ok(fresh) = bearer::obtain(&self.http, &self.urls.web).await else {
                    // No bearer to be had: the cookies' refusal is the answer.
                    return Err(refusal);
                };
                *self.bearer.borrow_mut() = Some(fresh.clone());
                self.send_once(build(), Some(&fresh)).await
            }
            other => other,
        }
    }

    async fn send_once(
        &self,
        request: HttpRequest,
        bearer: Option<&Bearer>,
    ) -> Result<Success, AdoError> {
        let request = match bearer {
            Some(bearer) => bearer.authorize(request),
            None => request,
        };
        classify_with(self.http.send(request).await, error_in_body)
    }

    fn get_request(&self, url: String) -> HttpRequest {
        request(Method::Get, url, ACCEPT_JSON)
    }
}

/// A `patTokenError` other than `none` in any JSON body.
fn error_in_body(body: &serde_json::Value) -> Option<AdoError> {
    let code = body.get("patTokenError")?.as_str()?;
    let message = body
        .get("patTokenErrorMessage")
        .and_then(|m| m.as_str())
        .filter(|m| !m.trim().is_empty())
        .map(excerpt);
    session_error::map(code, message)
}

/// The token of a 2xx `PatTokenResult` whose `patTokenError` is `none`.
fn checked(result: PatTokenResult, status: u16) -> Result<PatToken, AdoError> {
    let code = result.pat_token_error.as_deref().unwrap_or("none");
    let message = result.pat_token_error_message.as_deref().map(excerpt);
    if let Some(error) = session_error::map(code, message) {
        return Err(error);
    }
    result
        .pat_token
        .ok_or_else(|| AdoError::unexpected(Some(status), "a result without its patToken"))
}

impl<H: Http> LifecycleDialect<'_, H> {
    /// Every page for one `displayFilterOption`.
    async fn list_pages(&self, display: &str) -> Result<Vec<Token>, AdoError> {
        let mut tokens = Vec::new();
        let mut seen_ids = BTreeSet::new();
        let mut seen_continuations = BTreeSet::new();
        let mut continuation: Option<String> = None;
        for _ in 0..MAX_PAGES {
            // "Subsequent calls to the API require the same filtering options" (spec).
            let mut params = vec![
                ("displayFilterOption", display),
                ("sortByOption", "displayDate"),
                ("isSortAscending", "true"),
                ("$top", PAGE_SIZE),
            ];
            if let Some(token) = continuation.as_deref() {
                params.push(("continuationToken", token));
            }
            let url = self.pats(&params);
            let answer = self.send(|| self.get_request(url.clone())).await?;
            let page: PagedPatTokens = parse(&answer)?;
            for wire in page.pat_tokens.unwrap_or_default() {
                let token = to_token(&wire, answer.status)?;
                if seen_ids.insert(token.id) {
                    tokens.push(token);
                }
            }
            match page.continuation_token.filter(|t| !t.is_empty()) {
                None => return Ok(tokens),
                Some(next) if !seen_continuations.insert(next.clone()) => {
                    return Err(AdoError::unexpected(
                        Some(answer.status),
                        "the server repeated a continuation token",
                    ));
                }
                Some(next) => continuation = Some(next),
            }
        }
        Err(AdoError::unexpected(
            Some(200),
            format!("the token list did not end after {MAX_PAGES} pages"),
        ))
    }
}

fn to_token(wire: &PatToken, status: u16) -> Result<Token, AdoError> {
    Token::try_from(wire).map_err(|e| AdoError::unexpected(Some(status), e.0))
}

impl<H: Http> Dialect for LifecycleDialect<'_, H> {
    fn route(&self) -> Route {
        Route::Lifecycle
    }

    async fn list(&self, filter: ListFilter) -> Result<Vec<Token>, AdoError> {
        // `PatToken` has no revoked flag, so `displayFilterOption=all` would mix revoked tokens
        // in unmarked (and the watcher would warn about them): "all" here is active + expired.
        let mut tokens = self.list_pages("active").await?;
        if filter == ListFilter::All {
            for token in self.list_pages("expired").await? {
                if !tokens.iter().any(|t| t.id == token.id) {
                    tokens.push(token);
                }
            }
        }
        Ok(tokens)
    }

    async fn get(&self, id: AuthorizationId) -> Result<Token, AdoError> {
        let url = self.pats(&[("authorizationId", &id.to_string())]);
        let answer = self.send(|| self.get_request(url.clone())).await?;
        let wire = checked(parse(&answer)?, answer.status)?;
        to_token(&wire, answer.status)
    }

    async fn create(&self, spec: &CreateSpec) -> Result<NewToken, AdoError> {
        spec.check()?;
        // The spec's four fields; the organization is the one in the URL.
        let body = serde_json::to_value(PatTokenCreateRequest {
            display_name: &spec.name,
            scope: spec.scopes.to_wire(),
            valid_to: timestamp::format(spec.valid_to),
            all_orgs: false,
        })
        .unwrap_or_default();
        let url = self.pats(&[]);
        let answer = self
            .send(|| with_json(request(Method::Post, url.clone(), ACCEPT_JSON), &body))
            .await?;
        let wire = checked(parse_secret_bearing(&answer)?, answer.status)?;
        let Some(secret) = wire.token.clone() else {
            return Err(AdoError::unexpected(
                Some(answer.status),
                "a create answer without the token's secret",
            ));
        };
        let token = match Token::try_from(&wire) {
            Ok(token) => token,
            // The token exists: any failure from here must not read as "nothing written".
            Err(_) => match wire
                .authorization_id
                .filter(|id| !id.is_nil())
                .map(AuthorizationId::new)
            {
                Some(id) => self.get(id).await.map_err(|_| {
                    AdoError::unexpected(
                        Some(answer.status),
                        "the token was created, but its details could not be read",
                    )
                })?,
                None => to_token(&wire, answer.status)?,
            },
        };
        Ok(NewToken { token, secret })
    }

    async fn update(&self, id: AuthorizationId, spec: &UpdateSpec) -> Result<Token, AdoError> {
        // Every field is sent, merged over the current values: what an omitted field does is
        // not documented, so nothing is left to it.
        let current = self.get(id).await?;
        let valid_to = spec.valid_to.unwrap_or(current.valid_to);
        let body = serde_json::to_value(PatTokenUpdateRequest {
            authorization_id: id.uuid(),
            display_name: spec.name.as_deref().unwrap_or(&current.name),
            scope: current.scopes.to_wire(),
            valid_to: timestamp::format(valid_to),
            all_orgs: current.is_global(),
        })
        .unwrap_or_default();
        let url = self.pats(&[]);
        let answer = self
            .send(|| with_json(request(Method::Put, url.clone(), ACCEPT_JSON), &body))
            .await?;
        let wire = checked(parse(&answer)?, answer.status)?;
        to_token(&wire, answer.status)
    }

    async fn revoke(&self, id: AuthorizationId) -> Result<(), AdoError> {
        // The id last, so the URL ends with the token it revokes.
        let url = self.pats(&[("authorizationId", &id.to_string())]);
        let answer = self
            .send(|| request(Method::Delete, url.clone(), ACCEPT_JSON))
            .await?;
        // 200 (spec) or 204 (example), empty or `{}` (docs/azure-devops.md §7.4); an error value
        // still counts.
        match parse_value(answer.body.expose())
            .as_ref()
            .and_then(error_in_body)
        {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}
