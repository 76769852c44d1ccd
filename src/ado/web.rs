//! The web dialect: the routes Azure DevOps' own token page uses, with the session cookies.
//! Observed, undocumented, may change (docs/azure-devops.md §4–§6):
//! - create: `POST {web}/_apis/Contribution/HierarchyQuery` with the issue provider;
//! - list: `GET {vssps}/_apis/Token/SessionTokens`, paged by row number with
//!   `pageRequestTimeStamp`, read in any of its three shapes;
//! - get, revoke: `GET`/`DELETE {vssps}/_apis/Token/SessionTokens/{authorizationId}`;
//! - update: no known route, so [`AdoError::Unsupported`] rather than a guess.
//!
//! The api-version travels in `Accept`, as the web UI sends it, so a revoke's URL ends with
//! the id it revokes. The list holds the person's tokens of *every* organization: this dialect
//! returns all of them, each with its `targetAccounts`; attributing them is the engine's work.

use std::collections::BTreeSet;

use time::OffsetDateTime;

use super::classify::{classify, parse, parse_secret_bearing, parse_value, Success};
use super::dialect::{CreateSpec, Dialect, ListFilter, UpdateSpec};
use super::error::{AdoError, Operation, Route, UnsupportedReason};
use super::mask::excerpt;
use super::reconcile::{reconcile, Attempt, Reconciled, CLOCK_SKEW};
use super::request::{accept_with_version, request, with_json, with_query};
use super::transport::Sender;
use super::wire::web::{
    DataProviderContext, DataProviderException, HierarchyQuery, HierarchyQueryResponse,
    IssueProperties, RouteValues, SessionToken, SourcePage, TokenList, ISSUE_PROVIDER,
};
use super::wire::{timestamp, WireError};
use crate::core::org::{OrgName, ServiceUrls};
use crate::core::token::{AuthorizationId, NewToken, Token};
use crate::ports::{Clock, Http, HttpRequest, Method};

/// Rows asked per page.
const PAGE_SIZE: u32 = 100;
/// More pages than this means a server that does not advance: stop with an error.
const MAX_PAGES: u32 = 100;

pub struct WebDialect<'a, H: Http> {
    http: Sender<'a, H>,
    clock: &'a dyn Clock,
    org: OrgName,
    urls: ServiceUrls,
}

impl<'a, H: Http> WebDialect<'a, H> {
    /// A dialect that sends writes directly until a refusal teaches it otherwise.
    pub fn new(http: &'a H, clock: &'a dyn Clock, org: &OrgName, urls: ServiceUrls) -> Self {
        let sender = Sender::new(http, &urls, None);
        Self::sharing(sender, clock, org, urls)
    }

    /// A dialect whose writes share `sender`'s transport memory (the client's).
    pub(crate) fn sharing(
        http: Sender<'a, H>,
        clock: &'a dyn Clock,
        org: &OrgName,
        urls: ServiceUrls,
    ) -> Self {
        Self {
            http,
            clock,
            org: org.clone(),
            urls,
        }
    }

    fn session_tokens(&self) -> String {
        format!("{}/_apis/Token/SessionTokens", self.urls.vssps)
    }

    fn request(&self, method: Method, url: String) -> HttpRequest {
        request(method, url, &accept_with_version())
    }

    async fn send(&self, request: HttpRequest) -> Result<Success, AdoError> {
        classify(self.http.send(request).await)
    }

    /// The `HierarchyQuery` body the token page sends (docs/azure-devops.md §5).
    fn issue_body(&self, spec: &CreateSpec) -> serde_json::Value {
        let query = HierarchyQuery {
            contribution_ids: [ISSUE_PROVIDER],
            data_provider_context: DataProviderContext {
                properties: IssueProperties {
                    display_name: &spec.name,
                    scope: spec.scopes.to_wire(),
                    valid_to: timestamp::format(spec.valid_to),
                    target_accounts: [spec.org_id],
                    source_page: SourcePage {
                        url: format!("{}/_usersSettings/tokens", self.urls.web),
                        route_id: "ms.vss-admin-web.user-admin-hub-route",
                        route_values: RouteValues {
                            admin_pivot: "tokens",
                            controller: "ContributedPage",
                            action: "Execute",
                            service_host: format!("{} ({})", spec.org_id, self.org),
                        },
                    },
                },
            },
        };
        serde_json::to_value(query).unwrap_or_default()
    }

