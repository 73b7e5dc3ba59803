//! Turning a file's bytes into UTF-8 text as they stream in, in fixed-size chunks:
//!
//! - UTF-8, with or without a byte-order mark;
//! - UTF-16 with a byte-order mark (Excel's "Unicode text"), converted with a warning;
//! - Windows-1252 (which covers Latin-1's printable characters) for files saved by older Excel:
//!   a file is taken as UTF-8 until its first non-ASCII character; if that is not valid UTF-8,
//!   the whole file is read as Windows-1252 with a warning (the ASCII before it reads the same
//!   in both). Invalid UTF-8 *after* valid non-ASCII UTF-8 is refused: the file mixes encodings.
//!
//! Refused with a clear error: a NUL byte (a binary file, or UTF-16 without a byte-order mark),
//! invalid UTF-16, bytes Windows-1252 leaves undefined. (Workbooks are told apart before this,
//! by their first bytes.)
//! Errors carry the line they were found on; they reach the CSV reader as an [`io::Error`]
//! wrapping a [`DecodeError`].

use std::fmt;
use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use crate::problem::code;

/// Size of the input and output buffers.
const CHUNK: usize = 64 * 1024;

/// Why the bytes cannot be read as text, and on which line.
#[derive(Debug)]
pub struct DecodeError {
    pub code: &'static str,
    pub line: u64,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}

enum Mode {
    /// Nothing read yet: look for a byte-order mark.
    Start,
    /// ASCII so far: the encoding is decided at the first non-ASCII byte.
    Undecided,
    Decoding(Decoder, &'static Encoding),
    Done,
}

/// A [`Read`] of UTF-8 text over a [`Read`] of bytes in any of the encodings above.
pub struct DecodeReader<R> {
    inner: R,
    mode: Mode,
    raw: Box<[u8]>,
    raw_start: usize,
    raw_end: usize,
    eof: bool,
    /// Offset in the input of `raw[raw_start]`.
    offset: u64,
    out: Box<[u8]>,
    out_start: usize,
    out_end: usize,
    /// Line of the next byte produced (1-based).
    line: u64,
    warning: Option<(Option<u64>, String)>,
    failed: bool,
}

impl<R: Read> DecodeReader<R> {
    pub fn new(inner: R) -> Self {
        DecodeReader {
            inner,
            mode: Mode::Start,
            raw: vec![0; CHUNK].into_boxed_slice(),
            raw_start: 0,
            raw_end: 0,
            eof: false,
            offset: 0,
            out: vec![0; CHUNK].into_boxed_slice(),
            out_start: 0,
            out_end: 0,
            line: 1,
            warning: None,
            failed: false,
        }
    }

    /// The warning to show when the text was converted from another encoding, with the line
    /// that decided it (none for a byte-order mark).
    pub fn warning(&self) -> Option<(Option<u64>, &str)> {
        self.warning.as_ref().map(|(line, w)| (*line, w.as_str()))
    }

    fn pending(&self) -> &[u8] {
        &self.raw[self.raw_start..self.raw_end]
    }

    fn consume(&mut self, n: usize) {
        self.raw_start += n;
        self.offset += n as u64;
    }

