//! Compression of the dataset's string table: the Burrows–Wheeler transform, move-to-front and
//! an adaptive binary arithmetic coder. Plain Rust with no dependencies; `build.rs` encodes with it
//! (through [`crate::codec`]), and the wasm carries only the small decoder.
//!
//! Why not leave it to the host's gzip: the table is prose (results, caveats, designs), and on
//! prose gzip's 32 KB window and static Huffman codes leave a lot on the table. On the real data
//! (272 studies, 360 KB of text) gzip -9 of the table is about 107 KB and this coder about 85 KB,
//! so the first visit is ~20 KB lighter for ~2 KB of decoder. Decoding runs once at start-up,
//! block by block (so the transform's working memory stays at a few MB, whatever the dataset's
//! size).
//!
//! Format: a varint block count, then per block: its length, the transform's primary index and
//! the length of its coded bytes (varints), then the coded bytes. Decoding a corrupted input never
//! panics: every length is checked against the bytes left, and a damaged block decodes to wrong
//! bytes or an error, which the caller's UTF-8 and table checks then reject.

/// The largest block the transform sorts at once.
pub const BLOCK: usize = 1 << 20;

/// Adaptation speed of the bit probabilities (higher is slower).
const RATE: u32 = 5;

/// Why a packed input could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corrupt {
    /// The input ends in the middle of a block.
    Truncated,
    /// A length or index that the input cannot hold (the byte offset where it was read).
    BadLength(usize),
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn get_varint(bytes: &[u8], pos: &mut usize) -> Result<u64, Corrupt> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*pos).ok_or(Corrupt::Truncated)?;
        *pos += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(n);
        }
    }
    Err(Corrupt::BadLength(*pos))
}

/// The probability model of the move-to-front ranks, shared by the encoder and the decoder: a
/// rank is "zero or not" (in the context of the three ranks before it), then the number of its
/// significant bits in unary (in the context of the two before it), then those bits below the
/// top one as a binary tree. Probabilities are 16-bit, of the bit being 1.
struct Model {
    zero: [u16; 64],
    bucket: [u16; 9 * 8],
    mantissa: [u16; 8 * 128],
    p1: usize,
    p2: usize,
    p3: usize,
}

impl Model {
    fn new() -> Self {
        Model {
            zero: [1 << 15; 64],
            bucket: [1 << 15; 9 * 8],
            mantissa: [1 << 15; 8 * 128],
            p1: 0,
            p2: 0,
            p3: 0,
        }
    }

    /// Where the "is it zero" probability of the next rank is.
    fn zero_ctx(&self) -> usize {
        self.p1.min(3) * 16 + self.p2.min(3) * 4 + self.p3.min(3)
    }

    /// Where the next rank's eight unary "is this its bit count" probabilities start.
    fn bucket_ctx(&self) -> usize {
        (self.p1.min(2) * 3 + self.p2.min(2)) * 8
    }

    /// The probability of the mantissa bit at tree `node` of a rank with `bits` bits.
    fn mantissa(&mut self, bits: usize, node: usize) -> &mut u16 {
        &mut self.mantissa[bits * 128 + node]
    }

    /// Records a coded rank as context for the next.
    fn push(&mut self, r: u8) {
        self.p3 = self.p2;
        self.p2 = self.p1;
        self.p1 = usize::from(r);
    }
}

fn update(p: &mut u16, bit: bool) {
    if bit {
        *p += ((65536 - u32::from(*p)) >> RATE) as u16;
    } else {
        *p -= *p >> RATE;
    }
}

/// The interval of a binary arithmetic coder with 32-bit bounds, which emits a byte whenever the
/// top bytes of the bounds agree (the coder of Matt Mahoney's lpaq, which needs no carry
/// handling). The encoder and the decoder share it, so they split and renormalise alike.
struct Interval {
    x1: u32,
    x2: u32,
}

