//! The engine: what the service worker does, over the ports. It owns every Azure DevOps call,
//! the token cache, the pending secret and the watcher. It holds no state of its own between
//! events (the browser may stop the worker at any moment): everything lives in the `Store`.

use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{Reply, Request, Response};

/// The engine over a set of ports. Cheap to build: the worker builds one per event.
pub struct Engine<'a, H, S, C, N> {
    pub http: &'a H,
    pub store: &'a S,
    pub clock: &'a C,
    pub notifier: &'a N,
}

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    /// Answers one request from a view.
    pub async fn handle(&self, request: Request) -> Reply {
        match request {
            Request::Ping {} => Reply::Ok(Response::Pong {
                version: crate::VERSION.to_owned(),
            }),
        }
    }
}
