//! The zip archive of an .xlsx, .xlsb or .ods, checked before calamine reads it (calamine trusts what
//! an archive declares and stops reading a part where its XML ends, so it never sees a bad checksum):
//!
//! - every part is read to its end, so its checksum is verified (a stored part with one id changed
//!   is an error, not a different id);
//! - all parts together may inflate to [`limit`] bytes at most, counted as they inflate (a part's
//!   declared size is checked first, and zip checks the actual bytes against it);
//! - `uniqueCount` of the shared strings (calamine reserves that many strings at once) can be no
//!   more than the part's bytes could hold, one `<si/>` of 5 bytes per string.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::Bounds;

/// The least every workbook may inflate to, and how many times its own size a larger one may.
///
/// Deflate inflates at most about 1,030 times; real workbooks inflate 5 to 15 times (the sheet of a
/// 60,000-row staff workbook 6.6 times), so 50 times leaves room for very repetitive sheets while a
/// bomb (hundreds of times) stops after a few seconds of reading. 64 MiB lets small files hold a
/// sheet of any reasonable size whatever their ratio.
const MIN_INFLATED: u64 = 64 << 20;
const RATIO: u64 = 50;

/// The most bytes the parts of a zip workbook of `file` bytes may inflate to, all together.
pub(super) fn limit(file: u64) -> u64 {
    MIN_INFLATED.max(RATIO.saturating_mul(file))
}

/// How many bytes of the shared strings are looked at for their `uniqueCount`.
const HEAD: usize = 4096;

/// Checks a zip workbook's parts (see the module's documentation). An archive zip cannot open is
/// left to calamine, which says what is wrong with it.
pub(super) fn check(bytes: &[u8], bounds: &Bounds) -> Result<(), String> {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let too_big = |name: &str| {
        format!(
            "the zip part `{name}` inflates past {} bytes, the most a workbook of {} bytes may hold (64 MiB or {RATIO} times its size), expected a workbook as a spreadsheet program writes it",
            bounds.inflated, bounds.file
        )
    };
    let mut budget = bounds.inflated;
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        // A part zip cannot read (encrypted, an unknown method) is calamine's to report if it needs it.
        let Ok(mut part) = zip.by_index(i) else {
            continue;
        };
        let name = part
            .name()
            .map_or_else(|_| format!("#{i}"), |n| n.to_string());
        if part.size() > budget {
            return Err(too_big(&name));
        }
        let shared = name.to_ascii_lowercase().ends_with("sharedstrings.xml");
        let mut head = Vec::new();
        let mut read = 0u64;
        loop {
            let n = part.read(&mut buf).map_err(|e| {
                format!(
                    "the zip part `{name}` is damaged ({e}), expected a workbook whose parts are as they were written (a checksum that does not match means the bytes were changed)"
                )
            })?;
            if n == 0 {
                break;
            }
            read += n as u64;
            if read > budget {
                return Err(too_big(&name));
            }
            if shared && head.len() < HEAD {
                head.extend_from_slice(&buf[..n.min(HEAD - head.len())]);
            }
        }
        budget -= read;
        if shared {
            check_unique_count(&head, read, &name)?;
        }
    }
    Ok(())
}

/// The shared strings' `uniqueCount` against what their `size` bytes can hold.
fn check_unique_count(head: &[u8], size: u64, name: &str) -> Result<(), String> {
    let Some(count) = unique_count(head) else {
        return Ok(());
    };
    let digits = count.strip_prefix('+').unwrap_or(count);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        // calamine reserves nothing for a count it cannot read.
        return Ok(());
    }
    let most = size / 5;
    let claimed = digits.trim_start_matches('0');
    let more = claimed.len() > 19 || claimed.parse::<u64>().is_ok_and(|n| n > most);
    if more {
        return Err(format!(
            "the zip part `{name}` claims uniqueCount=\"{count}\" strings, more than its {size} bytes can hold (at most {most}), expected the number of strings it holds"
        ));
    }
    Ok(())
}

/// The `uniqueCount` attribute of the first `sst` element, as written.
fn unique_count(head: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(head).unwrap_or_else(|e| {
        // The head may end inside a character.
        std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
    });
    let mut rest = text;
    let tag = loop {
        let at = rest.find('<')?;
        rest = &rest[at + 1..];
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let local = rest[..name_end].rsplit(':').next().unwrap_or_default();
        if local == "sst" {
            break &rest[name_end..rest.find('>').unwrap_or(rest.len())];
        }
    };
    let at = tag.find("uniqueCount")?;
    let value = tag[at + "uniqueCount".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let value = value.trim_start();
    let quote = value.chars().next().filter(|&q| q == '"' || q == '\'')?;
    let value = &value[1..];
    Some(&value[..value.find(quote)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_strings_count_is_read_from_the_sst_element() {
        let xml = br#"<?xml version="1.0"?><x:sst xmlns:x="s" count="3" uniqueCount = '2'><x:si>"#;
        assert_eq!(unique_count(xml), Some("2"));
        assert_eq!(unique_count(b"<sst count=\"3\">"), None);
        assert!(check_unique_count(b"<sst uniqueCount=\"4294967295\">", 200, "s").is_err());
        assert!(
            check_unique_count(b"<sst uniqueCount=\"18446744073709551616\">", 200, "s").is_err()
        );
        assert!(check_unique_count(b"<sst uniqueCount=\"40\">", 200, "s").is_ok());
        assert!(check_unique_count(b"<sst uniqueCount=\"-1\">", 200, "s").is_ok());
    }
}