impl Interval {
    fn new() -> Self {
        Interval {
            x1: 0,
            x2: u32::MAX,
        }
    }

    /// The split point for probability `p` of a 1 (its 12-bit form, never 0).
    fn mid(&self, p: u16) -> u32 {
        self.x1 + ((self.x2 - self.x1) >> 12) * (u32::from(p) >> 4).max(1)
    }

    /// Keeps the part of the interval that `bit` names.
    fn narrow(&mut self, bit: bool, mid: u32) {
        if bit {
            self.x2 = mid;
        } else {
            self.x1 = mid + 1;
        }
    }

    /// Shifts out the top byte once both bounds agree on it.
    fn shift(&mut self) -> Option<u8> {
        if (self.x1 ^ self.x2) & 0xff00_0000 != 0 {
            return None;
        }
        let settled = (self.x2 >> 24) as u8;
        self.x1 <<= 8;
        self.x2 = (self.x2 << 8) | 255;
        Some(settled)
    }
}

struct Encoder {
    interval: Interval,
    out: Vec<u8>,
}

impl Encoder {
    fn bit(&mut self, p: &mut u16, bit: bool) {
        let mid = self.interval.mid(*p);
        self.interval.narrow(bit, mid);
        update(p, bit);
        while let Some(b) = self.interval.shift() {
            self.out.push(b);
        }
    }

    fn rank(&mut self, m: &mut Model, r: u8) {
        let z = m.zero_ctx();
        self.bit(&mut m.zero[z], r == 0);
        if r > 0 {
            let v = u32::from(r);
            let bits = 31 - v.leading_zeros();
            let c = m.bucket_ctx();
            for i in 0..8 {
                let last = i == bits;
                self.bit(&mut m.bucket[c + i as usize], last);
                if last {
                    break;
                }
            }
            let mut node = 1usize;
            for i in (0..bits).rev() {
                let bit = (v >> i) & 1 == 1;
                self.bit(m.mantissa(bits as usize, node), bit);
                node = node * 2 + usize::from(bit);
            }
        }
        m.push(r);
    }

    fn finish(mut self) -> Vec<u8> {
        self.out.extend_from_slice(&self.interval.x1.to_be_bytes());
        self.out
    }
}

struct Decoder<'a> {
    interval: Interval,
    x: u32,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let mut d = Decoder {
            interval: Interval::new(),
            x: 0,
            bytes,
            pos: 0,
        };
        for _ in 0..4 {
            d.x = (d.x << 8) | d.next();
        }
        d
    }

    /// The next coded byte; past the end, zeros (a damaged block then decodes to wrong bytes,
    /// never out of bounds).
    fn next(&mut self) -> u32 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        u32::from(b)
    }

    fn bit(&mut self, p: &mut u16) -> bool {
        let mid = self.interval.mid(*p);
        let bit = self.x <= mid;
        self.interval.narrow(bit, mid);
        update(p, bit);
        while self.interval.shift().is_some() {
            self.x = (self.x << 8) | self.next();
        }
        bit
    }

    fn rank(&mut self, m: &mut Model) -> u8 {
        let z = m.zero_ctx();
        let r = if self.bit(&mut m.zero[z]) {
            0
        } else {
            let c = m.bucket_ctx();
            let mut bits = 7;
            for i in 0..8 {
                if self.bit(&mut m.bucket[c + i]) {
                    bits = i;
                    break;
                }
            }
            let mut node = 1usize;
            for _ in 0..bits {
                let bit = self.bit(m.mantissa(bits, node));
                node = node * 2 + usize::from(bit);
            }
            // `node` is the value with its top bit: 2^bits + the bits below it (< 256).
            node as u8
        };
        m.push(r);
        r
    }
}

