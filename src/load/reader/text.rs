//! What the bytes of a block are, looked at once per block so that rows need not be: whether the block
//! has valid non-ASCII UTF-8 and bytes that are not UTF-8 (each with the first line it is on), and
//! whether it has a control character other than tab, CR and LF.
//!
//! A file is one encoding (`--encoding auto`): UTF-8 if every block is, else Windows-1252, with a
//! warning; valid non-ASCII UTF-8 in one place and bytes that are not UTF-8 in another is an error
//! ([`Mixed`]). Each block can be decoded on its own by what it has: a block without non-UTF-8 bytes as
//! UTF-8, one with them as Windows-1252. Where a file has no mix, this is the file's one encoding (a
//! block of ASCII reads the same either way); where it has one, the file is an error anyway.

/// What one block has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlockText {
    /// The first line with valid non-ASCII UTF-8.
    pub utf8: Option<u64>,
    /// The first line with bytes that are not UTF-8 (so Windows-1252).
    pub latin: Option<u64>,
    /// Whether some byte is a control character (C0 but tab, CR and LF; DEL): then fields that must
    /// not have one are looked at.
    pub controls: bool,
}

/// Whether a byte is a control character no id, code, role, level or unit may hold; a tab may, unless
/// it is the separator (inside quotes, then).
pub fn is_control(b: u8, delimiter: u8) -> bool {
    (b < 0x20 && (b != b'\t' || delimiter == b'\t')) || b == 0x7F
}

/// Looks at a block that starts on `line`; `encoding` says whether to look for the encoding too.
pub fn classify(block: &[u8], line: u64, encoding: bool) -> BlockText {
    // In chunks without early exits, so that the compiler can look at many bytes at a time.
    let controls = block.chunks(64).any(|chunk| {
        chunk.iter().fold(false, |seen, &b| {
            seen | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7F)
        })
    });
    let mut text = BlockText {
        controls,
        ..BlockText::default()
    };
    if !encoding || block.is_ascii() {
        return text;
    }
    let line_of = |at: usize| line + memchr::memchr_iter(b'\n', &block[..at]).count() as u64;
    if simdutf8::basic::from_utf8(block).is_ok() {
        let chunk = block.chunks(64).position(|c| !c.is_ascii()).unwrap_or(0);
        let at = chunk * 64
            + block[chunk * 64..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(0);
        text.utf8 = Some(line_of(at));
        return text;
    }
    let mut at = 0;
    for chunk in block.utf8_chunks() {
        let valid = chunk.valid().as_bytes();
        if text.utf8.is_none()
            && let Some(i) = valid.iter().position(|b| !b.is_ascii())
        {
            text.utf8 = Some(line_of(at + i));
        }
        at += valid.len();
        if text.latin.is_none() && !chunk.invalid().is_empty() {
            text.latin = Some(line_of(at));
        }
        at += chunk.invalid().len();
        if text.utf8.is_some() && text.latin.is_some() {
            break;
        }
    }
    text
}

/// What the blocks so far have: the first line of each kind. Both is an error.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileText {
    pub utf8: Option<u64>,
    pub latin: Option<u64>,
}

impl FileText {
    /// Takes in the next block (in file order); a mix of UTF-8 and Windows-1252 is the error.
    pub fn add(&mut self, block: BlockText) -> Result<(), Mixed> {
        self.utf8 = self.utf8.or(block.utf8);
        self.latin = self.latin.or(block.latin);
        match (self.utf8, self.latin) {
            (Some(utf8), Some(latin)) => Err(Mixed { utf8, latin }),
            _ => Ok(()),
        }
    }
}

/// A file with both valid non-ASCII UTF-8 and bytes that are not UTF-8, on these lines.
#[derive(Debug)]
pub struct Mixed {
    pub utf8: u64,
    pub latin: u64,
}

impl std::fmt::Display for Mixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "mixes UTF-8 (line {}) and Windows-1252 (line {}); expected one encoding",
            self.utf8, self.latin
        )
    }
}

impl std::error::Error for Mixed {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_says_where_its_utf8_and_windows_1252_begin() {
        let none = BlockText::default();
        assert_eq!(classify(b"a,b\n1,2\n", 1, true), none);
        let utf8 = classify("a,b\n1,2\n3,Åsa\n4,Öberg".as_bytes(), 10, true);
        assert_eq!((utf8.utf8, utf8.latin), (Some(12), None));
        let latin = classify(b"a,b\n\xC5sa,1\n\xD6berg,2\n", 1, true);
        assert_eq!((latin.utf8, latin.latin), (None, Some(2)));
        let both = classify(b"a\n\xC3\x85\nb\n\xD6\n", 1, true);
        assert_eq!((both.utf8, both.latin), (Some(2), Some(4)));
        let both = classify(b"a\n\xD6\nb\n\xC3\x85\n", 1, true);
        assert_eq!((both.utf8, both.latin), (Some(4), Some(2)));
        // Not looked for when the encoding is set.
        assert_eq!(classify(b"\xC5sa", 1, false), none);
        let mut file = FileText::default();
        assert!(file.add(utf8).is_ok());
        let mixed = file.add(latin).unwrap_err();
        assert_eq!(
            mixed.to_string(),
            "mixes UTF-8 (line 12) and Windows-1252 (line 2); expected one encoding"
        );
    }

    #[test]
    fn control_characters_are_found_but_tab_cr_and_lf() {
        assert!(!classify(b"a\tb\r\nc,d\n", 1, true).controls);
        for bad in [b"a\x00b".as_slice(), b"\x1F", b"x\x7F", b"\x0C"] {
            assert!(classify(&[&[b'a'; 100][..], bad].concat(), 1, true).controls);
        }
        assert!(is_control(b'\t', b'\t') && !is_control(b'\t', b','));
        assert!(is_control(0, b',') && is_control(0x7F, b',') && !is_control(b' ', b','));
    }
}