    /// Read more input after what is pending (moving the pending bytes to the front).
    fn fill(&mut self) -> io::Result<()> {
        if self.raw_start > 0 {
            self.raw.copy_within(self.raw_start..self.raw_end, 0);
            self.raw_end -= self.raw_start;
            self.raw_start = 0;
        }
        loop {
            match self.inner.read(&mut self.raw[self.raw_end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.raw_end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn error(&mut self, code: &'static str, line: u64, message: String) -> io::Error {
        self.failed = true;
        self.mode = Mode::Done;
        io::Error::new(io::ErrorKind::InvalidData, DecodeError { code, line, message })
    }

    /// Hand over `out[..n]` after checking it holds no NUL, and count its lines.
    fn emit(&mut self, n: usize) -> io::Result<()> {
        let text = &self.out[..n];
        if let Some(pos) = text.iter().position(|&b| b == 0) {
            let line = self.line + newlines(&text[..pos]);
            return Err(self.error(
                code::NOT_TEXT,
                line,
                format!(
                    "not a text file: NUL byte on line {line} (a binary file, or UTF-16 text without a byte-order mark?)"
                ),
            ));
        }
        self.line += newlines(text);
        self.out_start = 0;
        self.out_end = n;
        Ok(())
    }

    /// Produce the next chunk of text into `out`; leaves it empty at the end of the input.
    fn produce(&mut self) -> io::Result<()> {
        self.out_start = 0;
        self.out_end = 0;
        loop {
            match self.mode {
                Mode::Done => return Ok(()),
                Mode::Start => {
                    while self.pending().len() < 8 && !self.eof {
                        self.fill()?;
                    }
                    self.start()?;
                }
                Mode::Undecided => {
                    if self.pending().is_empty() {
                        if self.eof {
                            self.mode = Mode::Done;
                            return Ok(());
                        }
                        self.fill()?;
                        continue;
                    }
                    let pending = self.pending();
                    let ascii = pending.iter().position(|&b| b >= 0x80).unwrap_or(pending.len());
                    if ascii > 0 {
                        let n = ascii.min(self.out.len());
                        self.out[..n].copy_from_slice(&self.raw[self.raw_start..self.raw_start + n]);
                        self.consume(n);
                        return self.emit(n);
                    }
                    // The first non-ASCII byte decides.
                    let window = &pending[..pending.len().min(4)];
                    let utf8 = match std::str::from_utf8(window) {
                        Ok(_) => true,
                        Err(e) if e.valid_up_to() > 0 => true,
                        Err(e) if e.error_len().is_some() => false,
                        // A character cut by the end of the buffer: read on, unless the input ends.
                        Err(_) if !self.eof => {
                            self.fill()?;
                            continue;
                        }
                        Err(_) => false,
                    };
                    if utf8 {
                        self.mode = Mode::Decoding(UTF_8.new_decoder_without_bom_handling(), UTF_8);
                    } else {
                        self.warning = Some((
                            Some(self.line),
                            format!(
                                "not UTF-8 (byte 0x{:02X}); read as Windows-1252. Save it as \"CSV UTF-8\" to avoid this",
                                pending[0]
                            ),
                        ));
                        self.mode =
                            Mode::Decoding(WINDOWS_1252.new_decoder_without_bom_handling(), WINDOWS_1252);
                    }
                }
                Mode::Decoding(_, encoding) => {
                    let src = &self.raw[self.raw_start..self.raw_end];
                    if encoding == WINDOWS_1252 {
                        // Bytes Windows-1252 leaves undefined: not text in that encoding either.
                        if let Some(pos) =
                            src.iter().position(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
                        {
                            let line = self.line + newlines(&src[..pos]);
                            let byte = src[pos];
                            return Err(self.error(
                                code::NOT_TEXT,
                                line,
                                format!("not text: byte 0x{byte:02X} on line {line} is neither UTF-8 nor Windows-1252"),
                            ));
                        }
                    }
                    let (result, read, written) = match &mut self.mode {
                        Mode::Decoding(decoder, _) => decoder.decode_to_utf8_without_replacement(
                            &self.raw[self.raw_start..self.raw_end],
                            &mut self.out,
                            self.eof,
                        ),
                        _ => return Ok(()),
                    };
                    self.consume(read);
                    match result {
                        DecoderResult::Malformed(bad, after) => {
                            let at = self.offset - u64::from(after) - u64::from(bad);
                            let line = self.line + newlines(&self.out[..written]);
                            let message = if encoding == UTF_8 {
                                format!(
                                    "invalid UTF-8 on line {line} (byte offset {at}) after valid UTF-8 text earlier: the file mixes encodings. Save it as \"CSV UTF-8\""
                                )
                            } else {
                                format!("invalid {} text on line {line} (byte offset {at})", encoding.name())
                            };
                            let code = if encoding == UTF_8 { code::MIXED_ENCODING } else { code::NOT_TEXT };
                            return Err(self.error(code, line, message));
                        }
                        DecoderResult::InputEmpty if self.eof => self.mode = Mode::Done,
                        DecoderResult::InputEmpty if written == 0 => {
                            self.fill()?;
                            continue;
                        }
                        DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
                    }
                    if written > 0 {
                        return self.emit(written);
                    }
                }
            }
        }
    }

    /// Look at the first bytes for a byte-order mark.
    fn start(&mut self) -> io::Result<()> {
        let head = self.pending();
        let (bom, mode) = if head.starts_with(b"\xEF\xBB\xBF") {
            (3, Mode::Decoding(UTF_8.new_decoder_without_bom_handling(), UTF_8))
        } else if head.starts_with(b"\xFF\xFE") {
            (2, Mode::Decoding(UTF_16LE.new_decoder_without_bom_handling(), UTF_16LE))
        } else if head.starts_with(b"\xFE\xFF") {
            (2, Mode::Decoding(UTF_16BE.new_decoder_without_bom_handling(), UTF_16BE))
        } else {
            (0, Mode::Undecided)
        };
        if let Mode::Decoding(_, enc) = &mode {
            if *enc != UTF_8 {
                self.warning = Some((None, format!("read as {} (converted to UTF-8)", enc.name())));
            }
        }
        self.consume(bom);
        self.mode = mode;
        Ok(())
    }
}

fn newlines(text: &[u8]) -> u64 {
    text.iter().filter(|&&b| b == b'\n').count() as u64
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failed {
            return Ok(0);
        }
        if self.out_start == self.out_end {
            self.produce()?;
        }
        let n = buf.len().min(self.out_end - self.out_start);
        buf[..n].copy_from_slice(&self.out[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

/// The [`DecodeError`] inside an I/O error, if that is what it is.
pub fn decode_error(e: &io::Error) -> Option<&DecodeError> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<DecodeError>())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decode through a reader that hands over `step` bytes at a time, to cross every boundary.
    fn decode_in_steps(bytes: &[u8], step: usize) -> (io::Result<String>, Option<String>) {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = DecodeReader::new(Trickle(bytes, step));
        let mut out = Vec::new();
        let res = r.read_to_end(&mut out).map(|_| String::from_utf8(out).expect("UTF-8 out"));
        (res, r.warning().map(|(line, w)| format!("{line:?}: {w}")))
    }

    fn ok(bytes: &[u8]) -> (String, Option<String>) {
        let mut first = None;
        for step in [1, 2, 3, 7, 1 << 20] {
            let (res, warning) = decode_in_steps(bytes, step);
            let got = (res.expect("decodes"), warning);
            match &first {
                None => first = Some(got),
                Some(f) => assert_eq!(f, &got, "step {step}"),
            }
        }
        first.expect("decoded")
    }

    fn err(bytes: &[u8]) -> (&'static str, u64, String) {
        let (res, _) = decode_in_steps(bytes, 5);
        let e = res.expect_err("refused");
        let d = decode_error(&e).expect("a DecodeError");
        (d.code, d.line, d.message.clone())
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(ok(b"a,b\n1,2\n"), ("a,b\n1,2\n".into(), None));
        assert_eq!(ok("\u{feff}wilayah,é\n".as_bytes()), ("wilayah,é\n".into(), None));
        assert_eq!(ok("Kab. Tebo – 3\n".as_bytes()), ("Kab. Tebo – 3\n".into(), None));
        assert_eq!(ok(b""), (String::new(), None));
    }

    #[test]
    fn windows_1252_is_converted_with_a_warning() {
        let (text, warning) = ok(b"region,note\nKerinci,caf\xE9 \x96 ok\n");
        assert_eq!(text, "region,note\nKerinci,café – ok\n");
        let w = warning.expect("warning");
        assert!(w.starts_with("Some(2): not UTF-8 (byte 0xE9)") && w.contains("Windows-1252"), "{w}");
    }

    #[test]
    fn utf16_with_bom_is_converted_with_a_warning() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "wilayah\tindikator\nKab. Tebo\t1\n".encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        let (text, warning) = ok(&le);
        assert_eq!(text, "wilayah\tindikator\nKab. Tebo\t1\n");
        assert!(warning.expect("warning").contains("UTF-16LE"));
        assert_eq!(ok(&be).0, "wilayah\tindikator\nKab. Tebo\t1\n");
    }

    #[test]
    fn refusals_name_the_line() {
        let (code, line, msg) = err(b"a,b\n1,2\n3,\x004\n");
        assert_eq!((code, line), (code::NOT_TEXT, 3));
        assert!(msg.contains("NUL byte on line 3"), "{msg}");

        let (code, line, _) = err(b"a,\xC3\xA9\n1,2\n\xE9\n");
        assert_eq!((code, line), (code::MIXED_ENCODING, 3));

        let (code, line, _) = err(b"a\n\xE9\x81\n");
        assert_eq!((code, line), (code::NOT_TEXT, 2));

        // An unpaired surrogate in UTF-16.
        let (code, _, _) = err(&[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0]);
        assert_eq!(code, code::NOT_TEXT);
    }

    #[test]
    fn a_character_cut_at_the_end_is_windows_1252() {
        // A lone lead byte at the very end cannot be UTF-8.
        let (text, warning) = ok(b"a,b\n1,\xC3");
        assert_eq!(text, "a,b\n1,Ã");
        assert!(warning.is_some());
    }
}
