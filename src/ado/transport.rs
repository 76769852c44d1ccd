//! How a write reaches Azure DevOps, and the choice between the two ways.
//!
//! A write (`POST`, `PUT`, `DELETE`) from the service worker carries the session cookies *and*
//! `Origin: chrome-extension://{id}` (Firefox: `moz-extension://…`); no caller known to work
//! sends a foreign `Origin` (docs/azure-devops.md §9). Whether Azure DevOps refuses such a
//! cookie write is unknown, so a second transport exists: [`Transport::PageOrigin`] sends the
//! request as the token page would, with the organization's web origin as `Origin` (the
//! browser adapter does this with a `declarativeNetRequest` session rule scoped to the
//! extension's own requests).
//!
//! The choice: a cookie write goes by the remembered transport (direct when none is). An answer
//! of 401 or 403 refuses before anything is written, so the same write is sent once more by the
//! other transport; if that one is not refused, it becomes the remembered one. If the second
//! gets no answer at all, that is the outcome (it may have been written), not the first refusal.
//! The retry goes through the same `Http` as the first (in a create: its deadline). Reads never carry
//! an `Origin` and always go direct. Requests with a bearer are not cookie writes and go direct.

use std::cell::Cell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::core::org::ServiceUrls;
use crate::ports::{Http, HttpRequest, HttpResponse, Method, TransportError};

/// The way a cookie-authenticated write is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Transport {
    /// A plain `fetch` from the extension (`Origin` is the extension's own).
    Direct,
    /// As the token page sends it: `Origin` set to the organization's web origin.
    PageOrigin,
}

impl Transport {
    fn other(self) -> Self {
        match self {
            Transport::Direct => Transport::PageOrigin,
            Transport::PageOrigin => Transport::Direct,
        }
    }
}

/// The origin of the organization's web pages: `https://dev.azure.com` or
/// `https://{org}.visualstudio.com` (what the token page's own requests carry as `Origin`).
pub fn page_origin(urls: &ServiceUrls) -> String {
    let rest = urls.web.strip_prefix("https://").unwrap_or(&urls.web);
    let host = rest.split('/').next().unwrap_or(rest);
    format!("https://{host}")
}

/// An [`Http`] that sends writes by the chosen transport and learns which one works.
/// Cheap to clone: clones share what they learn.
pub struct Sender<'a, H: Http> {
    http: &'a H,
    origin: Rc<str>,
    chosen: Rc<Cell<Option<Transport>>>,
    /// The transport that last answered a write without refusing it (for diagnostics).
    worked: Rc<Cell<Option<Transport>>>,
}

impl<H: Http> Clone for Sender<'_, H> {
    fn clone(&self) -> Self {
        Self {
            http: self.http,
            origin: Rc::clone(&self.origin),
            chosen: Rc::clone(&self.chosen),
            worked: Rc::clone(&self.worked),
        }
    }
}

impl<'a, H: Http> Sender<'a, H> {
    pub fn new(http: &'a H, urls: &ServiceUrls, remembered: Option<Transport>) -> Self {
        Self {
            http,
            origin: page_origin(urls).into(),
            chosen: Rc::new(Cell::new(remembered)),
            worked: Rc::new(Cell::new(None)),
        }
    }

    pub(crate) fn http(&self) -> &'a H {
        self.http
    }

    /// The transport to remember for the organization (`None`: nothing learned, direct).
    pub fn transport(&self) -> Option<Transport> {
        self.chosen.get()
    }

    /// The transport of the last write that was not refused, if a write was sent.
    pub fn worked(&self) -> Option<Transport> {
        self.worked.get()
    }

    fn dress(&self, request: HttpRequest, transport: Transport) -> HttpRequest {
        match transport {
            Transport::Direct => HttpRequest {
                page_origin: None,
                ..request
            },
            Transport::PageOrigin => HttpRequest {
                page_origin: Some(self.origin.to_string()),
                ..request
            },
        }
    }
}

