//! manage
use super::Engine;
use crate::core::token::AuthorizationId;
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{ErrorData, OrgRef, Response};

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    pub(super) async fn list_tokens(&self, _org: &OrgRef) -> Result<Response, ErrorData> {
        Err(super::failure::internal("not yet"))
    }
    pub(super) async fn extend(
        &self,
        _org: &OrgRef,
        _id: AuthorizationId,
        _days: u32,
    ) -> Result<Response, ErrorData> {
        Err(super::failure::internal("not yet"))
    }
    pub(super) async fn revoke(
        &self,
        _org: &OrgRef,
        _id: AuthorizationId,
    ) -> Result<Response, ErrorData> {
        Err(super::failure::internal("not yet"))
    }
}