/// The rotations of `block` in sorted order (their start offsets), by prefix doubling with
/// counting sorts: O(n log n) whatever the text, also when it repeats itself (a block of one
/// sentence over and over is the worst case for sorting by comparing rotations).
fn sorted_rotations(block: &[u8]) -> Vec<usize> {
    let n = block.len();
    // Rotations sorted by their first byte, and each one's class (equal first bytes, one class).
    let mut count = vec![0usize; 256.max(n)];
    for &b in block {
        count[usize::from(b)] += 1;
    }
    let mut at = 0;
    for c in count.iter_mut().take(256) {
        let here = *c;
        *c = at;
        at += here;
    }
    let mut order = vec![0usize; n];
    for (i, &b) in block.iter().enumerate() {
        order[count[usize::from(b)]] = i;
        count[usize::from(b)] += 1;
    }
    let mut class = vec![0usize; n];
    let mut classes = 1;
    for j in 1..n {
        if block[order[j]] != block[order[j - 1]] {
            classes += 1;
        }
        class[order[j]] = classes - 1;
    }
    let mut shifted = vec![0usize; n];
    let mut next = vec![0usize; n];
    let mut k = 1;
    while k < n && classes < n {
        // Sorted by the second half already (`order` shifted back by k); a stable counting sort
        // by the first half's class sorts by both.
        for (s, &o) in shifted.iter_mut().zip(&order) {
            *s = (o + n - k) % n;
        }
        count[..classes].iter_mut().for_each(|c| *c = 0);
        for &i in &shifted {
            count[class[i]] += 1;
        }
        let mut at = 0;
        for c in count.iter_mut().take(classes) {
            let here = *c;
            *c = at;
            at += here;
        }
        for &i in &shifted {
            order[count[class[i]]] = i;
            count[class[i]] += 1;
        }
        next[order[0]] = 0;
        classes = 1;
        for j in 1..n {
            let (a, b) = (order[j - 1], order[j]);
            if class[a] != class[b] || class[(a + k) % n] != class[(b + k) % n] {
                classes += 1;
            }
            next[b] = classes - 1;
        }
        std::mem::swap(&mut class, &mut next);
        k *= 2;
    }
    order
}

/// The Burrows–Wheeler transform of `block` (its rotations sorted): the last column and the row
/// of the unrotated block.
fn transform(block: &[u8]) -> (Vec<u8>, usize) {
    let n = block.len();
    let rows = sorted_rotations(block);
    let primary = rows.iter().position(|&r| r == 0).unwrap_or(0);
    let last = rows.iter().map(|&r| block[(r + n - 1) % n]).collect();
    (last, primary)
}

/// Undoes [`transform`]: `primary` must be below `last.len()`.
fn untransform(last: &[u8], primary: usize) -> Vec<u8> {
    let n = last.len();
    let mut counts = [0usize; 256];
    for &b in last {
        counts[usize::from(b)] += 1;
    }
    let mut starts = [0usize; 256];
    let mut sum = 0;
    for (s, c) in starts.iter_mut().zip(counts) {
        *s = sum;
        sum += c;
    }
    // lf[i]: the row of the rotation that starts one byte before row i's.
    let mut lf = vec![0u32; n];
    for (i, &b) in last.iter().enumerate() {
        lf[i] = starts[usize::from(b)] as u32;
        starts[usize::from(b)] += 1;
    }
    let mut out = vec![0u8; n];
    let mut row = primary;
    for k in (0..n).rev() {
        out[k] = last[row];
        row = lf[row] as usize;
    }
    out
}

/// Move-to-front, "MTF-1" variant: the byte at rank `r` moves to the front only from rank 1;
/// from further back it moves to rank 1, so one stray byte does not push the most frequent one
/// back (about 2% smaller on prose).
fn move_up(order: &mut [u8; 256], r: usize) {
    let b = order[r];
    let to = usize::from(r > 1);
    order.copy_within(to..r, to + 1);
    order[to] = b;
}

/// Compresses `data`.
pub fn compress(data: &[u8]) -> Vec<u8> {
    compress_in_blocks(data, BLOCK)
}

