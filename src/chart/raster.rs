//! SVG to PNG with `resvg` (pure Rust: no system libraries). Text needs a font: the machine's
//! fonts are used (e.g. Debian's `fonts-dejavu-core`); without any, text is left out and the
//! caller is told so.

use anyhow::{anyhow, Result};
use resvg::{tiny_skia, usvg};

/// Families tried, in order, for the generic `sans-serif`.
const SANS: &[&str] = &["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];

/// Most pixels a PNG may have: 64 million, 256 MB of RGBA.
pub const MAX_PIXELS: u64 = 64_000_000;

/// A rendered PNG.
pub struct Png {
    pub bytes: Vec<u8>,
    /// False when no font was found, so text was not drawn.
    pub has_fonts: bool,
}

/// Render a standalone SVG document at `scale` (2 gives a sharp image on paper and screens).
pub fn to_png(svg: &str, scale: f32) -> Result<Png> {
    let mut opt = usvg::Options::default();
    let db = opt.fontdb_mut();
    db.load_system_fonts();
    let has_fonts = !db.is_empty();
    let families: Vec<String> =
        db.faces().flat_map(|f| f.families.iter().map(|(name, _)| name.clone())).collect();
    if let Some(name) = SANS.iter().find(|s| families.iter().any(|f| f == *s)).map(|s| s.to_string()) {
        db.set_sans_serif_family(name);
    } else if let Some(first) = families.first() {
        db.set_sans_serif_family(first.clone());
    }
    opt.font_family = "sans-serif".to_string();
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| anyhow!("reading the chart's SVG: {e}"))?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| anyhow!("chart too large to draw"))?;
    // The pixels are the picture's memory (4 bytes each, twice while encoding): refuse a
    // picture that would take more than about half a gigabyte.
    let pixels = u64::from(size.width()) * u64::from(size.height());
    if pixels > MAX_PIXELS {
        return Err(anyhow!(
            "the chart would be a picture of {} × {} px, more than a PNG may hold here ({} million pixels); draw it as SVG, or fewer regions",
            size.width(),
            size.height(),
            MAX_PIXELS / 1_000_000
        ));
    }
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| anyhow!("chart too large to draw"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let bytes = pixmap.encode_png().map_err(|e| anyhow!("encoding PNG: {e}"))?;
    Ok(Png { bytes, has_fonts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_square() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="8"><rect x="0" y="0" width="5" height="8" fill="#ff0000"/></svg>"##;
        let png = to_png(svg, 2.0).expect("render");
        // PNG signature, then the IHDR chunk: width 20, height 16 (twice 10 × 8).
        assert_eq!(&png.bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png.bytes[16..24], &[0, 0, 0, 20, 0, 0, 0, 16]);
    }
}