/// A write that carries the cookies (not a bearer).
fn is_cookie_write(request: &HttpRequest) -> bool {
    request.method != Method::Get
        && !request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
}

fn refused(reply: &Result<HttpResponse, TransportError>) -> bool {
    matches!(reply, Ok(r) if matches!(r.status, 401 | 403))
}

impl<H: Http> Http for Sender<'_, H> {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if !is_cookie_write(&request) {
            return self.http.send(request).await;
        }
        let first = self.chosen.get().unwrap_or(Transport::Direct);
        let reply = self.http.send(self.dress(request.clone(), first)).await;
        if !refused(&reply) {
            if reply.is_ok() {
                self.worked.set(Some(first));
            }
            return reply;
        }
        // A 401/403 refused the write before anything was written: the same write by the
        // other transport cannot make a second token.
        let second = first.other();
        let retry = self.http.send(self.dress(request, second)).await;
        match &retry {
            Ok(_) if !refused(&retry) => {
                self.chosen.set(Some(second));
                self.worked.set(Some(second));
                retry
            }
            // Refused both ways (signed out, or not allowed): the first answer stands.
            Ok(_) => reply,
            // No answer to the second: it may have been written (a timeout, a dropped
            // connection, an answer past the cap). That must not read as the first refusal,
            // or a create would go on to another route and make a second token.
            Err(_) => retry,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::org::{HostStyle, OrgName};
    use crate::ports::fakes::{json_response, poll_until_stalled, FakeHttp};

    fn post() -> HttpRequest {
        HttpRequest::new(Method::Post, "https://dev.azure.com/contoso/_apis/x")
    }

    fn sent_twice(
        second: Result<HttpResponse, TransportError>,
    ) -> (
        Result<HttpResponse, TransportError>,
        Sender<'static, FakeHttp>,
    ) {
        let http: &'static FakeHttp = Box::leak(Box::new(FakeHttp::new()));
        http.queue(Ok(json_response(401, &serde_json::json!({}))));
        http.queue(second);
        let org = OrgName::parse("contoso").unwrap_or_else(|| unreachable!());
        let sender = Sender::new(http, &org.services(HostStyle::Modern), None);
        let reply = poll_until_stalled(std::pin::pin!(sender.send(post())))
            .unwrap_or_else(|| unreachable!());
        let origins: Vec<_> = http.requests().into_iter().map(|r| r.page_origin).collect();
        assert_eq!(origins, [None, Some("https://dev.azure.com".to_owned())]);
        (reply, sender)
    }

    #[test]
    fn a_refused_write_sent_again_without_an_answer_ends_as_that_not_as_the_refusal() {
        let (reply, sender) = sent_twice(Err(TransportError::Timeout(20_000)));
        assert_eq!(reply.err(), Some(TransportError::Timeout(20_000)));
        assert_eq!(sender.transport(), None, "nothing learned");
    }

    #[test]
    fn a_write_refused_both_ways_ends_as_the_first_refusal() {
        let (reply, sender) = sent_twice(Ok(json_response(403, &serde_json::json!({}))));
        assert_eq!(reply.map(|r| r.status).ok(), Some(401));
        assert_eq!(sender.transport(), None);
    }

    #[test]
    fn a_write_the_other_transport_carries_teaches_it() {
        let (reply, sender) = sent_twice(Ok(json_response(200, &serde_json::json!({}))));
        assert_eq!(reply.map(|r| r.status).ok(), Some(200));
        assert_eq!(sender.transport(), Some(Transport::PageOrigin));
        assert_eq!(sender.worked(), Some(Transport::PageOrigin));
    }

    #[test]
    fn the_page_origin_is_the_web_hosts_origin() {
        let org = OrgName::parse("contoso").unwrap_or_else(|| unreachable!());
        assert_eq!(
            page_origin(&org.services(HostStyle::Modern)),
            "https://dev.azure.com"
        );
        assert_eq!(
            page_origin(&org.services(HostStyle::Legacy)),
            "https://contoso.visualstudio.com"
        );
    }
}
