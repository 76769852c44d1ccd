//! The toolbar popup: from the Azure DevOps tab to a token in the clipboard in two clicks.
//!
//! A model and a thin painter. On the host: [`model`] (what the popup knows: where it was
//! opened, the one screen in front), [`update`] (what each event does, and the effects it
//! asks for), [`view`] (what is shown, as typed words and controls), [`problem`] (a failure
//! sorted by its next step) and [`answer`] (the engine's answers it can get, read alone). In the browser only: `paint` draws a view from `popup.html`'s
//! templates, `run` is the entry point, turns events into messages and does the effects.
//!
//! The popup paints its presets from one read of `storage.sync`, before the worker answers;
//! then it asks the worker `Hello` (who is signed in) and `TakePendingSecret` (a token created
//! while no popup was open). Everything else goes through the protocol: the popup never
//! fetches, and every visible word comes from `_locales` or `Intl`.

pub mod answer;
pub mod export;
pub mod model;
pub mod problem;
pub mod update;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod paint;
#[cfg(target_arch = "wasm32")]
mod run;
