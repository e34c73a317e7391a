//! The accent colour a link can ask for (`accent=5b2a86`, README "URL parameters"), so an embed
//! takes the host site's colour for its links, pressed buttons and highlights. A colour is taken
//! only when it stays readable: it must have a WCAG 2.2 AA contrast of 4.5:1 as text on every
//! surface of the light themes it is used in (their darkest is the calm theme's band). The dark
//! and high-contrast themes keep their own accent, since one colour cannot be readable on both a
//! light and a dark background at 4.5:1.

/// An sRGB colour, checked readable by [`Accent::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accent([u8; 3]);

/// Why a value is not a usable accent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccentError {
    /// Not six (or three) hexadecimal digits.
    Shape,
    /// Too light to read as link text on the light themes' backgrounds.
    TooLight,
}

/// The darkest surface an accent is drawn on in the light themes (the calm theme's band).
const DARKEST_LIGHT_SURFACE: [u8; 3] = [0xeb, 0xe5, 0xd8];
/// WCAG 2.2 AA for normal-size text.
const MIN_CONTRAST: f64 = 4.5;

impl Accent {
    /// Reads `5b2a86`, `5B2A86`, `#5b2a86` (the `#` as `%23` in a link) or the short `f80`.
    pub fn parse(value: &str) -> Result<Accent, AccentError> {
        let hex = value.strip_prefix('#').unwrap_or(value).as_bytes();
        let nib = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
        let mut rgb = [0u8; 3];
        match hex.len() {
            6 => {
                for (i, c) in rgb.iter_mut().enumerate() {
                    *c = nib(hex[2 * i])
                        .zip(nib(hex[2 * i + 1]))
                        .map(|(h, l)| h * 16 + l)
                        .ok_or(AccentError::Shape)?;
                }
            }
            3 => {
                for (i, c) in rgb.iter_mut().enumerate() {
                    *c = nib(hex[i]).map(|d| d * 17).ok_or(AccentError::Shape)?;
                }
            }
            _ => return Err(AccentError::Shape),
        }
        if contrast(rgb, DARKEST_LIGHT_SURFACE) < MIN_CONTRAST {
            return Err(AccentError::TooLight);
        }
        Ok(Accent(rgb))
    }

    /// The canonical six lower-case hex digits, as written in a link.
    pub fn key(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(6);
        for c in self.0 {
            s.push(HEX[usize::from(c >> 4)] as char);
            s.push(HEX[usize::from(c & 15)] as char);
        }
        s
    }

    /// The colour as CSS (`#5b2a86`).
    pub fn css(&self) -> String {
        format!("#{}", self.key())
    }
}

/// `x^2.4` for `x` in (0, 1], as `x² · (x^⅕)²` with the fifth root found by Newton's method.
/// Why not `powf`: on wasm it is libm's `pow`, whose code and 4 KB of tables cost ~2.5 KB gzip
/// of the first visit for this one call. From 1 the iteration falls monotonically onto the root;
/// 10 steps reach f64 precision for every `x` this module passes (≥ 0.047).
fn pow_2_4(x: f64) -> f64 {
    let mut y = 1.0f64;
    for _ in 0..10 {
        let y4 = (y * y) * (y * y);
        y = (4.0 * y + x / y4) / 5.0;
    }
    x * x * y * y
}

/// WCAG relative luminance of an sRGB colour.
fn luminance(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            pow_2_4((c + 0.055) / 1.055)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pow_2_4_matches_powf_on_every_channel_value() {
        for c in 11..=255u8 {
            let x = (f64::from(c) / 255.0 + 0.055) / 1.055;
            let (ours, libm) = (pow_2_4(x), x.powf(2.4));
            assert!((ours - libm).abs() <= 1e-15, "{c}: {ours} vs {libm}");
        }
    }

    #[test]
    fn reads_hex_colours() {
        assert_eq!(
            Accent::parse("5b2a86").map(|a| a.key()),
            Ok("5b2a86".into())
        );
        assert_eq!(
            Accent::parse("5B2A86").map(|a| a.key()),
            Ok("5b2a86".into())
        );
        assert_eq!(
            Accent::parse("#5b2a86").map(|a| a.css()),
            Ok("#5b2a86".into())
        );
        assert_eq!(Accent::parse("036").map(|a| a.key()), Ok("003366".into()));
        for bad in [
            "", "#", "5b2a8", "5b2a866", "zzzzzz", "5b 2a8", "red", "#ggg", "５b2a86",
        ] {
            assert_eq!(Accent::parse(bad), Err(AccentError::Shape), "{bad:?}");
        }
    }

    #[test]
    fn only_readable_colours() {
        // The themes' own accents pass; light ones that would fail as link text do not.
        for ok in ["0a5cad", "2f5d7c", "0000c8", "000000", "5b2a86", "b30000"] {
            assert!(Accent::parse(ok).is_ok(), "{ok}");
        }
        for light in ["ffffff", "ffee00", "7cb7ff", "ff9900", "66bb66"] {
            assert_eq!(Accent::parse(light), Err(AccentError::TooLight), "{light}");
        }
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast([255, 255, 255], [255, 255, 255]) - 1.0).abs() < 1e-9);
        // #777777 on white is the classic 4.48:1.
        let c = contrast([0x77; 3], [255; 3]);
        assert!(c > 4.47 && c < 4.49, "{c}");
    }
}
