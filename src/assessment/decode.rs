//! Turning a file's bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
//! "Unicode text"), and Windows-1252 for files saved by older Excel in Indonesian Windows.

use std::borrow::Cow;

pub enum Decoded<'a> {
    Text { text: Cow<'a, str>, warning: Option<String> },
    NotText(String),
}

pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_or_legacy(rest);
    }
    for (bom, enc) in [(&b"\xFF\xFE"[..], encoding_rs::UTF_16LE), (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                return Decoded::NotText(format!("invalid {} text", enc.name()));
            }
            return Decoded::Text {
                text,
                warning: Some(format!("read as {} (converted to UTF-8)", enc.name())),
            };
        }
    }
    utf8_or_legacy(bytes)
}

fn utf8_or_legacy(bytes: &[u8]) -> Decoded<'_> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Decoded::NotText(format!(
            "not a text file: NUL byte at offset {pos} (a binary file, or UTF-16 without a byte-order mark?)"
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded::Text { text: Cow::Borrowed(s), warning: None },
        Err(e) => {
            // Legacy Excel saves in the Windows code page: accept it, but say so.
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
                return Decoded::NotText(format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.valid_up_to()
                ));
            }
            Decoded::Text {
                text,
                warning: Some(format!(
                    "not UTF-8 (invalid byte at offset {}); read as Windows-1252. Save as \"CSV UTF-8\" to avoid this",
                    e.valid_up_to()
                )),
            }
        }
    }
}
