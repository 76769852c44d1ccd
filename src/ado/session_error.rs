//! The public API's `SessionTokenError` values (`PatTokenResult.patTokenError`) as
//! [`AdoError`]s.
//!
//! The spec gives every value an empty description, so the classes below come from the
//! values' names and Microsoft's policy documentation (docs/azure-devops.md §7.3, §10). Values that name a
//! policy or a field the person chose get their own variant; the rest become
//! [`AdoError::Refused`] with the code verbatim, so nothing is lost. Values are compared
//! ignoring ASCII case (a decompiled client uses PascalCase for other enums).

use super::error::{AdoError, PolicyKind};

/// The answer to a `patTokenError` value: `None` for `none` (success).
pub(crate) fn map(code: &str, server_message: Option<String>) -> Option<AdoError> {
    let policy = |policy| AdoError::Policy {
        policy,
        server_message: server_message.clone(),
    };
    let refused = || AdoError::Refused {
        code: Some(code.to_owned()),
        message: server_message.clone(),
    };
    let error = match code.to_ascii_lowercase().as_str() {
        "none" => return None,
        // The person's choices.
        "displaynamerequired" | "invaliddisplayname" => AdoError::InvalidName,
        "invalidvalidto" => AdoError::InvalidExpiry,
        "invalidscope" => AdoError::InvalidScope,
        // Policies (docs/azure-devops.md §10).
        "patlifespanpolicyviolation" => policy(PolicyKind::Lifespan),
        "fullscopepatpolicyviolation" => policy(PolicyKind::FullScope),
        "globalpatpolicyviolation" => policy(PolicyKind::Global),
        "globalpatcreationblocked" => policy(PolicyKind::GlobalCreationBlocked),
        "disablepatcreationpolicyviolation" => policy(PolicyKind::CreationRestricted),
        "failedtoreadtenantpolicy" | "failedtoreadorgpolicy" => policy(PolicyKind::Unreadable),
        // The token asked for does not exist (or is not this person's).
        "authorizationnotfound"
        | "hostauthorizationnotfound"
        | "tokennotfound"
        | "invalidauthorizationid" => AdoError::NotFound,
        "expiredpatcannotbeextended" => AdoError::ExpiredCannotExtend,
        "accessdenied" => AdoError::Forbidden,
        // About the caller, its client or its credential (a session bearer the API does not
        // take, a user type that cannot own PATs), or service-side failures: nothing the
        // person can fix here, so the code is kept for the report.
        "useridrequired"
        | "invaliduserid"
        | "invalidusertype"
        | "invalidclient"
        | "invalidclienttype"
        | "invalidclientid"
        | "invalidtokentype"
        | "invalidaudience"
        | "invalidsubject"
        | "invalidtoken"
        | "invalidtargetaccounts"
        | "sourcenotsupported"
        | "invalidsourceip"
        | "invalidsource"
        | "deploymenthostnotsupported"
        | "sshpolicydisabled"
        | "duplicatehash"
        | "failedtoissueaccesstoken"
        | "failedtoupdateaccesstoken" => refused(),
        // A value newer than this client: still a refusal, with its code.
        _ => refused(),
    };
    Some(error)
}

