//! Notification ids that say what the notification is about.
//!
//! The browser hands a click back with nothing but the id, possibly to a worker that was
//! stopped and started again since the notification was shown: the id carries the kind, the
//! organization, the token and (for warnings) the threshold. `pat-pilot:warn:contoso:<uuid>:7`.
//! Organization names are letters, digits and hyphens and ids are uuids, so `:` separates
//! unambiguously. The same id for the same warning also makes showing it twice harmless: the
//! browser replaces a notification with the same id.

use std::fmt;

use crate::core::notification::Button;
use crate::core::org::OrgName;
use crate::core::token::AuthorizationId;

const PREFIX: &str = "pat-pilot";

/// What a notification is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteId {
    /// A token crossed `threshold` days.
    Warning {
        org: OrgName,
        token: AuthorizationId,
        threshold: u16,
    },
    /// The global tokens' summary; `org` is whose token page it opens.
    Globals { org: OrgName, threshold: u16 },
    /// "Extend" from a notification worked.
    Extended {
        org: OrgName,
        token: AuthorizationId,
    },
    /// "Extend" from a notification failed.
    ExtendFailed {
        org: OrgName,
        token: AuthorizationId,
    },
    /// "Extend" failed because no route can extend: offers Rotate.
    ExtendUnavailable {
        org: OrgName,
        token: AuthorizationId,
    },
    /// "Rotate" from a notification made a replacement for `token` (or failed to).
    Rotated {
        org: OrgName,
        token: AuthorizationId,
    },
}

impl NoteId {
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split(':');
        if parts.next()? != PREFIX {
            return None;
        }
        let kind = parts.next()?;
        let org = OrgName::parse(parts.next()?)?;
        let id = match kind {
            "warn" => NoteId::Warning {
                org,
                token: AuthorizationId::parse(parts.next()?)?,
                threshold: parts.next()?.parse().ok()?,
            },
            "globals" => NoteId::Globals {
                org,
                threshold: parts.next()?.parse().ok()?,
            },
            "extended" => NoteId::Extended {
                org,
                token: AuthorizationId::parse(parts.next()?)?,
            },
            "extendFailed" => NoteId::ExtendFailed {
                org,
                token: AuthorizationId::parse(parts.next()?)?,
            },
            "extendUnavailable" => NoteId::ExtendUnavailable {
                org,
                token: AuthorizationId::parse(parts.next()?)?,
            },
            "rotated" => NoteId::Rotated {
                org,
                token: AuthorizationId::parse(parts.next()?)?,
            },
            _ => return None,
        };
        parts.next().is_none().then_some(id)
    }

    pub fn org(&self) -> &OrgName {
        match self {
            NoteId::Warning { org, .. }
            | NoteId::Globals { org, .. }
            | NoteId::Extended { org, .. }
            | NoteId::ExtendFailed { org, .. }
            | NoteId::ExtendUnavailable { org, .. }
            | NoteId::Rotated { org, .. } => org,
        }
    }

    /// The buttons this kind of notification has, in order (as
    /// `crate::core::notification::NotificationContent::buttons` shows them).
    pub fn buttons(&self) -> &'static [Button] {
        match self {
            NoteId::Warning { .. } => &[Button::Extend, Button::Open],
            NoteId::Globals { .. } => &[Button::Open],
            NoteId::ExtendUnavailable { .. } => &[Button::Rotate, Button::Open],
            NoteId::Extended { .. } | NoteId::ExtendFailed { .. } | NoteId::Rotated { .. } => &[],
        }
    }
}

impl fmt::Display for NoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoteId::Warning {
                org,
                token,
                threshold,
            } => write!(f, "{PREFIX}:warn:{org}:{token}:{threshold}"),
            NoteId::Globals { org, threshold } => write!(f, "{PREFIX}:globals:{org}:{threshold}"),
            NoteId::Extended { org, token } => write!(f, "{PREFIX}:extended:{org}:{token}"),
            NoteId::ExtendFailed { org, token } => write!(f, "{PREFIX}:extendFailed:{org}:{token}"),
            NoteId::ExtendUnavailable { org, token } => {
                write!(f, "{PREFIX}:extendUnavailable:{org}:{token}")
            }
            NoteId::Rotated { org, token } => write!(f, "{PREFIX}:rotated:{org}:{token}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgName {
        OrgName::parse("contoso").unwrap_or_else(|| unreachable!())
    }

    fn token() -> AuthorizationId {
        AuthorizationId::parse("3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00")
            .unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn every_kind_reads_back_from_its_text() {
        let ids = [
            NoteId::Warning {
                org: org(),
                token: token(),
                threshold: 7,
            },
            NoteId::Globals {
                org: org(),
                threshold: 14,
            },
            NoteId::Extended {
                org: org(),
                token: token(),
            },
            NoteId::ExtendFailed {
                org: org(),
                token: token(),
            },
            NoteId::ExtendUnavailable {
                org: org(),
                token: token(),
            },
            NoteId::Rotated {
                org: org(),
                token: token(),
            },
        ];
        for id in ids {
            assert_eq!(NoteId::parse(&id.to_string()), Some(id));
        }
        assert_eq!(
            NoteId::Warning {
                org: org(),
                token: token(),
                threshold: 7
            }
            .to_string(),
            "pat-pilot:warn:contoso:3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00:7"
        );
    }

    #[test]
    fn foreign_or_damaged_ids_are_not_read() {
        for text in [
            "",
            "other:warn:contoso:3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00:7",
            "pat-pilot:warn:contoso:3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00",
            "pat-pilot:warn:contoso:3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00:7:extra",
            "pat-pilot:warn:con/toso:3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00:7",
            "pat-pilot:warn:contoso:not-a-uuid:7",
            "pat-pilot:unknown:contoso",
        ] {
            assert_eq!(NoteId::parse(text), None, "{text}");
        }
    }
}