/// [`compress`] with blocks of at most `block` bytes (the tests use small ones).
fn compress_in_blocks(data: &[u8], block: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let blocks: Vec<&[u8]> = data.chunks(block).collect();
    put_varint(&mut out, blocks.len() as u64);
    for block in blocks {
        let (last, primary) = transform(block);
        let mut order: [u8; 256] = std::array::from_fn(|i| i as u8);
        let mut enc = Encoder {
            interval: Interval::new(),
            out: Vec::new(),
        };
        let mut model = Model::new();
        for b in last {
            let r = order.iter().position(|&o| o == b).unwrap_or(0);
            move_up(&mut order, r);
            enc.rank(&mut model, r as u8);
        }
        let coded = enc.finish();
        put_varint(&mut out, block.len() as u64);
        put_varint(&mut out, primary as u64);
        put_varint(&mut out, coded.len() as u64);
        out.extend_from_slice(&coded);
    }
    out
}

/// Decompresses what [`compress`] wrote at `bytes[*pos..]`, moving `pos` past it. `limit` caps
/// the decoded size (a corrupted length must not make the decoder allocate gigabytes).
pub fn decompress(bytes: &[u8], pos: &mut usize, limit: usize) -> Result<Vec<u8>, Corrupt> {
    let mut unpack = Unpack::new(bytes, *pos, limit)?;
    while !unpack.step(usize::MAX)? {}
    let (out, end) = unpack.finish();
    *pos = end;
    Ok(out)
}

/// [`decompress`] in steps, so a caller on a browser's main thread can spread the work over
/// several tasks instead of holding the page for all of it (each [`Unpack::step`] decodes a
/// bounded number of bytes; the result is the same byte for byte).
pub struct Unpack<'a> {
    bytes: &'a [u8],
    start: usize,
    pos: usize,
    limit: usize,
    blocks: u64,
    blocks_left: u64,
    out: Vec<u8>,
    block: Option<Block<'a>>,
}

/// The state of the block being decoded.
struct Block<'a> {
    dec: Decoder<'a>,
    model: Model,
    order: [u8; 256],
    last: Vec<u8>,
    len: usize,
    primary: usize,
}

impl<'a> Unpack<'a> {
    /// Starts decoding what [`compress`] wrote at `bytes[pos..]`.
    pub fn new(bytes: &'a [u8], pos: usize, limit: usize) -> Result<Self, Corrupt> {
        let mut at = pos;
        let blocks_left = get_varint(bytes, &mut at)?;
        Ok(Unpack {
            bytes,
            start: pos,
            pos: at,
            limit,
            blocks: blocks_left,
            blocks_left,
            out: Vec::new(),
            block: None,
        })
    }

    /// Decodes up to about `budget` more bytes; `Ok(true)` once everything is decoded.
    pub fn step(&mut self, budget: usize) -> Result<bool, Corrupt> {
        let mut left = budget;
        loop {
            if self.block.is_none() {
                if self.blocks_left == 0 {
                    if self.blocks > 0 && self.out.is_empty() {
                        return Err(Corrupt::BadLength(self.start));
                    }
                    return Ok(true);
                }
                self.blocks_left -= 1;
                self.block = Some(self.open_block()?);
            }
            let Some(b) = self.block.as_mut() else {
                continue;
            };
            while b.last.len() < b.len {
                if left == 0 {
                    return Ok(false);
                }
                left -= 1;
                let r = usize::from(b.dec.rank(&mut b.model));
                b.last.push(b.order[r]);
                move_up(&mut b.order, r);
            }
            if let Some(b) = self.block.take() {
                self.out.extend_from_slice(&untransform(&b.last, b.primary));
            }
        }
    }

