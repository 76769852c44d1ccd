//! The `Notifier` port over `chrome.notifications` and `chrome.action`'s badge.

use super::{ext, js_error_text};
use crate::ports::{Badge, Notification, Notifier, StoreError};

pub struct BrowserNotifier;

impl Notifier for BrowserNotifier {
    async fn notify(&self, n: Notification) -> Result<(), StoreError> {
        ext::notify(&n.id, &n.title, &n.message, n.buttons)
            .await
            .map(drop)
            .map_err(|e| StoreError::Failed(js_error_text(&e)))
    }

    async fn clear(&self, id: &str) -> Result<(), StoreError> {
        ext::clear_notification(id)
            .await
            .map(drop)
            .map_err(|e| StoreError::Failed(js_error_text(&e)))
    }

    async fn set_badge(&self, badge: Badge) -> Result<(), StoreError> {
        ext::set_badge(&badge.text, badge.warning)
            .await
            .map(drop)
            .map_err(|e| StoreError::Failed(js_error_text(&e)))
    }
}
