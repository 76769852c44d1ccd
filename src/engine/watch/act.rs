//! What a click on a notification does. The browser hands back the id alone, maybe to a worker
//! started since the notification was shown: everything needed is in the [`NoteId`] and in
//! storage.
//!
//! - the body, or "Open": the organization's token page (Firefox has no buttons: the body
//!   does it there);
//! - "Extend" (warnings): now + N days, N from the preset that most likely made the token
//!   (`core::lifetime::guess_preset`), else 30 — the popup's Extend, through the same engine
//!   path — then a notification with the new date, or with what went wrong; when no route can
//!   extend (the public API refused the session), that notification offers "Rotate";
//! - "Rotate": a replacement in the token's own organization (the popup's Rotate), whose secret
//!   waits in memory for the popup, and a notification that says so.

use super::note_id::NoteId;
use crate::ado::AdoErrorKind;
use crate::core::known_orgs;
use crate::core::lifetime::{guess_preset, DEFAULT_EXTENSION_DAYS};
use crate::core::notification::{
    Button, ExtendFailure, Notification, NotificationContent, RotateFailure,
};
use crate::core::org::{HostStyle, OrgName};
use crate::core::preset_store;
use crate::core::token::AuthorizationId;
use crate::engine::state::OrgState;
use crate::engine::{failure, Engine};
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{EngineErrorKind, ErrorKind, OrgRef, Response};

/// What the worker does after the engine handled a click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClickOutcome {
    /// Open this page in a tab.
    Open(String),
    /// A token was made (Rotate): its secret waits in `pending`, and its expiry alarm is the
    /// worker's to set, as after a create from the popup.
    Created(AuthorizationId),
    /// Nothing more (handled, or not ours).
    Done,
}

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    /// A click on a notification's body: its organization's token page.
    pub async fn notification_clicked(&self, id: &str) -> ClickOutcome {
        let Some(note) = NoteId::parse(id) else {
            return ClickOutcome::Done;
        };
        let _ = self.notifier.clear(id).await;
        ClickOutcome::Open(note.org().tokens_page())
    }

    /// A press on a notification's button `index` (in the order the notification showed them).
    pub async fn notification_button(&self, id: &str, index: u32) -> ClickOutcome {
        let Some(note) = NoteId::parse(id) else {
            return ClickOutcome::Done;
        };
        let button = usize::try_from(index)
            .ok()
            .and_then(|i| note.buttons().get(i).copied());
        match (button, &note) {
            (Some(Button::Open), _) => {
                let _ = self.notifier.clear(id).await;
                ClickOutcome::Open(note.org().tokens_page())
            }
            (Some(Button::Extend), NoteId::Warning { org, token, .. }) => {
                if self.extend_from_notification(org, *token).await {
                    let _ = self.notifier.clear(id).await;
                }
                ClickOutcome::Done
            }
            (Some(Button::Rotate), NoteId::ExtendUnavailable { org, token }) => {
                let _ = self.notifier.clear(id).await;
                match self.rotate_from_notification(org, *token).await {
                    Some(made) => ClickOutcome::Created(made),
                    None => ClickOutcome::Done,
                }
            }
            _ => ClickOutcome::Done,
        }
    }

    /// Extends the token and says how it went in a new notification; true when it worked.
    async fn extend_from_notification(&self, org: &OrgName, id: AuthorizationId) -> bool {
        let now = self.clock.now();
        let style = self.host_style(org, now).await;
        let token = OrgState::load(self.store, org, now)
            .await
            .ok()
            .and_then(|state| state.tokens.into_iter().find(|t| t.id == id));
        let presets = preset_store::load_presets(self.store, now)
            .await
            .map(|list| list.presets)
            .unwrap_or_default();
        let days = token
            .as_ref()
            .and_then(|t| guess_preset(t, org, &presets))
            .map_or(DEFAULT_EXTENSION_DAYS, |preset| preset.lifetime_days());
        let name = token.map(|t| t.name).unwrap_or_default();
        let org_ref = OrgRef {
            name: org.clone(),
            style,
        };
        let result = self.extend(&org_ref, id, u32::from(days)).await;
        let (note, content, worked) = match result {
            Ok(Response::Extended {
                token,
                policy_limited,
                ..
            }) => (
                NoteId::Extended {
                    org: org.clone(),
                    token: id,
                },
                NotificationContent::Extended {
                    org: org.clone(),
                    token_name: token.name,
                    valid_to: token.valid_to,
                    policy_limited,
                },
                true,
            ),
            other => {
                let kind = match other {
                    Err(error) => error.kind,
                    Ok(_) => failure::internal("extend answered something else").kind,
                };
                let content = NotificationContent::ExtendFailed {
                    org: org.clone(),
                    token_name: name,
                    why: extend_failure(kind),
                };
                // Its id carries the buttons it shows (a click may reach a restarted worker).
                let note = if content.offers_rotate() {
                    NoteId::ExtendUnavailable {
                        org: org.clone(),
                        token: id,
                    }
                } else {
                    NoteId::ExtendFailed {
                        org: org.clone(),
                        token: id,
                    }
                };
                (note, content, false)
            }
        };
        let _ = self
            .notifier
            .notify(Notification {
                id: note.to_string(),
                content,
            })
            .await;
        worked
    }
}

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    /// The address style the organization was last used with (a notification's action knows
    /// only its name); the modern one when it is not known.
    async fn host_style(&self, org: &OrgName, now: time::OffsetDateTime) -> HostStyle {
        known_orgs::load(self.store, now)
            .await
            .ok()
            .and_then(|known| known.value.get(org).map(|k| k.host_style))
            .unwrap_or_default()
    }

    /// Rotates the token (the popup's Rotate: a replacement in its own organization, whose
    /// secret waits for the popup) and says how it went in a new notification. The replacement
    /// whose secret waits in `pending`, if one does.
    async fn rotate_from_notification(
        &self,
        org: &OrgName,
        id: AuthorizationId,
    ) -> Option<AuthorizationId> {
        let now = self.clock.now();
        let style = self.host_style(org, now).await;
        let old_name = OrgState::load(self.store, org, now)
            .await
            .ok()
            .and_then(|state| state.token(id).map(|t| t.name.clone()))
            .unwrap_or_default();
        let org_ref = OrgRef {
            name: org.clone(),
            style,
        };
        let mut waiting = None;
        let content = match self.rotate(&org_ref, id).await {
            Ok(Response::Created { created, not_kept }) => {
                if not_kept.is_none() {
                    waiting = Some(created.token.id);
                }
                NotificationContent::Rotated {
                    org: created.org,
                    token_name: created.token.name,
                    replaces: old_name,
                    kept: not_kept.is_none(),
                }
            }
            other => NotificationContent::RotateFailed {
                org: org.clone(),
                token_name: old_name,
                why: rotate_failure(match other {
                    Err(error) => error.kind,
                    Ok(_) => failure::internal("rotate answered something else").kind,
                }),
            },
        };
        let note = NoteId::Rotated {
            org: org.clone(),
            token: id,
        };
        let _ = self
            .notifier
            .notify(Notification {
                id: note.to_string(),
                content,
            })
            .await;
        waiting
    }
}

