//! What the commands' output says to people: headings, the lines under a table, state names, how
//! late a gap is. Each language implements [`CommandWords`] in its own file (`en.rs`, `sv.rs`).

/// The commands' words in one language.
pub trait CommandWords: Sync {
    /// The language's name in its own words, for the xlsx `kvu` sheet and the html `lang` attribute.
    fn language(&self) -> &'static str;
}
