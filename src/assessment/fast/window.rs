//! The bytes of one part of a file, a window at a time: mapped from the page cache where the
//! file can be mapped (no copy into a buffer: the kernel's read() copies were a quarter of
//! parsing), read into a buffer in blocks where it cannot. Each window starts where the line
//! the parser could not finish starts, so a line that crosses a window's edge is whole in the
//! next window, as it was in the next block.
//!
//! Mapped pages count in the resident set while mapped: a part maps one window at a time and
//! unmaps it before mapping the next, so memory stays bounded by the window, not the file.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use memmap2::{Mmap, MmapOptions};

use super::{Fast, GiveUp, MAX_LINE, STRIDE};

/// Bytes a part reads at a time (mapping is off: see [`super::Parallel::split`]; where it is on,
/// windows of 4 to 64 MiB, `populate`, `MADV_SEQUENTIAL` or `MADV_HUGEPAGE` measured no better
/// than 8 MiB). Also the block size where a file cannot be mapped.
pub(super) const BLOCK: usize = 1 << 20;

/// The bytes of a part: [`Window::bytes`]`[..`[`Window::end`]`]` are the file's from
/// [`Window::base`] on, and [`STRIDE`] more bytes follow them (the file's or not: never to be
/// parsed, only there so that a stride can be loaded anywhere before the end).
pub(super) struct Window {
    file: File,
    /// The file's length when opened: the end of what is mapped.
    len: u64,
    /// The window when mapping, `None` when reading (or at the file's end).
    map: Option<Mmap>,
    /// What was read, or when mapping, the file's last bytes (copied: after them the scan needs
    /// [`STRIDE`] bytes the file does not have).
    buf: Vec<u8>,
    mapping: bool,
    /// Bytes mapped or read at a time; doubled for a line longer than that.
    size: usize,
    base: u64,
    end: usize,
    eof: bool,
    /// The window mapped reaches the end of the file.
    last: bool,
}

impl Window {
    /// The part of `path` from `begin` on, `size` bytes at a time (at least [`STRIDE`] + 1),
    /// mapped if `map` and the file can be mapped. Nothing is read yet: [`Window::refill`]
    /// reads the first window.
    pub fn open(path: &Path, begin: u64, size: usize, map: bool) -> Fast<Window> {
        let mut file = File::open(path).map_err(|_| GiveUp)?;
        let len = file.metadata().map_err(|_| GiveUp)?.len();
        let size = size.max(STRIDE + 1);
        let buf = match map {
            true => Vec::new(),
            false => {
                file.seek(SeekFrom::Start(begin)).map_err(|_| GiveUp)?;
                vec![0; size + STRIDE]
            }
        };
        Ok(Window {
            file,
            len,
            map: None,
            buf,
            mapping: map,
            size,
            base: begin,
            end: 0,
            eof: false,
            last: false,
        })
    }

    /// The bytes (see [`Window`]).
    #[inline]
    pub fn bytes(&self) -> &[u8] {
        match &self.map {
            Some(map) => map,
            None => &self.buf,
        }
    }

    /// Where the file's bytes in [`Window::bytes`] end.
    #[inline]
    pub fn end(&self) -> usize {
        self.end
    }

    /// The file offset of [`Window::bytes`]`[0]`.
    #[inline]
    pub fn base(&self) -> u64 {
        self.base
    }

    /// The bytes reach the end of the file.
    #[inline]
    pub fn eof(&self) -> bool {
        self.eof
    }

    /// Keep the bytes from `start` on (a line not finished) at the front, and put the next
    /// bytes of the file after them. Gives up on a line longer than [`MAX_LINE`].
    pub fn refill(&mut self, start: usize) -> Fast<()> {
        if self.mapping {
            self.next_window(start)
        } else {
            self.read_block(start)
        }
    }

    fn next_window(&mut self, start: usize) -> Fast<()> {
        let at = self.base + start as u64;
        if self.last {
            // The rest of the file, copied out of the last window with room after it.
            let map = self.map.take().ok_or(GiveUp)?;
            let rest = &map[start..];
            self.buf.clear();
            self.buf.extend_from_slice(rest);
            self.buf.resize(rest.len() + STRIDE, 0);
            (self.base, self.end, self.eof) = (at, rest.len(), true);
            return Ok(());
        }
        let keep = self.end - start;
        if keep >= MAX_LINE {
            return Err(GiveUp);
        }
        if start == 0 && self.end > 0 {
            // No line ends in this window: make room for a longer one.
            self.size *= 2;
        }
        // Unmapped before the next is mapped: one window of a part in memory at a time.
        self.map = None;
        let first = self.end == 0 && start == 0;
        let rest = self.len.saturating_sub(at);
        let len = rest.min(self.size as u64) as usize;
        self.last = len as u64 == rest;
        self.base = at;
        if len == 0 {
            (self.end, self.eof) = (0, true);
            self.buf.clear();
            self.buf.resize(STRIDE, 0);
            return Ok(());
        }
        // SAFETY: the bytes of a mapping change if another process writes the file while it
        // is mapped, and reading a page the file no longer has (it was truncated) raises
        // SIGBUS, which ends the process. This relies on the input not being changed while
        // spbe reads it, as ripgrep does by default: spbe only reads the mapped bytes as
        // plain u8 (every value is valid, every index bounds-checked), so changed bytes could
        // at worst read as another file would; a file truncated under us ends the run with
        // SIGBUS while reading, before any output is written (outputs come after reading, to
        // temporary files). The mapping is private and read-only, and lives no longer than
        // `self.map`, from which every borrow of it is taken.
        let map = unsafe { MmapOptions::new().offset(at).len(len).map(&self.file) };
        match map {
            Ok(map) => {
                // Not at the end, the STRIDE bytes after `end` are the file's next bytes, not
                // parsed here but in the next window; at the end they are copied (above).
                self.end = len.saturating_sub(STRIDE);
                self.map = Some(map);
                Ok(())
            }
            Err(_) if first => {
                // A file that cannot be mapped is read.
                self.mapping = false;
                self.size = self.size.min(BLOCK);
                self.file.seek(SeekFrom::Start(at)).map_err(|_| GiveUp)?;
                self.buf = vec![0; self.size + STRIDE];
                self.read_block(0)
            }
            Err(_) => Err(GiveUp),
        }
    }

    fn read_block(&mut self, start: usize) -> Fast<()> {
        self.buf.copy_within(start..self.end, 0);
        self.base += start as u64;
        self.end -= start;
        if self.end == self.size {
            if self.size >= MAX_LINE {
                return Err(GiveUp);
            }
            self.size *= 2;
            self.buf.resize(self.size + STRIDE, 0);
        }
        let n = self.file.read(&mut self.buf[self.end..self.size]).map_err(|_| GiveUp)?;
        if n == 0 {
            self.eof = true;
        }
        self.end += n;
        Ok(())
    }
}
