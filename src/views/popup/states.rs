//! Problems and states, each with one clear next step: signed out → sign in; no site access →
//! allow it; a lifespan policy → a shorter lifetime; slow down → wait, then retry; no answer →
//! retry; an uncertain create → check Tokens; not on Azure DevOps → the recent organizations.
//!
//! The server's words are shown as they are, never parsed: a lifespan limit that no field
//! states is asked for with quick choices.

use web_sys::Element;

use super::format;
use super::state::{Action, CreatePhase, Problem};
use super::ui::{attr, Res, Ui};
use crate::ado::AdoErrorKind as A;
use crate::browser::ext::{t, t_with};
use crate::core::known_orgs::KnownOrg;
use crate::protocol::{CreateOutcome, EngineErrorKind as E, ErrorData, ErrorKind, OrgRef};

/// Lifetimes offered after a lifespan refusal, when the limit is unknown: the largest few
/// below what was asked.
const QUICK_DAYS: [u32; 6] = [180, 90, 30, 14, 7, 1];
const QUICK_COUNT: usize = 3;

impl Problem {
    /// Sorts a failure by its next step.
    pub fn from_error(error: &ErrorData) -> Self {
        let message = error.message.clone();
        let policy = |key| Problem::Policy {
            key,
            server_message: error.server_message.clone(),
        };
        let other = |key| Problem::Other {
            key,
            message: message.clone(),
        };
        match error.kind {
            ErrorKind::Ado(kind) => match kind {
                A::SignedOut => Problem::SignedOut,
                A::NoHostAccess => Problem::NoHostAccess,
                A::PolicyLifespan => Problem::Lifespan {
                    server_message: error.server_message.clone(),
                },
                A::Declined => Problem::Declined {
                    server_message: error.server_message.clone(),
                },
                A::PolicyFullScope => policy("popup_policy_full_scope"),
                A::PolicyGlobal => policy("popup_policy_global"),
                A::PolicyGlobalCreationBlocked => policy("popup_policy_global_blocked"),
                A::PolicyCreationRestricted => policy("popup_policy_creation_restricted"),
                A::PolicyUnreadable => policy("popup_policy_unreadable"),
                A::RateLimited => Problem::RateLimited {
                    wait_secs: error.retry_after_secs,
                    ready_at: js_sys::Date::now()
                        + f64::from(error.retry_after_secs.unwrap_or(0)) * 1000.0,
                },
                A::Server | A::Network | A::Timeout | A::NoRoute | A::Unexpected => {
                    Problem::Unreachable { message }
                }
                A::Uncertain => Problem::Uncertain {
                    outcome: error.outcome.as_deref().cloned(),
                },
                A::Unsupported => Problem::ExtendUnavailable,
                A::Forbidden => other("popup_error_forbidden"),
                A::InvalidName => other("popup_error_invalid_name"),
                A::InvalidExpiry => other("popup_error_invalid_expiry"),
                A::InvalidScope => other("popup_error_invalid_scope"),
                A::NotFound => other("popup_error_not_found"),
                A::ExpiredCannotExtend => other("popup_error_expired_extend"),
                A::Refused => other("popup_error_refused"),
                A::TooLarge => other("popup_error_too_large"),
            },
            ErrorKind::Engine(kind) => match kind {
                E::Busy => Problem::Busy,
                E::CreateUncertain => Problem::Uncertain {
                    outcome: error.outcome.as_deref().cloned(),
                },
                E::UnknownPreset => other("popup_error_unknown_preset"),
                E::OtherOrganization => other("popup_error_other_org"),
                E::InvalidPreset => other("popup_error_invalid_preset"),
                E::Storage => other("popup_error_storage"),
                E::BadRequest | E::Internal => other("popup_error_internal"),
            },
        }
    }
}

