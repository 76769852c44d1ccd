//! From the planner's decisions to notifications and the badge, as data (worded at the edge).

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime};

use super::note_id::NoteId;
use crate::core::expiry::ExpiryCause;
use crate::core::notification::{Badge, Freshness, Notification, NotificationContent};
use crate::core::org::{OrgLabel, OrgName};
use crate::core::planner::DueNotification;
use crate::core::relative::{RelativeTime, Tense, TimeUnit};
use crate::core::token::{AuthorizationId, Token};

/// An organization could not be refreshed for longer than this: the badge gets its mark.
pub const STALE_MARK_AFTER: Duration = Duration::DAY;
/// What the badge shows beside the count when an organization is stale.
pub const STALE_MARK: &str = "!";

/// Every known organization's own tokens once (a global token belongs to each), with the first
/// organization it belongs to: the one every notification names.
///
/// One map of the token ids for the whole evaluation (thousands of tokens): each names its
/// place in `tokens` and its owner by position in `orgs`, not by a copy of the name.
pub struct Inventory {
    pub tokens: Vec<Token>,
    /// The organizations tokens are listed under, each with how fresh that list is.
    orgs: Vec<(OrgName, Freshness)>,
    slots: BTreeMap<AuthorizationId, Slot>,
}

/// Where a token of the inventory is, and whose it is.
struct Slot {
    /// Its place in `Inventory::tokens`.
    at: usize,
    /// The organization whose name its notification id carries (and whose token page its click
    /// opens), by place in `Inventory::orgs`: its own, or for a token of an organization nobody
    /// can name, the one it was listed through.
    owner: usize,
    /// The id of the organization nobody can name that it belongs to (`None`: `owner`'s).
    unnamed: Option<uuid::Uuid>,
}

impl Inventory {
    pub fn new() -> Self {
        Self {
            tokens: Vec::new(),
            orgs: Vec::new(),
            slots: BTreeMap::new(),
        }
    }

    pub fn add(
        &mut self,
        org: &OrgName,
        freshness: Freshness,
        tokens: impl IntoIterator<Item = Token>,
    ) {
        self.add_as(org, freshness, None, tokens);
    }

    /// A token of an organization nobody can name, listed through `via`.
    pub fn add_unnamed(
        &mut self,
        via: &OrgName,
        freshness: Freshness,
        org: uuid::Uuid,
        token: Token,
    ) {
        self.add_as(via, freshness, Some(org), [token]);
    }

    /// Adds the tokens not in yet, owned by `org` (found among those known, or added).
    fn add_as(
        &mut self,
        org: &OrgName,
        freshness: Freshness,
        unnamed: Option<uuid::Uuid>,
        tokens: impl IntoIterator<Item = Token>,
    ) {
        let mut owner = None;
        for token in tokens {
            if let std::collections::btree_map::Entry::Vacant(slot) = self.slots.entry(token.id) {
                let owner = *owner.get_or_insert_with(|| {
                    match self
                        .orgs
                        .iter()
                        .position(|(o, f)| o == org && *f == freshness)
                    {
                        Some(at) => at,
                        None => {
                            self.orgs.push((org.clone(), freshness));
                            self.orgs.len() - 1
                        }
                    }
                });
                slot.insert(Slot {
                    at: self.tokens.len(),
                    owner,
                    unnamed,
                });
                self.tokens.push(token);
            }
        }
    }

    /// The organization a token's notification names, and how fresh the list it came from is.
    pub fn owner(&self, id: AuthorizationId) -> Option<(&OrgName, Freshness)> {
        let slot = self.slots.get(&id)?;
        self.orgs.get(slot.owner).map(|(org, f)| (org, *f))
    }

    /// How a token's warning names its organization.
    pub fn label(&self, id: AuthorizationId) -> Option<OrgLabel> {
        let slot = self.slots.get(&id)?;
        match slot.unnamed {
            Some(org) => Some(OrgLabel::Unnamed(org)),
            None => self
                .orgs
                .get(slot.owner)
                .map(|(org, _)| OrgLabel::Named(org.clone())),
        }
    }

    pub fn token(&self, id: AuthorizationId) -> Option<&Token> {
        self.slots.get(&id).and_then(|s| self.tokens.get(s.at))
    }
}