    fn open_block(&mut self) -> Result<Block<'a>, Corrupt> {
        let bytes = self.bytes;
        let pos = &mut self.pos;
        let at = *pos;
        let len = get_varint(bytes, pos)? as usize;
        let primary = get_varint(bytes, pos)? as usize;
        let coded_len = get_varint(bytes, pos)? as usize;
        if len == 0 || len > BLOCK || primary >= len || self.out.len() + len > self.limit {
            return Err(Corrupt::BadLength(at));
        }
        let coded = bytes
            .get(*pos..pos.saturating_add(coded_len))
            .ok_or(Corrupt::Truncated)?;
        *pos += coded_len;
        Ok(Block {
            dec: Decoder::new(coded),
            model: Model::new(),
            order: std::array::from_fn(|i| i as u8),
            last: Vec::with_capacity(len),
            len,
            primary,
        })
    }

    /// The decoded bytes and the position just past the packed input.
    pub fn finish(self) -> (Vec<u8>, usize) {
        (self.out, self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(data: &[u8]) {
        round_trip_in(data, BLOCK);
    }

    fn round_trip_in(data: &[u8], block: usize) {
        let packed = compress_in_blocks(data, block);
        let mut pos = 0;
        assert_eq!(
            decompress(&packed, &mut pos, usize::MAX).as_deref(),
            Ok(data),
            "{} bytes",
            data.len()
        );
        assert_eq!(pos, packed.len());
    }

    #[test]
    fn round_trips_text_binary_runs_and_blocks() {
        round_trip(b"");
        round_trip(b"a");
        round_trip(b"banana");
        round_trip("Gâteau, naïve café — ✓ 🧬".as_bytes());
        round_trip(&[0u8; 1000]);
        round_trip(&(0..=255u8).cycle().take(70_000).collect::<Vec<_>>());
        // Several blocks of text that repeats itself (the sort's worst case).
        let mut big: Vec<u8> = Vec::new();
        while big.len() < 40_000 {
            big.extend_from_slice(b"The abstract does not report side effects. ");
        }
        round_trip(&big);
        round_trip_in(&big, 4096);
        round_trip_in(b"abcabcabcabc", 5);
    }

    #[test]
    fn decoding_in_small_steps_gives_the_same_bytes() {
        let text = include_str!("../../../docs/DATA.md").as_bytes();
        let packed = compress_in_blocks(text, 10_000);
        for budget in [1, 7, 4096] {
            let mut unpack = Unpack::new(&packed, 0, usize::MAX).unwrap();
            let mut steps = 0;
            while !unpack.step(budget).unwrap() {
                steps += 1;
            }
            assert!(steps + 1 >= text.len() / budget);
            assert_eq!(unpack.finish(), (text.to_vec(), packed.len()));
        }
    }

    #[test]
    fn prose_packs_smaller_than_it_is() {
        let text = include_str!("../../../docs/DATA.md").as_bytes();
        let packed = compress(text);
        assert!(
            packed.len() * 3 < text.len(),
            "{} of {}",
            packed.len(),
            text.len()
        );
    }

    #[test]
    fn damaged_input_is_an_error_or_wrong_bytes_never_a_panic() {
        let packed = compress(b"Every study links to its sources. Every study links.");
        for i in 0..packed.len() {
            for v in [0u8, 1, 0x7f, 0x80, 0xff] {
                let mut bad = packed.clone();
                bad[i] = v;
                let _ = decompress(&bad, &mut 0, 1 << 20);
            }
            let _ = decompress(&packed[..i], &mut 0, 1 << 20);
        }
        // A length beyond the limit is refused before anything is allocated.
        assert_eq!(decompress(&packed, &mut 0, 10), Err(Corrupt::BadLength(1)));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_bytes_round_trip(data in proptest::collection::vec(any::<u8>(), 0..3000)) {
                round_trip(&data);
            }

            #[test]
            fn any_input_decodes_or_fails_cleanly(data in proptest::collection::vec(any::<u8>(), 0..600)) {
                let _ = decompress(&data, &mut 0, 1 << 20);
            }
        }
    }
}
