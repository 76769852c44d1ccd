//! The web dialect: the routes Azure DevOps' own token page uses, with the session cookies.
//! Observed, undocumented, may change (README §2.2, §2.3):
//! - create: `POST {web}/_apis/Contribution/HierarchyQuery` with the issue provider;
//! - list: `GET {vssps}/_apis/Token/SessionTokens` paged by row number;
//! - get, revoke: `GET`/`DELETE {vssps}/_apis/Token/SessionTokens/{authorizationId}`;
//! - update: no known route, so [`AdoError::Unsupported`] rather than a guess.
//!
//! The api-version travels in `Accept`, as the web UI sends it, so a revoke's URL ends with
//! the id it revokes.

use std::collections::BTreeSet;

use super::classify::{classify, parse, parse_secret_bearing, Success};
use super::dialect::{CreateSpec, Dialect, ListFilter, UpdateSpec};
use super::error::{AdoError, Operation, Route, UnsupportedReason};
use super::mask::excerpt;
use super::request::{accept_with_version, request, with_json, with_query};
use super::wire::web::{
    DataProviderContext, DataProviderException, HierarchyQuery, HierarchyQueryResponse,
    IssueProperties, PagedSessionTokens, RouteValues, SessionToken, SourcePage, ISSUE_PROVIDER,
};
use super::wire::{timestamp, WireError};
use crate::core::org::{OrgName, ServiceUrls};
use crate::core::token::{AuthorizationId, NewToken, Token};
use crate::ports::{Http, HttpRequest, Method};

/// Rows asked per page.
const PAGE_SIZE: u32 = 100;
/// More pages than this means a server that does not advance: stop with an error.
const MAX_PAGES: u32 = 100;

pub struct WebDialect<'a, H: Http> {
    http: &'a H,
    org: OrgName,
    urls: ServiceUrls,
}

impl<'a, H: Http> WebDialect<'a, H> {
    pub fn new(http: &'a H, org: &OrgName, urls: ServiceUrls) -> Self {
        Self {
            http,
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

    /// The `HierarchyQuery` body the token page sends (README §2.2).
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

    /// The new token's metadata when the provider's answer lacks some of it: the newest token
    /// with this id, or else with this name and these scopes.
    async fn find_created(
        &self,
        data: &SessionToken,
        spec: &CreateSpec,
    ) -> Result<Option<Token>, AdoError> {
        let tokens = self.list(ListFilter::Active).await?;
        let by_id = data
            .authorization_id
            .and_then(|id| tokens.iter().find(|t| t.id.uuid() == id));
        Ok(by_id.cloned().or_else(|| {
            tokens
                .into_iter()
                .filter(|t| t.name == spec.name && t.scopes.same_set(&spec.scopes))
                .max_by_key(|t| t.valid_from)
        }))
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
        // The numbers the web UI sends [DECOMP][ADOWRAP]: displayFilterOption 1 Active / 4 All,
        // createdByOption 3 All (web UI and elsewhere), sortByOption 2 DisplayDate.
        let display = match filter {
            ListFilter::Active => "1",
            ListFilter::All => "4",
        };
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
                ],
            );
            let answer = self.send(self.request(Method::Get, url)).await?;
            let page: PagedSessionTokens = parse(&answer)?;
            let rows = page.session_tokens.unwrap_or_default();
            for row in rows.iter().filter(|r| !r.is_ssh_key()) {
                let token = Token::try_from(row).map_err(unreadable(answer.status))?;
                if seen.insert(token.id) {
                    tokens.push(token);
                }
            }
            // What the last page says is not documented: stop on an empty page, a missing row
            // number, or one that does not move forward (so no server can loop us).
            match page.next_row_number {
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
        let answer = self.send(request).await?;
        let mut response: HierarchyQueryResponse = parse_secret_bearing(&answer)?;

        let data: Option<SessionToken> = response
            .data_providers
            .remove(ISSUE_PROVIDER)
            .and_then(|v| serde_json::from_value(v).ok());
        let Some((data, secret)) = data.and_then(|d| d.token.clone().map(|s| (d, s))) else {
            // The message's wording is undocumented: it is kept (masked) for the person,
            // never parsed for codes or numbers.
            if let Some(failure) = response.data_provider_exceptions.remove(ISSUE_PROVIDER) {
                let message = serde_json::from_value::<DataProviderException>(failure)
                    .ok()
                    .and_then(|f| f.message);
                return Err(AdoError::Refused {
                    code: None,
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
            // Only `token` is known for sure in this answer (README §2.2): find the rest.
            // Whatever goes wrong now, the token exists: the error must not read as "nothing
            // written", or a fallback would create a second one.
            Err(_) => self
                .find_created(&data, spec)
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