/// The problem in one sentence (also what is announced).
pub fn headline(problem: &Problem) -> String {
    t(match problem {
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
fn detail(problem: &Problem) -> Option<String> {
    let server = |m: &Option<String>| m.as_deref().map(|m| t_with("popup_server_said", &[m]));
    match problem {
        Problem::SignedOut => Some(t("popup_signed_out_detail")),
        Problem::NoHostAccess => Some(t("popup_no_access_detail")),
        Problem::Lifespan { server_message }
        | Problem::Declined { server_message }
        | Problem::Policy { server_message, .. } => server(server_message),
        Problem::RateLimited { wait_secs, .. } => Some(match wait_secs {
            Some(secs) => t_with("popup_wait_seconds", &[&format::seconds(*secs)]),
            None => t("popup_wait_minutes"),
        }),
        Problem::Unreachable { message } | Problem::Other { message, .. } => Some(message.clone()),
        Problem::Uncertain { outcome } => Some(match outcome {
            Some(CreateOutcome::Created { token }) => {
                t_with("popup_uncertain_created_detail", &[&token.name])
            }
            // The candidate is named: the person knows which token to look for.
            Some(CreateOutcome::NotCreated { name }) => {
                t_with("popup_uncertain_not_created_detail", &[name])
            }
            Some(CreateOutcome::Several { count, name }) => {
                t_with("popup_uncertain_several", &[&count.to_string(), name])
            }
            Some(CreateOutcome::Unknown { name }) => {
                t_with("popup_uncertain_unknown_detail", &[name])
            }
            None => t("popup_uncertain_no_answer_detail"),
        }),
        Problem::Busy => Some(t("popup_busy_detail")),
        Problem::ExtendUnavailable => Some(t("popup_extend_unavailable_detail")),
    }
}

/// What the panel's buttons can do, where it stands.
pub struct Next<'a> {
    pub org: Option<&'a OrgRef>,
    /// What "Retry" repeats.
    pub retry: Option<Action>,
    /// After a lifespan refusal: the preset and the days that were asked.
    pub lifespan: Option<(&'a str, u32)>,
}

/// A problem as a panel: headline, detail, the next step.
pub fn panel(ui: &Ui, parent: &Element, problem: &Problem, next: &Next) -> Res<()> {
    let box_ = ui.child(parent, "section", "panel problem")?;
    attr(&box_, "aria-labelledby", "problem-title")?;
    let title = ui.text(&box_, "h2", "panel-title", &headline(problem))?;
    title.set_id("problem-title");
    if let Some(text) = detail(problem) {
        ui.text(&box_, "p", "panel-detail", &text)?;
    }
    let actions = ui.child(&box_, "div", "panel-actions")?;
    match problem {
        Problem::SignedOut => {
            if let Some(org) = next.org {
                let url = format!("{}/", org.name.services(org.style).web);
                let b = ui.button(
                    &actions,
                    "primary",
                    &t("popup_sign_in"),
                    "sign-in",
                    Action::OpenUrl(url),
                )?;
                attr(&b, "data-autofocus", "")?;
            }
        }
        Problem::NoHostAccess => {
            let b = ui.button(
                &actions,
                "primary",
                &t("popup_allow_access"),
                "allow-access",
                Action::RequestAccess,
            )?;
            attr(&b, "data-autofocus", "")?;
        }
        Problem::Lifespan { .. } | Problem::Declined { .. } => {
            if let Some((preset, asked)) = next.lifespan {
                let choices: Vec<u32> = QUICK_DAYS
                    .iter()
                    .copied()
                    .filter(|d| *d < asked)
                    .take(QUICK_COUNT)
                    .collect();
                if !choices.is_empty() {
                    let lead = match problem {
                        Problem::Declined { .. } => "popup_declined_choose",
                        _ => "popup_lifespan_choose",
                    };
                    ui.text(&box_, "p", "panel-detail", &t(lead))?;
                    let row = ui.child(&box_, "div", "panel-actions")?;
                    for (i, days) in choices.into_iter().enumerate() {
                        let b = ui.button(
                            &row,
                            if i == 0 { "primary" } else { "secondary" },
                            &t_with("popup_create_with_days", &[&format::days(days)]),
                            &format!("lifespan:{days}"),
                            Action::Create {
                                preset: preset.to_owned(),
                                days: Some(days),
                            },
                        )?;
                        if i == 0 {
                            attr(&b, "data-autofocus", "")?;
                        }
                    }
                }
            }
        }
        Problem::RateLimited { ready_at, .. } => {
            if let Some(retry) = &next.retry {
                let b = ui.button(
                    &actions,
                    "primary",
                    &t("popup_retry"),
                    "retry",
                    retry.clone(),
                )?;
                let wait = ready_at - js_sys::Date::now();
                if wait > 0.0 {
                    b.set_disabled(true);
                    let later = b.clone();
                    super::set_timeout(wait.ceil() as i32, move || later.set_disabled(false));
                }
            }
        }
        Problem::Unreachable { .. }
        | Problem::Uncertain {
            outcome: Some(CreateOutcome::NotCreated { .. }),
        } => {
            if let Some(retry) = &next.retry {
                let b = ui.button(
                    &actions,
                    "primary",
                    &t("popup_retry"),
                    "retry",
                    retry.clone(),
                )?;
                attr(&b, "data-autofocus", "")?;
            }
        }
        Problem::Uncertain { .. } => {
            if next.org.is_some() {
                let b = ui.button(
                    &actions,
                    "primary",
                    &t("popup_check_tokens"),
                    "check-tokens",
                    Action::ShowTokens,
                )?;
                attr(&b, "data-autofocus", "")?;
            }
        }
        Problem::Busy | Problem::ExtendUnavailable | Problem::Policy { .. } => {}
        Problem::Other { .. } => {}
    }
    if actions.child_element_count() == 0 {
        actions.remove();
    }
    Ok(())
}

/// Not on an Azure DevOps page: the organizations used recently, or Azure DevOps itself.
pub fn elsewhere(
    ui: &Ui,
    parent: &Element,
    recent: &[KnownOrg],
    no_access: bool,
    phase: &CreatePhase,
) -> Res<()> {
    let no_next = Next {
        org: None,
        retry: None,
        lifespan: None,
    };
    if no_access {
        return panel(ui, parent, &Problem::NoHostAccess, &no_next);
    }
    if let CreatePhase::Failed { problem, .. } = phase {
        panel(ui, parent, problem, &no_next)?;
    }
    let box_ = ui.child(parent, "section", "panel")?;
    attr(&box_, "aria-labelledby", "elsewhere-title")?;
    let title = ui.text(&box_, "h2", "panel-title", &t("popup_elsewhere_title"))?;
    title.set_id("elsewhere-title");
    ui.text(&box_, "p", "panel-detail", &t("popup_elsewhere_detail"))?;
    if !recent.is_empty() {
        ui.text(&box_, "h3", "list-title", &t("popup_recent_orgs"))?;
        let list = ui.child(&box_, "ul", "orgs")?;
        for known in recent {
            let item = ui.child(&list, "li", "")?;
            let url = format!("{}/", known.name.services(known.host_style).web);
            let b = ui.button(
                &item,
                "org-link",
                known.name.as_str(),
                &format!("org:{}", known.name),
                Action::OpenUrl(url),
            )?;
            attr(
                &b,
                "aria-label",
                &t_with("popup_open_org", &[known.name.as_str()]),
            )?;
        }
    }
    let actions = ui.child(&box_, "div", "panel-actions")?;
    ui.button(
        &actions,
        if recent.is_empty() {
            "primary"
        } else {
            "secondary"
        },
        &t("popup_open_ado"),
        "open-ado",
        Action::OpenUrl("https://dev.azure.com/".to_owned()),
    )?;
    Ok(())
}

/// No preset applies to this organization: the options page makes one.
pub fn no_presets(ui: &Ui, parent: &Element, org: &OrgRef) -> Res<()> {
    let box_ = ui.child(parent, "section", "panel")?;
    attr(&box_, "aria-labelledby", "empty-title")?;
    let title = ui.text(
        &box_,
        "h2",
        "panel-title",
        &t_with("popup_no_presets_title", &[org.name.as_str()]),
    )?;
    title.set_id("empty-title");
    ui.text(&box_, "p", "panel-detail", &t("popup_no_presets_detail"))?;
    let actions = ui.child(&box_, "div", "panel-actions")?;
    let b = ui.button(
        &actions,
        "primary",
        &t("popup_open_options"),
        "empty-options",
        Action::OpenOptions,
    )?;
    attr(&b, "data-autofocus", "")?;
    Ok(())
}
