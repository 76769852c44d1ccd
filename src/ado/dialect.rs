//! The operations both dialects offer, in domain types only.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::error::{AdoError, Route};
use crate::core::token::{AuthorizationId, NewToken, Scopes, Token};

/// Which tokens to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ListFilter {
    /// Not revoked and not expired.
    #[default]
    Active,
    /// Every token the service still shows, revoked and expired ones too.
    All,
}

/// What to create. Organization-scoped always: global tokens stop working on 2026-12-01.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateSpec {
    pub name: String,
    pub scopes: Scopes,
    /// Asked for; a lifespan policy may shorten it: read the created token's `valid_to`.
    pub valid_to: OffsetDateTime,
    /// The organization's `instanceId` (from [`super::connection`]), for `targetAccounts`.
    pub org_id: Uuid,
}

impl CreateSpec {
    /// Refuses, without a request, what Azure DevOps would refuse anyway.
    pub(crate) fn check(&self) -> Result<(), AdoError> {
        if self.name.trim().is_empty() {
            return Err(AdoError::InvalidName);
        }
        if self.scopes.is_empty() {
            return Err(AdoError::InvalidScope);
        }
        Ok(())
    }
}

/// What to change; `None` keeps the current value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpdateSpec {
    /// The new expiry (extend). A lifespan policy may shorten it: read the answer's `valid_to`.
    pub valid_to: Option<OffsetDateTime>,
    pub name: Option<String>,
}

/// One way of talking to Azure DevOps about tokens.
pub trait Dialect {
    fn route(&self) -> Route;
    /// Every page of the person's tokens in this organization (no SSH keys).
    async fn list(&self, filter: ListFilter) -> Result<Vec<Token>, AdoError>;
    async fn get(&self, id: AuthorizationId) -> Result<Token, AdoError>;
    /// Creates a token; the secret comes back this once.
    async fn create(&self, spec: &CreateSpec) -> Result<NewToken, AdoError>;
    async fn update(&self, id: AuthorizationId, spec: &UpdateSpec) -> Result<Token, AdoError>;
    /// Revokes one token. The id is required by the type: the id-less call revokes them all.
    async fn revoke(&self, id: AuthorizationId) -> Result<(), AdoError>;
}