/// Why an extension failed, as the next step the notification can suggest.
fn extend_failure(kind: ErrorKind) -> ExtendFailure {
    use AdoErrorKind as K;
    match kind {
        ErrorKind::Ado(K::SignedOut) => ExtendFailure::SignedOut,
        ErrorKind::Ado(K::ExpiredCannotExtend) => ExtendFailure::Expired,
        ErrorKind::Ado(K::PolicyLifespan) => ExtendFailure::Policy,
        ErrorKind::Ado(K::NotFound) => ExtendFailure::NotFound,
        ErrorKind::Ado(K::Unsupported) => ExtendFailure::Unsupported,
        ErrorKind::Ado(K::Refused | K::Forbidden | K::NoRoute) => ExtendFailure::NoRoute,
        ErrorKind::Ado(K::Network | K::Timeout | K::Server | K::RateLimited) => {
            ExtendFailure::Unreachable
        }
        ErrorKind::Ado(K::NoHostAccess) => ExtendFailure::NoHostAccess,
        ErrorKind::Engine(EngineErrorKind::OtherOrganization) => ExtendFailure::OtherOrganization,
        _ => ExtendFailure::Other,
    }
}

/// Why a rotation failed, as the next step the notification can suggest.
fn rotate_failure(kind: ErrorKind) -> RotateFailure {
    use AdoErrorKind as K;
    match kind {
        ErrorKind::Ado(K::SignedOut) => RotateFailure::SignedOut,
        ErrorKind::Ado(K::Network | K::Timeout | K::Server | K::RateLimited) => {
            RotateFailure::Unreachable
        }
        ErrorKind::Ado(K::NoHostAccess) => RotateFailure::NoHostAccess,
        _ => RotateFailure::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_extension_is_told_as_the_step_that_helps() {
        use AdoErrorKind as K;
        let cases = [
            (ErrorKind::Ado(K::SignedOut), ExtendFailure::SignedOut),
            (
                ErrorKind::Ado(K::ExpiredCannotExtend),
                ExtendFailure::Expired,
            ),
            (ErrorKind::Ado(K::PolicyLifespan), ExtendFailure::Policy),
            (ErrorKind::Ado(K::NotFound), ExtendFailure::NotFound),
            (ErrorKind::Ado(K::Unsupported), ExtendFailure::Unsupported),
            (ErrorKind::Ado(K::Forbidden), ExtendFailure::NoRoute),
            (ErrorKind::Ado(K::NoRoute), ExtendFailure::NoRoute),
            (ErrorKind::Ado(K::Timeout), ExtendFailure::Unreachable),
            (ErrorKind::Ado(K::RateLimited), ExtendFailure::Unreachable),
            (ErrorKind::Ado(K::NoHostAccess), ExtendFailure::NoHostAccess),
            (
                ErrorKind::Engine(EngineErrorKind::OtherOrganization),
                ExtendFailure::OtherOrganization,
            ),
            (
                ErrorKind::Engine(EngineErrorKind::Storage),
                ExtendFailure::Other,
            ),
        ];
        for (kind, expected) in cases {
            assert_eq!(extend_failure(kind), expected, "{kind:?}");
        }
    }

    #[test]
    fn a_failed_rotation_is_told_as_the_step_that_helps() {
        use AdoErrorKind as K;
        let cases = [
            (ErrorKind::Ado(K::SignedOut), RotateFailure::SignedOut),
            (ErrorKind::Ado(K::Network), RotateFailure::Unreachable),
            (ErrorKind::Ado(K::Server), RotateFailure::Unreachable),
            (ErrorKind::Ado(K::NoHostAccess), RotateFailure::NoHostAccess),
            (ErrorKind::Ado(K::PolicyLifespan), RotateFailure::Other),
            (
                ErrorKind::Engine(EngineErrorKind::Storage),
                RotateFailure::Other,
            ),
        ];
        for (kind, expected) in cases {
            assert_eq!(rotate_failure(kind), expected, "{kind:?}");
        }
    }
}
