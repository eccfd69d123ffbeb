//! English: every sentence a person reads in `--lang en`.

use super::{CommandWords, SiteWords};

/// English.
pub struct En;

// ---------------------------------------------------------------------------------------------------
// The commands' words.
// ---------------------------------------------------------------------------------------------------

impl CommandWords for En {
    fn language(&self) -> &'static str {
        "English"
    }
}

// ---------------------------------------------------------------------------------------------------
// The site's words.
// ---------------------------------------------------------------------------------------------------

impl SiteWords for En {
    fn html_lang(&self) -> &'static str {
        "en"
    }
}
