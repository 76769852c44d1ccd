//! session
use super::Engine;
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{ErrorData, OrgRef, Response};

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    pub(super) async fn hello(&self, _org: &OrgRef) -> Result<Response, ErrorData> {
        Err(super::failure::internal("not yet"))
    }
    pub(super) async fn take_pending(&self) -> Result<Response, ErrorData> {
        Ok(Response::Pending { created: None })
    }
    pub(super) async fn diagnose(&self, org: &OrgRef) -> Result<Response, ErrorData> {
        let report = crate::ado::diagnose(self.http, &org.name, org.style).await;
        let report =
            serde_json::to_value(&report).map_err(|e| super::failure::internal(e.to_string()))?;
        Ok(Response::Diagnosis { report })
    }
}
