//! The C API piid needs over Rust's `regex` crate (bytes API).
//!
//! Unlike the classic librure API, the match loop runs here: one call scans a
//! whole chunk and fills a caller-owned array with (start, end, group)
//! triples, so the Go side pays one cgo transition per chunk, not per match.
//! A compiled regex holds reusable capture slots and is not safe for
//! concurrent use; piid compiles one per worker.

use regex::bytes::{CaptureLocations, Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::{ptr, slice};

pub const FLAG_CASEI: u32 = 1 << 0;
pub const FLAG_MULTI: u32 = 1 << 1;
pub const FLAG_DOTNL: u32 = 1 << 2;
pub const FLAG_SWAP_GREED: u32 = 1 << 3;
pub const FLAG_SPACE: u32 = 1 << 4;
pub const FLAG_UNICODE: u32 = 1 << 5;

// Sets exactly the flags given, and the size limits when not 0, on a
// RegexBuilder or a RegexSetBuilder (same methods, no common trait).
macro_rules! configure {
    ($b:expr, $flags:expr, $size_limit:expr, $dfa_size_limit:expr) => {{
        $b.case_insensitive($flags & FLAG_CASEI != 0)
            .multi_line($flags & FLAG_MULTI != 0)
            .dot_matches_new_line($flags & FLAG_DOTNL != 0)
            .swap_greed($flags & FLAG_SWAP_GREED != 0)
            .ignore_whitespace($flags & FLAG_SPACE != 0)
            .unicode($flags & FLAG_UNICODE != 0);
        if $size_limit > 0 {
            $b.size_limit($size_limit);
        }
        if $dfa_size_limit > 0 {
            $b.dfa_size_limit($dfa_size_limit);
        }
    }};
}

pub struct Rure {
    re: Regex,
    locs: CaptureLocations,
    // For a regex compiled from several patterns: each pattern anchored at
    // both ends, to tell which one a match of the alternation is.
    set: Option<RegexSet>,
    hits: Vec<bool>,
    // Capture group -> 1-based pattern index, for the capture fallback.
    group_pattern: Vec<usize>,
}

unsafe fn write_err(msg: &str, err: *mut u8, errcap: usize, errlen: *mut usize) {
    if err.is_null() || errcap == 0 {
        return;
    }
    let n = msg.len().min(errcap);
    ptr::copy_nonoverlapping(msg.as_ptr(), err, n);
    if !errlen.is_null() {
        *errlen = n;
    }
}

/// Reads `len` bytes at `pat` as the UTF-8 text of a pattern, or writes the
/// error and returns None.
unsafe fn pattern_str<'a>(pat: *const u8, len: usize, err: *mut u8, errcap: usize, errlen: *mut usize) -> Option<&'a str> {
    let bytes = if len == 0 { &[][..] } else { slice::from_raw_parts(pat, len) };
    match std::str::from_utf8(bytes) {
        Ok(p) => Some(p),
        Err(e) => {
            write_err(&format!("pattern is not UTF-8: {}", e), err, errcap, errlen);
            None
        }
    }
}

/// Compiles `pat` (UTF-8, `len` bytes) with the given flags. Only the flags
/// passed are set: without FLAG_UNICODE the regex is in ASCII mode (`\d`,
/// `\w`, `\b` are ASCII), which keeps regex on its fast DFA path over
/// non-ASCII text. Size limits of 0 keep the crate defaults. Returns null on
/// error and writes the message into `err`.
#[no_mangle]
pub unsafe extern "C" fn rure_compile(
    pat: *const u8,
    len: usize,
    flags: u32,
    size_limit: usize,
    dfa_size_limit: usize,
    err: *mut u8,
    errcap: usize,
    errlen: *mut usize,
) -> *mut Rure {
    let pat = match pattern_str(pat, len, err, errcap, errlen) {
        Some(p) => p,
        None => return ptr::null_mut(),
    };
    let mut b = RegexBuilder::new(pat);
    configure!(b, flags, size_limit, dfa_size_limit);
    match b.build() {
        Ok(re) => {
            let locs = re.capture_locations();
            Box::into_raw(Box::new(Rure { re, locs, set: None, hits: Vec::new(), group_pattern: Vec::new() }))
        }
        Err(e) => {
            write_err(&e.to_string(), err, errcap, errlen);
            ptr::null_mut()
        }
    }
}

/// Compiles `count` patterns, packed one after the other in `pats` with
/// `ends[i]` the end offset of pattern i, into one leftmost-first
/// alternation. rure_find_all with `groups` then reports as the group the
/// 1-based index of the pattern that matched: it is read by running the
/// patterns, anchored at both ends, as a set over the matched bytes alone,
/// which costs one short DFA pass instead of a capture search.
#[no_mangle]
pub unsafe extern "C" fn rure_compile_multi(
    pats: *const u8,
    ends: *const usize,
    count: usize,
    flags: u32,
    size_limit: usize,
    dfa_size_limit: usize,
    err: *mut u8,
    errcap: usize,
    errlen: *mut usize,
) -> *mut Rure {
    let total = if count == 0 { 0 } else { *ends.add(count - 1) };
    let all = match pattern_str(pats, total, err, errcap, errlen) {
        Some(p) => p,
        None => return ptr::null_mut(),
    };
    let mut list = Vec::with_capacity(count);
    let mut start = 0;
    for i in 0..count {
        let end = *ends.add(i);
        match all.get(start..end) {
            Some(p) => list.push(p),
            None => {
                write_err("pattern boundaries split a UTF-8 character or are out of order", err, errcap, errlen);
                return ptr::null_mut();
            }
        }
        start = end;
    }
    let alt: Vec<String> = list.iter().map(|p| format!("({})", p)).collect();
    let alt = alt.join("|");
    let re = rure_compile(alt.as_ptr(), alt.len(), flags, size_limit, dfa_size_limit, err, errcap, errlen);
    if re.is_null() {
        return re;
    }
    let anchored: Vec<String> = list.iter().map(|p| format!("^(?:{})$", p)).collect();
    let mut b = RegexSetBuilder::new(&anchored);
    configure!(b, flags, size_limit, dfa_size_limit);
    match b.build() {
        Ok(set) => {
            // Group numbers run in pattern order: pattern i's outer group is
            // followed by its own inner groups.
            let mut gp = vec![0usize];
            for (i, p) in list.iter().enumerate() {
                let inner = match RegexBuilder::new(p).unicode(flags & FLAG_UNICODE != 0).build() {
                    Ok(one) => one.captures_len() - 1,
                    Err(_) => 0,
                };
                for _ in 0..=inner {
                    gp.push(i + 1);
                }
            }
            (*re).group_pattern = gp;
            (*re).hits = vec![false; set.len()];
            (*re).set = Some(set);
            re
        }
        Err(e) => {
            rure_free(re);
            write_err(&e.to_string(), err, errcap, errlen);
            ptr::null_mut()
        }
    }
}

/// Frees a regex returned by rure_compile. Null is ignored.
#[no_mangle]
pub unsafe extern "C" fn rure_free(re: *mut Rure) {
    if !re.is_null() {
        drop(Box::from_raw(re));
    }
}

/// The number of capture groups, group 0 (the whole match) included.
#[no_mangle]
pub unsafe extern "C" fn rure_captures_len(re: *const Rure) -> usize {
    (*re).re.captures_len()
}

/// Scans `hay[start..len]` for successive non-overlapping leftmost-first
/// matches and writes up to `cap` triples (start, end, group) into `out`.
/// With `groups` set, `group` is the lowest-numbered capture group that took
/// part in the match (in an alternation of wrapped patterns: which pattern
/// matched); otherwise it is 0 and the cheaper find path is used. Returns the
/// number of triples written and stores in `*next` where to resume: when the
/// count equals `cap` there may be more, so call again from `*next`.
#[no_mangle]
pub unsafe extern "C" fn rure_find_all(
    re: *mut Rure,
    hay: *const u8,
    len: usize,
    start: usize,
    groups: bool,
    out: *mut usize,
    cap: usize,
    next: *mut usize,
) -> usize {
    let r = &mut *re;
    let hay = if len == 0 { &[][..] } else { slice::from_raw_parts(hay, len) };
    let out = if cap == 0 { &mut [][..] } else { slice::from_raw_parts_mut(out, cap * 3) };
    let mut pos = start.min(hay.len());
    let mut last_end: Option<usize> = None;
    let mut n = 0;
    while n < cap && pos <= hay.len() {
        let (s, e) = match r.re.find_at(hay, pos) {
            None => break,
            Some(m) => (m.start(), m.end()),
        };
        let mut g = 0;
        if groups && s < e {
            g = which(r, hay, s, e);
        }
        if s == e {
            // Step over empty matches, as regex's own iterators do.
            pos = e + 1;
            if last_end == Some(e) {
                continue;
            }
        } else {
            pos = e;
        }
        last_end = Some(e);
        out[n * 3] = s;
        out[n * 3 + 1] = e;
        out[n * 3 + 2] = g;
        n += 1;
    }
    if !next.is_null() {
        *next = pos.min(hay.len() + 1);
    }
    n
}

/// Which alternative matched hay[s..e]: the lowest-numbered pattern of the
/// set that matches exactly those bytes, or else (no set, or context at the
/// edges decided the match) the lowest capture group that took part in a
/// capture search over a window one byte wider on each side.
fn which(r: &mut Rure, hay: &[u8], s: usize, e: usize) -> usize {
    if let Some(set) = &r.set {
        for h in r.hits.iter_mut() {
            *h = false;
        }
        if set.read_matches_at(&mut r.hits, &hay[s..e], 0) {
            if let Some(i) = r.hits.iter().position(|&h| h) {
                return i + 1;
            }
        }
    }
    let ws = s.saturating_sub(1);
    let we = (e + 1).min(hay.len());
    if r.re.captures_read_at(&mut r.locs, &hay[ws..we], s - ws).is_some() {
        for i in 1..r.locs.len() {
            if r.locs.get(i).is_some() {
                return if r.group_pattern.is_empty() { i } else { r.group_pattern.get(i).copied().unwrap_or(0) };
            }
        }
    }
    0
}
