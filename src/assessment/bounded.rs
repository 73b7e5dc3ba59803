//! A bound on the length of one record, so a hostile or broken file (a 100 MB field, a quote
//! left open at the top of a long file) cannot make the CSV reader buffer the whole file.
//! Memory then stays bounded by the number of regions, not by the size of the input.

use std::fmt;
use std::io::{self, Read};

/// The longest record (header or row) read: far beyond any real assessment row.
pub const MAX_RECORD_BYTES: u64 = 8 * 1024 * 1024;

/// The error a [`Bounded`] reader gives when a record runs past [`MAX_RECORD_BYTES`].
#[derive(Debug)]
pub struct RecordTooLong;

impl fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a record longer than {} MiB", MAX_RECORD_BYTES / (1024 * 1024))
    }
}

impl std::error::Error for RecordTooLong {}

/// Hands over at most [`MAX_RECORD_BYTES`] past the end of the last whole record, which the
/// reader reports with [`Bounded::record_ended_at`] (the CSV reader's byte position).
pub struct Bounded<R> {
    inner: R,
    delivered: u64,
    limit: u64,
    /// Line breaks (`\r`, `\n`) handed over but not yet counted, with their offsets.
    breaks: std::collections::VecDeque<(u64, u8)>,
    /// `\n` bytes before the first entry of `breaks`.
    newlines: u64,
}

impl<R: Read> Bounded<R> {
    pub fn new(inner: R) -> Self {
        Bounded {
            inner,
            delivered: 0,
            limit: MAX_RECORD_BYTES,
            breaks: std::collections::VecDeque::new(),
            newlines: 0,
        }
    }

    /// The 1-based line of a record starting at byte `start` (the CSV reader's record position;
    /// calls must come in file order). The csv crate's own line numbers are one short after a
    /// CRLF or a blank line (BurntSushi/rust-csv#208), as its start position may point at the
    /// line break before the record: breaks right at the start are counted too.
    pub fn line_at(&mut self, start: u64) -> usize {
        while let Some(&(at, b)) = self.breaks.front() {
            if at >= start {
                break;
            }
            self.newlines += u64::from(b == b'\n');
            self.breaks.pop_front();
        }
        let mut line = self.newlines;
        for (next, &(at, b)) in (start..).zip(self.breaks.iter()) {
            if at != next {
                break;
            }
            line += u64::from(b == b'\n');
        }
        usize::try_from(line + 1).unwrap_or(usize::MAX)
    }

    pub fn record_ended_at(&mut self, byte: u64) {
        self.limit = byte.saturating_add(MAX_RECORD_BYTES);
    }

    pub fn get_ref(&self) -> &R {
        &self.inner
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let room = self.limit.saturating_sub(self.delivered);
        if room == 0 {
            // At the limit: fine if the input ends here, else the record is too long.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(io::ErrorKind::InvalidData, RecordTooLong)),
            };
        }
        let max = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..max])?;
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                self.breaks.push_back((self.delivered + i as u64, b));
            }
        }
        self.delivered += n as u64;
        Ok(n)
    }
}

/// True when an I/O error is a [`RecordTooLong`].
pub fn is_too_long(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_lf_crlf_and_blank_lines() {
        // Records start at bytes 0, 3 and 8 ("a\r\nb\n\n\nc"); a start may point at a break.
        let data = b"a\r\nb\n\n\nc\n";
        let mut r = Bounded::new(&data[..]);
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(r.line_at(0), 1);
        assert_eq!(r.line_at(2), 2); // at the \n of "\r\n"
        assert_eq!(r.line_at(6), 5); // at the blank lines before "c"
    }

    #[test]
    fn stops_a_record_at_the_limit_and_moves_with_each_record() {
        let data = vec![b'x'; (MAX_RECORD_BYTES + 10) as usize];
        let mut r = Bounded::new(&data[..]);
        let mut out = Vec::new();
        let e = r.read_to_end(&mut out).expect_err("too long");
        assert!(is_too_long(&e));
        assert_eq!(out.len() as u64, MAX_RECORD_BYTES);

        let mut r = Bounded::new(&data[..]);
        r.record_ended_at(10);
        let mut out = Vec::new();
        r.read_to_end(&mut out).expect("within the limit");
        assert_eq!(out.len(), data.len());
    }
}
