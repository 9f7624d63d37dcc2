//! The C API piid needs over Rust's `regex` crate (bytes API).
//!
//! Unlike the classic librure API, the match loop runs here: one call scans a
//! whole chunk and fills a caller-owned array with (start, end, group)
//! triples, so the Go side pays one cgo transition per chunk, not per match.
//! A compiled regex holds reusable capture slots and is not safe for
//! concurrent use; piid compiles one per worker.

use regex::bytes::{CaptureLocations, Regex, RegexBuilder};
use regex_syntax::hir::{Class, Hir, HirKind, Literal, RepetitionKind, RepetitionRange};
use regex_syntax::ParserBuilder;
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
    // both ends, with its shape, to tell which one a match of the
    // alternation is.
    alts: Vec<Alt>,
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
            Box::into_raw(Box::new(Rure { re, locs, alts: Vec::new(), group_pattern: Vec::new() }))
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
    let mut alts = Vec::with_capacity(count);
    for p in &list {
        let anchored = format!("^(?:{})$", p);
        let mut b = RegexBuilder::new(&anchored);
        configure!(b, flags, size_limit, dfa_size_limit);
        match b.build() {
            Ok(re) => alts.push(Alt { re, shape: shape_of(p, flags) }),
            Err(e) => {
                rure_free(re);
                write_err(&e.to_string(), err, errcap, errlen);
                return ptr::null_mut();
            }
        }
    }
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
    (*re).alts = alts;
    re
}

/// One pattern of a multi-pattern regex: anchored at both ends, and what
/// any match of it looks like, so that most patterns are ruled out of a
/// match without running them.
struct Alt {
    re: Regex,
    shape: Shape,
}

/// The bytes a match can start and end with, and its length bounds (max
/// None: unbounded). Over-approximated where exactness would cost: it
/// only ever rules a pattern out, never in.
#[derive(Clone)]
struct Shape {
    first: [bool; 256],
    last: [bool; 256],
    min: usize,
    max: Option<usize>,
}

impl Shape {
    fn empty() -> Shape {
        Shape { first: [false; 256], last: [false; 256], min: 0, max: Some(0) }
    }
    fn any() -> Shape {
        Shape { first: [true; 256], last: [true; 256], min: 0, max: None }
    }
    fn byte(b: u8) -> Shape {
        let mut s = Shape::empty();
        s.first[b as usize] = true;
        s.last[b as usize] = true;
        s.min = 1;
        s.max = Some(1);
        s
    }
    fn admits(&self, m: &[u8]) -> bool {
        !m.is_empty()
            && self.first[m[0] as usize]
            && self.last[m[m.len() - 1] as usize]
            && m.len() >= self.min
            && self.max.map_or(true, |x| m.len() <= x)
    }
}

fn union(a: &mut [bool; 256], b: &[bool; 256]) {
    for (x, y) in a.iter_mut().zip(b.iter()) {
        *x |= *y;
    }
}

/// The shape of pattern p as the engine parses it with `flags`; any shape
/// when it cannot be parsed here.
fn shape_of(p: &str, flags: u32) -> Shape {
    let parsed = ParserBuilder::new()
        .case_insensitive(flags & FLAG_CASEI != 0)
        .multi_line(flags & FLAG_MULTI != 0)
        .dot_matches_new_line(flags & FLAG_DOTNL != 0)
        .swap_greed(flags & FLAG_SWAP_GREED != 0)
        .ignore_whitespace(flags & FLAG_SPACE != 0)
        .unicode(flags & FLAG_UNICODE != 0)
        .allow_invalid_utf8(true)
        .build()
        .parse(p);
    match parsed {
        Ok(h) => shape(&h),
        Err(_) => Shape::any(),
    }
}

