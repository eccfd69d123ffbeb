//! What the pages of `kvu site` say to people. Each language implements [`SiteWords`] in its own
//! file (`en.rs`, `sv.rs`).

/// The site's words in one language.
pub trait SiteWords: Sync {
    /// The html `lang` attribute of every page.
    fn html_lang(&self) -> &'static str;
}