    /// The new token's metadata when the provider's answer lacks some of it: the token with
    /// the answer's id, or else the one token with this name and these scopes whose `validFrom`
    /// falls within this attempt (`started`..now, widened by the clock skew). An older token
    /// of the same name is never taken for the new one.
    async fn find_created(
        &self,
        data: &SessionToken,
        spec: &CreateSpec,
        started: OffsetDateTime,
    ) -> Result<Option<Token>, AdoError> {
        let mut tokens = self.list(ListFilter::Active).await?;
        if let Some(id) = data.authorization_id {
            if let Some(token) = tokens.iter().find(|t| t.id.uuid() == id) {
                return Ok(Some(token.clone()));
            }
        }
        // The list holds every organization's tokens: only this organization's can be the new
        // one.
        tokens.retain(|t| {
            t.target_accounts
                .as_ref()
                .is_some_and(|ids| ids.contains(&spec.org_id))
        });
        let attempt = Attempt {
            name: spec.name.clone(),
            scopes: spec.scopes.clone(),
            started,
            ended: self.clock.now(),
        };
        Ok(match reconcile(&tokens, &attempt) {
            Reconciled::Created(token) => Some(token),
            Reconciled::NotCreated | Reconciled::Several(_) => None,
        })
    }

    /// One page (or the whole list) as sent: the rows and, for a paged answer, where the next
    /// page starts.
    async fn list_once(&self, url: String) -> Result<(Vec<SessionToken>, Option<i64>), AdoError> {
        let answer = self.send(self.request(Method::Get, url)).await?;
        let value = parse_value(answer.body.expose()).ok_or_else(|| {
            AdoError::unexpected(Some(answer.status), excerpt(answer.body.expose()))
        })?;
        match TokenList::read(value) {
            Ok(TokenList::Paged {
                next_row_number,
                rows,
            }) => Ok((rows, Some(next_row_number))),
            Ok(TokenList::Wrapped(rows) | TokenList::Bare(rows)) => Ok((rows, None)),
            // Never an empty list: an answer this client cannot read says so, with what came.
            Err(WireError(what)) => Err(AdoError::unexpected(
                Some(answer.status),
                format!("{what}: {}", excerpt(answer.body.expose())),
            )),
        }
    }
}

fn unreadable(status: u16) -> impl Fn(WireError) -> AdoError {
    move |e| AdoError::unexpected(Some(status), e.0)
}

