//! A failure as the popup shows it, sorted by the one next step it offers: signed out → sign
//! in; no site access → allow it; a lifespan policy (or a refusal with a reason, which may be
//! one) → a shorter lifetime; slow down → wait, then retry; no answer → retry; an uncertain
//! create → check Tokens.
//!
//! The server's words are shown as they are, never parsed.

use crate::ado::AdoErrorKind as Ado;
use crate::protocol::{CreateOutcome, EngineErrorKind as Engine, ErrorData, ErrorKind};
use crate::views::words::{seconds, Text};

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Sign in (opens the organization's page).
    SignedOut,
    /// Allow site access (`permissions.request`).
    NoHostAccess,
    /// A lifespan policy refused the lifetime: retry with a shorter one.
    Lifespan { server_message: Option<String> },
    /// Azure DevOps refused this create with a reason (its own words, not a code): show them,
    /// and offer a shorter lifetime in case the reason is a lifespan limit.
    Declined { server_message: Option<String> },
    /// Another policy refused: nothing to retry; say which.
    Policy {
        key: &'static str,
        server_message: Option<String>,
    },
    /// Wait, then retry. `waiting` until the wait is over.
    RateLimited {
        wait_secs: Option<u32>,
        waiting: bool,
    },
    /// Azure DevOps could not be reached or failed: retry.
    Unreachable { message: String },
    /// A create got no clear answer; the token list showed this.
    Uncertain { outcome: Option<CreateOutcome> },
    /// A create for this organization is already running.
    Busy,
    /// Extend is not available on the route that works: offer Rotate.
    ExtendUnavailable,
    /// Anything else: its headline and the engine's message.
    Other { key: &'static str, message: String },
}

impl Problem {
    /// Sorts a failure by its next step.
    pub fn from_error(error: &ErrorData) -> Self {
        let policy = |key| Problem::Policy {
            key,
            server_message: error.server_message.clone(),
        };
        let other = |key| Problem::Other {
            key,
            message: error.message.clone(),
        };
        let uncertain = || Problem::Uncertain {
            outcome: error.outcome.as_deref().cloned(),
        };
        match error.kind {
            ErrorKind::Ado(kind) => match kind {
                Ado::SignedOut => Problem::SignedOut,
                Ado::NoHostAccess => Problem::NoHostAccess,
                Ado::PolicyLifespan => Problem::Lifespan {
                    server_message: error.server_message.clone(),
                },
                Ado::Declined => Problem::Declined {
                    server_message: error.server_message.clone(),
                },
                Ado::PolicyFullScope => policy("popup_policy_full_scope"),
                Ado::PolicyGlobal => policy("popup_policy_global"),
                Ado::PolicyGlobalCreationBlocked => policy("popup_policy_global_blocked"),
                Ado::PolicyCreationRestricted => policy("popup_policy_creation_restricted"),
                Ado::PolicyUnreadable => policy("popup_policy_unreadable"),
                Ado::RateLimited => Problem::RateLimited {
                    wait_secs: error.retry_after_secs,
                    waiting: error.retry_after_secs.is_some_and(|s| s > 0),
                },
                Ado::Server | Ado::Network | Ado::Timeout | Ado::NoRoute | Ado::Unexpected => {
                    Problem::Unreachable {
                        message: error.message.clone(),
                    }
                }
                Ado::Uncertain => uncertain(),
                Ado::Unsupported => Problem::ExtendUnavailable,
                Ado::Forbidden => other("popup_error_forbidden"),
                Ado::InvalidName => other("popup_error_invalid_name"),
                Ado::InvalidExpiry => other("popup_error_invalid_expiry"),
                Ado::InvalidScope => other("popup_error_invalid_scope"),
                Ado::NotFound => other("popup_error_not_found"),
                Ado::ExpiredCannotExtend => other("popup_error_expired_extend"),
                Ado::Refused => other("popup_error_refused"),
                Ado::TooLarge => other("popup_error_too_large"),
            },
            ErrorKind::Engine(kind) => match kind {
                Engine::Busy => Problem::Busy,
                Engine::CreateUncertain => uncertain(),
                Engine::UnknownPreset => other("popup_error_unknown_preset"),
                Engine::OtherOrganization => other("popup_error_other_org"),
                Engine::InvalidPreset => other("popup_error_invalid_preset"),
                Engine::Storage => other("popup_error_storage"),
                Engine::BadRequest | Engine::Internal => other("popup_error_internal"),
            },
        }
    }

    /// How long Retry waits, in milliseconds, if it waits.
    pub fn wait_ms(&self) -> Option<u32> {
        match self {
            Problem::RateLimited {
                wait_secs: Some(secs),
                waiting: true,
            } => Some(secs.saturating_mul(1000)),
            _ => None,
        }
    }

    /// The wait is over: Retry can be pressed.
    pub fn wait_over(&mut self) {
        if let Problem::RateLimited { waiting, .. } = self {
            *waiting = false;
        }
    }

    /// The problem in one sentence (also what is announced).
    pub fn headline(&self) -> Text {
        Text::key(match self {
            Problem::SignedOut => "popup_signed_out_title",
            Problem::NoHostAccess => "popup_no_access_title",
            Problem::Lifespan { .. } => "popup_policy_lifespan",
            Problem::Declined { .. } => "popup_declined",
            Problem::Policy { key, .. } | Problem::Other { key, .. } => key,
            Problem::RateLimited { .. } => "popup_rate_limited_title",
            Problem::Unreachable { .. } => "popup_unreachable_title",
            Problem::Uncertain {
                outcome: Some(CreateOutcome::Created { .. }),
            } => "popup_uncertain_created",
            Problem::Uncertain {
                outcome: Some(CreateOutcome::NotCreated { .. }),
            } => "popup_uncertain_not_created",
            Problem::Uncertain { .. } => "popup_uncertain_check_tokens",
            Problem::Busy => "popup_busy",
            Problem::ExtendUnavailable => "popup_extend_unavailable",
        })
    }

    /// What more there is to say, if anything.
    pub fn detail(&self) -> Option<Text> {
        let server = |m: &Option<String>| {
            m.as_deref()
                .map(|m| Text::with("popup_server_said", [Text::plain(m)]))
        };
        match self {
            Problem::SignedOut => Some(Text::key("popup_signed_out_detail")),
            Problem::NoHostAccess => Some(Text::key("popup_no_access_detail")),
            Problem::Lifespan { server_message }
            | Problem::Declined { server_message }
            | Problem::Policy { server_message, .. } => server(server_message),
            Problem::RateLimited { wait_secs, .. } => Some(match wait_secs {
                Some(secs) => Text::with("popup_wait_seconds", [seconds(*secs)]),
                None => Text::key("popup_wait_minutes"),
            }),
            Problem::Unreachable { message } | Problem::Other { message, .. } => {
                Some(Text::plain(message))
            }
            Problem::Uncertain { outcome } => Some(match outcome {
                Some(CreateOutcome::Created { token }) => {
                    Text::with("popup_uncertain_created_detail", [Text::plain(&token.name)])
                }
                // The candidate is named: the person knows which token to look for.
                Some(CreateOutcome::NotCreated { name }) => {
                    Text::with("popup_uncertain_not_created_detail", [Text::plain(name)])
                }
                Some(CreateOutcome::Several { count, name }) => Text::with(
                    "popup_uncertain_several",
                    [Text::number(count), Text::plain(name)],
                ),
                Some(CreateOutcome::Unknown { name }) => {
                    Text::with("popup_uncertain_unknown_detail", [Text::plain(name)])
                }
                // No outcome at all (a cut-off create without one): the list was not read.
                None => Text::key("popup_uncertain_no_answer_detail"),
            }),
            Problem::Busy => Some(Text::key("popup_busy_detail")),
            Problem::ExtendUnavailable => Some(Text::key("popup_extend_unavailable_detail")),
        }
    }

    /// A failure that says who is signed in, for the header.
    pub fn session(&self) -> Option<crate::protocol::SessionState> {
        use crate::protocol::SessionState;
        match self {
            Problem::SignedOut => Some(SessionState::SignedOut {}),
            Problem::NoHostAccess => Some(SessionState::NoHostAccess {}),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::samples;

    fn error(kind: impl Into<ErrorKind>) -> ErrorData {
        ErrorData::new(kind, "what the engine said")
    }

    #[test]
    fn each_failure_is_sorted_by_its_next_step() {
        let cases: Vec<(ErrorKind, Problem)> = vec![
            (Ado::SignedOut.into(), Problem::SignedOut),
            (Ado::NoHostAccess.into(), Problem::NoHostAccess),
            (
                Ado::PolicyLifespan.into(),
                Problem::Lifespan {
                    server_message: None,
                },
            ),
            (
                Ado::PolicyGlobal.into(),
                Problem::Policy {
                    key: "popup_policy_global",
                    server_message: None,
                },
            ),
            (
                Ado::Timeout.into(),
                Problem::Unreachable {
                    message: "what the engine said".into(),
                },
            ),
            (
                Ado::NoRoute.into(),
                Problem::Unreachable {
                    message: "what the engine said".into(),
                },
            ),
            (
                Ado::Declined.into(),
                Problem::Declined {
                    server_message: None,
                },
            ),
            (Ado::Unsupported.into(), Problem::ExtendUnavailable),
            (
                Engine::OtherOrganization.into(),
                Problem::Other {
                    key: "popup_error_other_org",
                    message: "what the engine said".into(),
                },
            ),
            (Engine::Busy.into(), Problem::Busy),
            (
                Engine::CreateUncertain.into(),
                Problem::Uncertain { outcome: None },
            ),
            (
                Engine::BadRequest.into(),
                Problem::Other {
                    key: "popup_error_internal",
                    message: "what the engine said".into(),
                },
            ),
            (
                Ado::TooLarge.into(),
                Problem::Other {
                    key: "popup_error_too_large",
                    message: "what the engine said".into(),
                },
            ),
            (
                Ado::ExpiredCannotExtend.into(),
                Problem::Other {
                    key: "popup_error_expired_extend",
                    message: "what the engine said".into(),
                },
            ),
        ];
        for (kind, expected) in cases {
            assert_eq!(Problem::from_error(&error(kind)), expected, "{kind:?}");
        }
    }

    #[test]
    fn a_policy_refusal_keeps_the_servers_words_as_they_are() {
        let mut e = error(Ado::PolicyFullScope);
        e.server_message = Some("Full-scoped PATs are disabled.".into());
        let problem = Problem::from_error(&e);
        assert_eq!(problem.headline(), Text::key("popup_policy_full_scope"));
        assert_eq!(
            problem.detail(),
            Some(Text::with(
                "popup_server_said",
                [Text::plain("Full-scoped PATs are disabled.")]
            ))
        );
    }

    #[test]
    fn slow_down_with_retry_after_waits_and_without_it_does_not() {
        let mut e = error(Ado::RateLimited);
        e.retry_after_secs = Some(2);
        let mut waiting = Problem::from_error(&e);
        assert_eq!(waiting.wait_ms(), Some(2000));
        assert_eq!(
            waiting.detail(),
            Some(Text::with("popup_wait_seconds", [seconds(2)]))
        );
        waiting.wait_over();
        assert_eq!(waiting.wait_ms(), None);

        let now = Problem::from_error(&error(Ado::RateLimited));
        assert_eq!(now.wait_ms(), None);
        assert_eq!(now.detail(), Some(Text::key("popup_wait_minutes")));
    }

    #[test]
    fn an_uncertain_create_says_what_the_token_list_showed() {
        let with = |outcome: CreateOutcome| {
            let mut e = error(Engine::CreateUncertain);
            e.outcome = Some(Box::new(outcome));
            Problem::from_error(&e)
        };
        let found = with(CreateOutcome::Created {
            token: samples::token(),
        });
        assert_eq!(found.headline(), Text::key("popup_uncertain_created"));
        assert_eq!(
            found.detail(),
            Some(Text::with(
                "popup_uncertain_created_detail",
                [Text::plain(samples::token().name)]
            ))
        );
        let name = || "Git · 2026-11-28".to_owned();
        let none = with(CreateOutcome::NotCreated { name: name() });
        assert_eq!(none.headline(), Text::key("popup_uncertain_not_created"));
        assert_eq!(
            none.detail(),
            Some(Text::with(
                "popup_uncertain_not_created_detail",
                [Text::plain(name())]
            ))
        );
        let several = with(CreateOutcome::Several {
            count: 2,
            name: name(),
        });
        assert_eq!(
            several.headline(),
            Text::key("popup_uncertain_check_tokens")
        );
        assert_eq!(
            several.detail(),
            Some(Text::with(
                "popup_uncertain_several",
                [Text::number(2), Text::plain(name())]
            ))
        );
        let unknown = with(CreateOutcome::Unknown { name: name() });
        assert_eq!(
            unknown.headline(),
            Text::key("popup_uncertain_check_tokens")
        );
        assert_eq!(
            unknown.detail(),
            Some(Text::with(
                "popup_uncertain_unknown_detail",
                [Text::plain(name())]
            ))
        );
        // Without an outcome the token list was not read at all: that is what it says.
        let no_answer = Problem::from_error(&error(Engine::CreateUncertain));
        assert_eq!(
            no_answer.headline(),
            Text::key("popup_uncertain_check_tokens")
        );
        assert_eq!(
            no_answer.detail(),
            Some(Text::key("popup_uncertain_no_answer_detail"))
        );
    }
}
