//! Control characters shown, never sent: a value from an export may hold a terminal escape sequence
//! (`ESC [ 2 J` clears the screen; others retitle the window or fake earlier output), a bell, a
//! backspace. Where kvu writes for people (the table, `validate`'s lines, messages on stderr) each
//! control character is written as Python writes it in a string: `\t`, `\n`, `\r`, and `\xNN` for the
//! others: C0 (`\x1b` is ESC), DEL (`\x7f`) and C1 (`\x9b`). A backslash stays as it is, so a value
//! that spells `\x1b` looks the same as one holding ESC: the point is that nothing reaches the terminal
//! as a command. CSV and JSON write values exactly (JSON escapes them as JSON does).

use std::borrow::Cow;
use std::fmt::Write as _;

/// The text with every control character escaped; borrowed when there is none (the usual case).
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => shown.push_str("\\t"),
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(shown, "\\x{:02x}", u32::from(c));
            }
            c => shown.push(c),
        }
    }
    Cow::Owned(shown)
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn control_characters_are_escaped_and_the_rest_is_kept() {
        assert_eq!(
            escape_controls("Avd 7B åäö \\ \"x\""),
            "Avd 7B åäö \\ \"x\""
        );
        assert_eq!(
            escape_controls("a\x1b[31mred\x07\x00\x7f\u{9b}\t\r\n"),
            "a\\x1b[31mred\\x07\\x00\\x7f\\x9b\\t\\r\\n"
        );
    }
}
