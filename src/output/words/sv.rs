//! Swedish: every sentence a person reads in `--lang sv`.

use super::{CommandWords, SiteWords};

/// Swedish.
pub struct Sv;

// ---------------------------------------------------------------------------------------------------
// The commands' words.
// ---------------------------------------------------------------------------------------------------

impl CommandWords for Sv {
    fn language(&self) -> &'static str {
        "svenska"
    }
}

// ---------------------------------------------------------------------------------------------------
// The site's words.
// ---------------------------------------------------------------------------------------------------

impl SiteWords for Sv {
    fn html_lang(&self) -> &'static str {
        "sv"
    }
}