fn shape(h: &Hir) -> Shape {
    match h.kind() {
        HirKind::Empty | HirKind::Anchor(_) | HirKind::WordBoundary(_) => Shape::empty(),
        HirKind::Literal(Literal::Byte(b)) => Shape::byte(*b),
        HirKind::Literal(Literal::Unicode(c)) => {
            let mut buf = [0u8; 4];
            let enc = c.encode_utf8(&mut buf).as_bytes();
            let mut s = Shape::byte(enc[0]);
            s.last = [false; 256];
            s.last[enc[enc.len() - 1] as usize] = true;
            s.min = enc.len();
            s.max = Some(enc.len());
            s
        }
        HirKind::Class(Class::Bytes(c)) => {
            let mut s = Shape::empty();
            for r in c.iter() {
                for b in r.start()..=r.end() {
                    s.first[b as usize] = true;
                    s.last[b as usize] = true;
                }
            }
            s.min = 1;
            s.max = Some(1);
            s
        }
        HirKind::Class(Class::Unicode(c)) => {
            let mut s = Shape::empty();
            let (mut lo, mut hi) = (4, 1);
            for r in c.iter() {
                let (from, to) = (r.start() as u32, (r.end() as u32).min(0x7f));
                for b in from..=to {
                    // Empty when the range starts past ASCII.
                    s.first[b as usize] = true;
                    s.last[b as usize] = true;
                }
                if r.end() as u32 >= 0x80 {
                    // Any lead byte, any continuation byte.
                    for b in 0xC0..=0xFF {
                        s.first[b] = true;
                    }
                    for b in 0x80..=0xBF {
                        s.last[b] = true;
                    }
                }
                lo = lo.min(r.start().len_utf8());
                hi = hi.max(r.end().len_utf8());
            }
            s.min = lo;
            s.max = Some(hi);
            s
        }
        HirKind::Group(g) => shape(&g.hir),
        HirKind::Repetition(rep) => {
            let c = shape(&rep.hir);
            let (lo, hi) = match &rep.kind {
                RepetitionKind::ZeroOrOne => (0, Some(1)),
                RepetitionKind::ZeroOrMore => (0, None),
                RepetitionKind::OneOrMore => (1, None),
                RepetitionKind::Range(RepetitionRange::Exactly(n)) => (*n, Some(*n)),
                RepetitionKind::Range(RepetitionRange::AtLeast(n)) => (*n, None),
                RepetitionKind::Range(RepetitionRange::Bounded(m, n)) => (*m, Some(*n)),
            };
            let mut s = c.clone();
            s.min = c.min.saturating_mul(lo as usize);
            s.max = match (c.max, hi) {
                (_, Some(0)) | (Some(0), _) => Some(0),
                (Some(x), Some(n)) => x.checked_mul(n as usize),
                _ => None,
            };
            s
        }
        HirKind::Concat(items) => {
            let parts: Vec<Shape> = items.iter().map(shape).collect();
            let mut s = Shape::empty();
            for p in &parts {
                union(&mut s.first, &p.first);
                if p.min > 0 {
                    break;
                }
            }
            for p in parts.iter().rev() {
                union(&mut s.last, &p.last);
                if p.min > 0 {
                    break;
                }
            }
            s.min = parts.iter().fold(0usize, |a, p| a.saturating_add(p.min));
            s.max = parts.iter().try_fold(0usize, |a, p| p.max.and_then(|x| a.checked_add(x)));
            s
        }
        HirKind::Alternation(items) => {
            let parts: Vec<Shape> = items.iter().map(shape).collect();
            let mut s = Shape::empty();
            s.min = usize::MAX;
            for p in &parts {
                union(&mut s.first, &p.first);
                union(&mut s.last, &p.last);
                s.min = s.min.min(p.min);
                s.max = match (s.max, p.max) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            s
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

/// Which alternative matched hay[s..e]: the lowest-numbered pattern that
/// matches exactly those bytes (trying only those whose shape admits them),
/// or else (a single pattern, or context at the edges decided the match)
/// the lowest capture group that took part in a capture search over a
/// window one byte wider on each side.
fn which(r: &mut Rure, hay: &[u8], s: usize, e: usize) -> usize {
    let m = &hay[s..e];
    for (i, a) in r.alts.iter().enumerate() {
        if a.shape.admits(m) && a.re.is_match(m) {
            return i + 1;
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
