//! watch
use super::Engine;
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{ErrorData, Response};

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    pub(super) async fn check_now(&self) -> Result<Response, ErrorData> {
        Err(super::failure::internal("not yet"))
    }
}
