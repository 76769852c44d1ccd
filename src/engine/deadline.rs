//! An `Http` that ends by a deadline: each request's timeout is cut to the time left, and none
//! is sent after it. A create's whole chain (every route, every request, reconciliation) goes
//! through one, so it ends before its in-flight marker can be called stale.

use time::OffsetDateTime;

use crate::ports::{Clock, Http, HttpRequest, HttpResponse, TransportError};

pub struct Deadline<'a, H, C> {
    http: &'a H,
    clock: &'a C,
    ends: OffsetDateTime,
}

impl<'a, H: Http, C: Clock> Deadline<'a, H, C> {
    pub fn new(http: &'a H, clock: &'a C, ends: OffsetDateTime) -> Self {
        Self { http, clock, ends }
    }

    /// The same transport with an earlier (never a later) end.
    pub fn until(&self, ends: OffsetDateTime) -> Deadline<'a, H, C> {
        Deadline {
            http: self.http,
            clock: self.clock,
            ends: ends.min(self.ends),
        }
    }
}

impl<H: Http, C: Clock> Http for Deadline<'_, H, C> {
    async fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let left = (self.ends - self.clock.now()).whole_milliseconds();
        if left <= 0 {
            // Never sent: but to the caller it is a request without an answer, like any other.
            return Err(TransportError::Timeout(0));
        }
        let left = u32::try_from(left).unwrap_or(u32::MAX);
        request.timeout_ms = request.timeout_ms.min(left);
        self.http.send(request).await
    }
}