impl<H: Http> Dialect for WebDialect<'_, H> {
    fn route(&self) -> Route {
        Route::Web
    }

    async fn list(&self, filter: ListFilter) -> Result<Vec<Token>, AdoError> {
        // The numbers the web UI sends (docs/azure-devops.md §4.3): displayFilterOption 1 Active / 4 All,
        // createdByOption 3 All (web UI and elsewhere), sortByOption 2 DisplayDate.
        let display = match filter {
            ListFilter::Active => "1",
            ListFilter::All => "4",
        };
        // The paged answer comes only with `pageRequestTimeStamp` (RFC 1123), one for every
        // page of this listing. What the server does with it is not known; should it leave out
        // tokens created after it, a browser clock behind the server's would hide a token just
        // made, so it is taken a clock skew ahead (docs/azure-devops.md §4.3).
        let stamp = timestamp::format_rfc1123(self.clock.now() + CLOCK_SKEW);
        let mut tokens = Vec::new();
        let mut seen = BTreeSet::new();
        let mut start: i64 = 1;
        for _ in 0..MAX_PAGES {
            let start_text = start.to_string();
            let page_size = PAGE_SIZE.to_string();
            let url = with_query(
                &self.session_tokens(),
                &[
                    ("displayFilterOption", display),
                    ("createdByOption", "3"),
                    ("sortByOption", "2"),
                    ("isSortAscending", "true"),
                    ("startRowNumber", &start_text),
                    ("pageSize", &page_size),
                    ("pageRequestTimeStamp", &stamp),
                ],
            );
            let (rows, next) = self.list_once(url).await?;
            for row in rows.iter().filter(|r| !r.is_ssh_key()) {
                let token = Token::try_from(row).map_err(unreadable(200))?;
                if seen.insert(token.id) {
                    tokens.push(token);
                }
            }
            // The unpaged shapes are the whole list. A page: the last one says 0 (the server
            // code's default); stop also on an empty page or a row number that does not move
            // forward, so that no server can loop us.
            match next {
                Some(next) if !rows.is_empty() && next > start => start = next,
                _ => return Ok(tokens),
            }
        }
        Err(AdoError::unexpected(
            Some(200),
            format!("the token list did not end after {MAX_PAGES} pages"),
        ))
    }

    async fn get(&self, id: AuthorizationId) -> Result<Token, AdoError> {
        let url = format!("{}/{id}", self.session_tokens());
        let answer = self.send(self.request(Method::Get, url)).await?;
        let wire: SessionToken = parse(&answer)?;
        if wire.is_ssh_key() {
            return Err(AdoError::NotFound);
        }
        Token::try_from(&wire).map_err(unreadable(answer.status))
    }

    async fn create(&self, spec: &CreateSpec) -> Result<NewToken, AdoError> {
        spec.check()?;
        let url = format!("{}/_apis/Contribution/HierarchyQuery", self.urls.web);
        let request = with_json(self.request(Method::Post, url), &self.issue_body(spec));
        let started = self.clock.now();
        let answer = self.send(request).await?;
        let mut response: HierarchyQueryResponse = parse_secret_bearing(&answer)?;

        let data: Option<SessionToken> = response
            .data_providers
            .remove(ISSUE_PROVIDER)
            .and_then(|v| serde_json::from_value(v).ok());
        let Some((data, secret)) = data.and_then(|d| d.token.clone().map(|s| (d, s))) else {
            // The provider's refusal is Azure DevOps' answer to this request (a policy, most
            // likely): final, shown as given. Its wording is undocumented: it is kept (masked)
            // for the person, never parsed for codes or numbers (docs/azure-devops.md §5.2).
            if let Some(failure) = response.data_provider_exceptions.remove(ISSUE_PROVIDER) {
                let message = serde_json::from_value::<DataProviderException>(failure)
                    .ok()
                    .and_then(|f| f.message)
                    .filter(|m| !m.trim().is_empty());
                return Err(AdoError::Declined {
                    message: message.as_deref().map(excerpt),
                });
            }
            // A success status without a token: it may have been created.
            return Err(AdoError::unexpected(
                Some(answer.status),
                "a create answer without the issue provider's token",
            ));
        };
        let token = match Token::try_from(&data) {
            Ok(token) => token,
            // Only `token` is known for sure in this answer (docs/azure-devops.md §5.1): find
            // the rest. Whatever goes wrong now, the token exists: the error must not read as
            // "nothing written", or a fallback would create a second one.
            Err(_) => self
                .find_created(&data, spec, started)
                .await
                .ok()
                .flatten()
                .ok_or_else(|| {
                    AdoError::unexpected(
                        Some(answer.status),
                        "the token was created, but its details could not be read",
                    )
                })?,
        };
        Ok(NewToken { token, secret })
    }

    async fn update(&self, _id: AuthorizationId, _spec: &UpdateSpec) -> Result<Token, AdoError> {
        Err(AdoError::Unsupported {
            operation: Operation::Update,
            reason: UnsupportedReason::NoWebUpdate,
        })
    }

    async fn revoke(&self, id: AuthorizationId) -> Result<(), AdoError> {
        let url = format!("{}/{id}", self.session_tokens());
        self.send(self.request(Method::Delete, url)).await.map(drop)
    }
}