/// Every value this module maps on purpose (the tests check the spec's enum against it, so a
/// value added to the spec fails a test until it is classified).
#[cfg(test)]
const KNOWN: &[&str] = &[
    "none",
    "displayNameRequired",
    "invalidDisplayName",
    "invalidValidTo",
    "invalidScope",
    "userIdRequired",
    "invalidUserId",
    "invalidUserType",
    "accessDenied",
    "failedToIssueAccessToken",
    "invalidClient",
    "invalidClientType",
    "invalidClientId",
    "invalidTargetAccounts",
    "hostAuthorizationNotFound",
    "authorizationNotFound",
    "failedToUpdateAccessToken",
    "sourceNotSupported",
    "invalidSourceIP",
    "invalidSource",
    "duplicateHash",
    "sshPolicyDisabled",
    "invalidToken",
    "tokenNotFound",
    "invalidAuthorizationId",
    "failedToReadTenantPolicy",
    "globalPatPolicyViolation",
    "fullScopePatPolicyViolation",
    "patLifespanPolicyViolation",
    "invalidTokenType",
    "invalidAudience",
    "invalidSubject",
    "deploymentHostNotSupported",
    "disablePatCreationPolicyViolation",
    "failedToReadOrgPolicy",
    "globalPATCreationBlocked",
    "expiredPatCannotBeExtended",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ado::error::AdoErrorKind as K;

    /// The `SessionTokenError` enum of a spec file in `tests/fixtures/azure-devops/spec/`.
    fn spec_values(version: &str) -> Vec<String> {
        let path = format!(
            "{}/tests/fixtures/azure-devops/spec/{version}/tokens.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("fixture spec");
        let spec: serde_json::Value =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("spec is JSON");
        spec["definitions"]["PatTokenResult"]["properties"]["patTokenError"]["enum"]
            .as_array()
            .expect("patTokenError enum")
            .iter()
            .map(|v| v.as_str().expect("enum values are strings").to_owned())
            .collect()
    }

    #[test]
    fn the_specs_enums_have_33_and_37_values() {
        assert_eq!(spec_values("7.1").len(), 33);
        assert_eq!(spec_values("7.2").len(), 37);
    }

    #[test]
    fn every_session_token_error_of_both_specs_is_mapped_on_purpose() {
        for version in ["7.1", "7.2"] {
            for value in spec_values(version) {
                assert!(
                    KNOWN.contains(&value.as_str()),
                    "{version}: {value} has no deliberate mapping"
                );
                let mapped = map(&value, None);
                assert_eq!(mapped.is_none(), value == "none", "{value}");
                if let Some(error) = mapped {
                    // Every refusal proves nothing was written: the server answered.
                    assert!(error.proves_nothing_written(), "{value}");
                }
            }
        }
        assert_eq!(KNOWN.len(), 37);
    }

    #[test]
    fn each_session_token_error_maps_to_its_kind() {
        let table: &[(&str, K)] = &[
            ("displayNameRequired", K::InvalidName),
            ("invalidDisplayName", K::InvalidName),
            ("invalidValidTo", K::InvalidExpiry),
            ("invalidScope", K::InvalidScope),
            ("userIdRequired", K::Refused),
            ("invalidUserId", K::Refused),
            ("invalidUserType", K::Refused),
            ("accessDenied", K::Forbidden),
            ("failedToIssueAccessToken", K::Refused),
            ("invalidClient", K::Refused),
            ("invalidClientType", K::Refused),
            ("invalidClientId", K::Refused),
            ("invalidTargetAccounts", K::Refused),
            ("hostAuthorizationNotFound", K::NotFound),
            ("authorizationNotFound", K::NotFound),
            ("failedToUpdateAccessToken", K::Refused),
            ("sourceNotSupported", K::Refused),
            ("invalidSourceIP", K::Refused),
            ("invalidSource", K::Refused),
            ("duplicateHash", K::Refused),
            ("sshPolicyDisabled", K::Refused),
            ("invalidToken", K::Refused),
            ("tokenNotFound", K::NotFound),
            ("invalidAuthorizationId", K::NotFound),
            ("failedToReadTenantPolicy", K::PolicyUnreadable),
            ("globalPatPolicyViolation", K::PolicyGlobal),
            ("fullScopePatPolicyViolation", K::PolicyFullScope),
            ("patLifespanPolicyViolation", K::PolicyLifespan),
            ("invalidTokenType", K::Refused),
            ("invalidAudience", K::Refused),
            ("invalidSubject", K::Refused),
            ("deploymentHostNotSupported", K::Refused),
            (
                "disablePatCreationPolicyViolation",
                K::PolicyCreationRestricted,
            ),
            ("failedToReadOrgPolicy", K::PolicyUnreadable),
            ("globalPATCreationBlocked", K::PolicyGlobalCreationBlocked),
            ("expiredPatCannotBeExtended", K::ExpiredCannotExtend),
        ];
        assert_eq!(table.len(), 36, "all values but none");
        for (code, kind) in table {
            assert_eq!(map(code, None).map(|e| e.kind()), Some(*kind), "{code}");
        }
    }

    #[test]
    fn refusals_keep_their_code_and_the_servers_message() {
        let error = map("invalidSourceIP", Some("not from here".into()));
        assert_eq!(
            error,
            Some(AdoError::Refused {
                code: Some("invalidSourceIP".into()),
                message: Some("not from here".into()),
            })
        );
    }

    #[test]
    fn an_unknown_future_value_is_a_refusal_with_its_code() {
        let error = map("somethingNew", None);
        assert_eq!(error.as_ref().map(AdoError::kind), Some(K::Refused));
    }

    #[test]
    fn values_match_whatever_their_case() {
        assert_eq!(
            map("GlobalPatCreationBlocked", None).map(|e| e.kind()),
            Some(K::PolicyGlobalCreationBlocked)
        );
        assert_eq!(map("None", None), None);
    }
}
