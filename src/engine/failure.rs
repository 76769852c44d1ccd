//! From the errors of the layers below to the protocol's `ErrorData`.

use crate::ado::{AdoError, RetryAfter};
use crate::ports::StoreError;
use crate::protocol::{EngineErrorKind, ErrorData};
use time::OffsetDateTime;

pub fn from_ado(error: &AdoError, now: OffsetDateTime) -> ErrorData {
    let mut data = ErrorData::new(error.kind(), error.to_string());
    match error {
        AdoError::RateLimited { retry_after } => {
            data.retry_after_secs = retry_after.map(|r: RetryAfter| r.seconds_from(now));
        }
        AdoError::Policy { server_message, .. } => data.server_message = server_message.clone(),
        AdoError::Declined { message } => data.server_message = message.clone(),
        _ => {}
    }
    data
}

pub fn from_store(error: &StoreError) -> ErrorData {
    ErrorData::new(EngineErrorKind::Storage, error.to_string())
}

pub fn internal(message: impl Into<String>) -> ErrorData {
    ErrorData::new(EngineErrorKind::Internal, message)
}
