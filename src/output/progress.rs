//! A progress bar on standard error for long runs (`kvu site`, a big `--split`): only when standard
//! error is a terminal and `--quiet` is not given, so that a cron job's mail and a log stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar counting `len` steps of `what` (`pages`, `files`), hidden unless a person watches.
pub fn bar(len: usize, quiet: bool, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
    let template = format!("{{bar:40}} {{pos}}/{{len}} {what} ({{elapsed}}, {{eta}} left)");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("█▌ "));
    }
    bar
}
