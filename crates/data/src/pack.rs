//! Compression of the dataset's string table with PPMd (Dmitry Shkarin's "prediction by partial
//! matching", variant H, as 7-Zip uses it), from the `ppmd-rust` crate (a pure-Rust port,
//! public domain / MIT-0). `build.rs` encodes with it (through [`crate::codec`]); the wasm carries
//! only the decoder.
//!
//! Why not leave it to the host's gzip: the table is prose (results, caveats, designs), and on
//! prose gzip's 32 KB window and static Huffman codes leave a lot on the table. On the real data
//! (272 studies, 376 KB of text) gzip -9 of the table is about 119 KB, the Burrows–Wheeler coder
//! this module held before 88.5 KB, and PPMd order 8 78.7 KB: the first visit is ~40 KB lighter
//! than with gzip alone, and the decoder is faster than the BWT one was (about 25 ms natively for
//! the real table against 32). Decoding runs once at start-up, in slices ([`Unpack::step`]), so no
//! browser task holds the page for all of it.
//!
//! Format: the decoded length and the coded length (varints), then the PPMd stream ([`ORDER`],
//! [`MEMORY`], no end marker). Decoding a corrupted input never panics: the length is checked against the caller's
//! limit before anything is allocated, a stream that ends early is [`Corrupt::Truncated`], and
//! damaged bits decode to wrong bytes, which the caller's UTF-8 and table checks then reject.

use std::io::{Read, Write};

/// PPMd's model order: how many preceding bytes a prediction may use. 8 packs the real table
/// best within [`MEMORY`] (order 6: 80.2 KB, 10: 78.1 KB but slower).
pub const ORDER: u32 = 8;

/// The model's memory: 8 MiB holds the real table's whole model (with 4 MiB order 8 restarts
/// and packs worse than order 6); a larger table restarts the model when it is full, which costs
/// ratio, never correctness. The decoder allocates it once and frees it when done.
pub const MEMORY: u32 = 8 << 20;

/// Why a packed input could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corrupt {
    /// The input ends before the length it announces.
    Truncated,
    /// A length that the input cannot hold or the caller does not allow (the byte offset where
    /// it was read).
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

/// Compresses `data` (build time; the widget never calls it, so the encoder leaves the wasm).
pub fn compress(data: &[u8]) -> Vec<u8> {
    let coded = if data.is_empty() {
        Vec::new()
    } else {
        let mut enc = ppmd_rust::Ppmd7Encoder::new(Vec::new(), ORDER, MEMORY)
            .expect("ORDER and MEMORY are within PPMd7's limits");
        enc.write_all(data).expect("writing to a Vec cannot fail");
        enc.finish(false).expect("writing to a Vec cannot fail")
    };
    let mut out = Vec::with_capacity(coded.len() + 10);
    put_varint(&mut out, data.len() as u64);
    put_varint(&mut out, coded.len() as u64);
    out.extend_from_slice(&coded);
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
    len: usize,
    out: Vec<u8>,
    /// The decoder (none for an empty input).
    dec: Option<ppmd_rust::Ppmd7Decoder<&'a [u8]>>,
    /// The position just past the packed input.
    end: usize,
}

impl<'a> Unpack<'a> {
    /// Starts decoding what [`compress`] wrote at `bytes[pos..]`.
    pub fn new(bytes: &'a [u8], pos: usize, limit: usize) -> Result<Self, Corrupt> {
        let mut at = pos;
        let len = get_varint(bytes, &mut at)?;
        let len = usize::try_from(len)
            .ok()
            .filter(|&n| n <= limit)
            .ok_or(Corrupt::BadLength(pos))?;
        let coded_at = at;
        let coded_len = usize::try_from(get_varint(bytes, &mut at)?)
            .map_err(|_| Corrupt::BadLength(coded_at))?;
        let coded = bytes
            .get(at..at.saturating_add(coded_len))
            .ok_or(Corrupt::Truncated)?;
        let dec = match (len, coded_len) {
            (0, 0) => None,
            // Text needs a stream, and a stream needs the range coder's five opening bytes.
            (0, _) | (_, 0..=4) => return Err(Corrupt::BadLength(coded_at)),
            _ => Some(
                ppmd_rust::Ppmd7Decoder::new(coded, ORDER, MEMORY)
                    .map_err(|_| Corrupt::Truncated)?,
            ),
        };
        Ok(Unpack {
            len,
            out: Vec::new(),
            dec,
            end: at + coded_len,
        })
    }

    /// Decodes up to `budget` more bytes; `Ok(true)` once everything is decoded.
    pub fn step(&mut self, budget: usize) -> Result<bool, Corrupt> {
        let Some(dec) = self.dec.as_mut() else {
            return Ok(true);
        };
        let have = self.out.len();
        let want = (self.len - have).min(budget.max(1));
        self.out.resize(have + want, 0);
        // A stream that runs out before the announced length was cut short (or damaged).
        if dec.read_exact(&mut self.out[have..]).is_err() {
            return Err(Corrupt::Truncated);
        }
        if self.out.len() == self.len {
            // The model's memory goes back to the allocator now, not when the caller drops this.
            self.dec = None;
            return Ok(true);
        }
        Ok(false)
    }

    /// The decoded bytes and the position just past the packed input.
    pub fn finish(self) -> (Vec<u8>, usize) {
        (self.out, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(data: &[u8]) {
        let packed = compress(data);
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
    fn round_trips_text_binary_and_runs() {
        round_trip(b"");
        round_trip(b"a");
        round_trip(b"banana");
        round_trip("Gâteau, naïve café — ✓ 🧬".as_bytes());
        round_trip(&[0u8; 1000]);
        round_trip(&(0..=255u8).cycle().take(70_000).collect::<Vec<_>>());
        // Text that repeats itself.
        let mut big: Vec<u8> = Vec::new();
        while big.len() < 40_000 {
            big.extend_from_slice(b"The abstract does not report side effects. ");
        }
        round_trip(&big);
        round_trip(b"abcabcabcabc");
    }

    #[test]
    fn decoding_in_small_steps_gives_the_same_bytes() {
        let text = include_str!("../../../docs/DATA.md").as_bytes();
        let packed = compress(text);
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
        assert_eq!(decompress(&packed, &mut 0, 10), Err(Corrupt::BadLength(0)));
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
