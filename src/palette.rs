//! The colours of the rating bands, defined once for every format that colours them: the HTML
//! report, the SVG charts and the Excel workbooks. The lowest band is red, then orange, yellow
//! and green, and the highest (Memuaskan on SPBE) blue, whatever the number of bands.

/// A colour as red, green, blue.
pub type Rgb = [u8; 3];

/// Soft backgrounds, lowest band to highest (dark text reads on each).
const FILLS: [Rgb; 5] =
    [[0xf6, 0xc9, 0xc4], [0xfb, 0xde, 0xbd], [0xf8, 0xf0, 0xb8], [0xd3, 0xec, 0xc9], [0xc9, 0xe0, 0xf2]];
/// Text colours that go with [`FILLS`].
const INKS: [Rgb; 5] =
    [[0x9b, 0x2c, 0x1f], [0x9a, 0x4b, 0x00], [0x7a, 0x62, 0x00], [0x24, 0x6b, 0x2e], [0x1d, 0x4f, 0x86]];

/// Background of band `i` of `n`.
pub fn band_fill(i: usize, n: usize) -> Rgb {
    ramp(&FILLS, position(i, n))
}

/// Text colour of band `i` of `n`, on [`band_fill`].
pub fn band_ink(i: usize, n: usize) -> Rgb {
    ramp(&INKS, position(i, n))
}

/// `#rrggbb`.
pub fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// `0xRRGGBB`, as spreadsheet libraries take it.
pub fn rgb_u32(c: Rgb) -> u32 {
    (c[0] as u32) << 16 | (c[1] as u32) << 8 | c[2] as u32
}

/// Interpolate along `stops` at `t` in 0..=1.
pub fn ramp(stops: &[Rgb], t: f64) -> Rgb {
    let t = t.clamp(0.0, 1.0) * (stops.len() - 1) as f64;
    let i = (t.floor() as usize).min(stops.len() - 2);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (stops[i], stops[i + 1]);
    [mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])]
}

fn position(i: usize, n: usize) -> f64 {
    if n <= 1 {
        0.5
    } else {
        i.min(n - 1) as f64 / (n - 1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_bands_take_the_five_colours() {
        assert_eq!(hex(band_fill(0, 5)), "#f6c9c4");
        assert_eq!(hex(band_fill(4, 5)), "#c9e0f2");
        assert_eq!(hex(band_ink(4, 5)), "#1d4f86");
        assert_eq!(rgb_u32(band_fill(4, 5)), 0xC9E0F2);
        // One band sits in the middle (yellow); three take red, yellow, blue.
        assert_eq!(band_fill(0, 1), band_fill(2, 5));
        assert_eq!(band_fill(1, 3), band_fill(2, 5));
    }
}