/// A notification to show, and the tokens it speaks for (whose record entries must not move
/// on if it cannot be shown).
pub struct Planned {
    pub notification: Notification,
    pub tokens: Vec<AuthorizationId>,
}

/// One warning per token due, and one summary for every global token due to the retirement
/// (soonest first, as the planner ordered them).
pub fn notifications(
    due: &[DueNotification],
    inventory: &Inventory,
    now: OffsetDateTime,
) -> Vec<Planned> {
    let mut out = Vec::new();
    let mut globals: Vec<&DueNotification> = Vec::new();
    for item in due {
        if item.cause == ExpiryCause::GlobalRetirement {
            globals.push(item);
            continue;
        }
        let (Some(token), Some((org, freshness)), Some(label)) = (
            inventory.token(item.token),
            inventory.owner(item.token),
            inventory.label(item.token),
        ) else {
            continue;
        };
        let id = NoteId::Warning {
            org: org.clone(),
            token: item.token,
            threshold: item.threshold_days,
        };
        out.push(Planned {
            notification: Notification {
                id: id.to_string(),
                content: NotificationContent::Warning {
                    org: label,
                    token_name: token.name.clone(),
                    expires_at: item.expires,
                    remaining: remaining(now, item.expires),
                    freshness,
                },
            },
            tokens: vec![item.token],
        });
    }
    let listed: Vec<(String, OrgName, AuthorizationId)> = globals
        .iter()
        .filter_map(|item| {
            let token = inventory.token(item.token)?;
            let (org, _) = inventory.owner(item.token)?;
            Some((token.name.clone(), org.clone(), item.token))
        })
        .collect();
    if let (Some(first), Some((_, org, _))) = (globals.first(), listed.first()) {
        // Every global token stops on the same date, so they cross thresholds together.
        let threshold = globals
            .iter()
            .map(|g| g.threshold_days)
            .min()
            .unwrap_or(first.threshold_days);
        let id = NoteId::Globals {
            org: org.clone(),
            threshold,
        };
        out.push(Planned {
            notification: Notification {
                id: id.to_string(),
                content: NotificationContent::GlobalSummary {
                    org: org.clone(),
                    tokens: listed
                        .iter()
                        .map(|(name, org, _)| (name.clone(), org.clone()))
                        .collect(),
                    retires_at: first.expires,
                    remaining: remaining(now, first.expires),
                },
            },
            tokens: listed.iter().map(|(_, _, id)| *id).collect(),
        });
    }
    out
}

/// How long until `at`, rounded to the nearest unit (a token seeded "in 3 days" and checked a
/// second later still reads "in 3 days"): days from 24 hours on, hours from one, else minutes.
pub fn remaining(now: OffsetDateTime, at: OffsetDateTime) -> RelativeTime {
    let (left, tense) = if at >= now {
        (at - now, Tense::Future)
    } else {
        (now - at, Tense::Past)
    };
    let minutes = (left + Duration::seconds(30)).whole_minutes();
    let hours = (left + Duration::minutes(30)).whole_hours();
    let (amount, unit) = if hours >= 24 {
        ((left + Duration::hours(12)).whole_days(), TimeUnit::Days)
    } else if hours >= 1 {
        (hours, TimeUnit::Hours)
    } else {
        (minutes.max(1), TimeUnit::Minutes)
    };
    RelativeTime::Span {
        amount: u32::try_from(amount).unwrap_or(u32::MAX),
        unit,
        tense,
    }
}

/// The badge: how many tokens expire within the warning window (not yet expired, `due`:
/// [`crate::core::expiry::badge_count`] of the inventory), and a mark when an organization could not be refreshed for
/// over a day; nothing when all is well.
pub fn badge(due: usize, stale: bool) -> Badge {
    let mut text = if due > 0 {
        due.to_string()
    } else {
        String::new()
    };
    if stale {
        text.push_str(STALE_MARK);
    }
    Badge {
        warning: !text.is_empty(),
        text,
    }
}

/// Whether an organization's last refresh failed and its list is older than a day (or there
/// never was one).
pub fn stale_for_long(
    last_error: bool,
    refreshed_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> bool {
    last_error && refreshed_at.is_none_or(|at| now - at > STALE_MARK_AFTER)
}
