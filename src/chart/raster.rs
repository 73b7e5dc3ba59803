//! SVG to PNG with `resvg` (pure Rust: no system libraries). Text needs a font: the machine's
//! fonts are used (e.g. Debian's `fonts-dejavu-core`); without any, text is left out and the
//! caller is told so.

use resvg::{tiny_skia, usvg};

use crate::i18n::{Lang, Localized};

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

/// Why a chart cannot be drawn as a PNG.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum RasterError {
    /// The picture would have more than [`MAX_PIXELS`].
    TooLarge {
        /// Its width in pixels.
        width: u32,
        /// Its height in pixels.
        height: u32,
    },
    /// The picture's size does not fit a pixmap at all.
    Unsized,
    /// The chart's SVG cannot be read (an internal error: usvg's message).
    Svg(String),
    /// The PNG encoder failed (its message).
    Encode(String),
}

impl Localized for RasterError {
    fn message(&self, lang: Lang) -> String {
        let millions = MAX_PIXELS / 1_000_000;
        match (self, lang) {
            (RasterError::TooLarge { width, height }, Lang::En) => format!(
                "the chart would be a picture of {width} × {height} px, more than a PNG may hold here ({millions} million pixels); draw it as SVG, or fewer regions"
            ),
            (RasterError::TooLarge { width, height }, Lang::Id) => format!(
                "grafik ini akan menjadi gambar {width} × {height} px, melebihi batas PNG di sini ({millions} juta piksel); gambarlah sebagai SVG, atau dengan lebih sedikit wilayah"
            ),
            (RasterError::Unsized, _) => {
                lang.t("chart too large to draw", "grafik terlalu besar untuk digambar").to_string()
            }
            // Internal errors: the libraries' messages are English.
            (RasterError::Svg(e), _) => format!("reading the chart's SVG: {e}"),
            (RasterError::Encode(e), _) => format!("encoding PNG: {e}"),
        }
    }
}

/// Render a standalone SVG document at `scale` (2 gives a sharp image on paper and screens).
pub fn to_png(svg: &str, scale: f32) -> Result<Png, RasterError> {
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
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| RasterError::Svg(e.to_string()))?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or(RasterError::Unsized)?;
    // The pixels are the picture's memory (4 bytes each, twice while encoding): refuse a
    // picture that would take more than about half a gigabyte.
    let pixels = u64::from(size.width()) * u64::from(size.height());
    if pixels > MAX_PIXELS {
        return Err(RasterError::TooLarge { width: size.width(), height: size.height() });
    }
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(RasterError::Unsized)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    drop(tree);
    let bytes = encode(&pixmap).map_err(|e| RasterError::Encode(e.to_string()))?;
    Ok(Png { bytes, has_fonts })
}

/// The pixmap as a PNG, one row at a time: tiny-skia's own `encode_png` first copies the whole
/// picture to undo premultiplied alpha, which doubled the memory a large chart needs.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    use std::io::Write;
    let width = pixmap.width() as usize;
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    let mut row = vec![0u8; width * 4];
    for line in pixmap.pixels().chunks_exact(width.max(1)) {
        for (out, px) in row.chunks_exact_mut(4).zip(line) {
            let c = px.demultiply();
            out.copy_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        stream.write_all(&row)?;
    }
    stream.finish()?;
    writer.finish()?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_too_large_is_refused_in_the_language_given() {
        // 8,000 × 8,001 at scale 1: 64,008,000 pixels, just over the 64 million.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="8000" height="8001"></svg>"##;
        let Err(e) = to_png(svg, 1.0) else { panic!("a picture of 64,008,000 pixels was drawn") };
        assert_eq!(e, RasterError::TooLarge { width: 8000, height: 8001 });
        assert_eq!(
            e.to_string(),
            "the chart would be a picture of 8000 × 8001 px, more than a PNG may hold here (64 million pixels); draw it as SVG, or fewer regions"
        );
        assert_eq!(
            e.message(Lang::Id),
            "grafik ini akan menjadi gambar 8000 × 8001 px, melebihi batas PNG di sini (64 juta piksel); gambarlah sebagai SVG, atau dengan lebih sedikit wilayah"
        );
    }

    #[test]
    fn renders_a_square() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="8"><rect x="0" y="0" width="5" height="8" fill="#ff0000"/></svg>"##;
        let png = to_png(svg, 2.0).expect("render");
        // PNG signature, then the IHDR chunk: width 20, height 16 (twice 10 × 8).
        assert_eq!(&png.bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png.bytes[16..24], &[0, 0, 0, 20, 0, 0, 0, 16]);
    }

    #[test]
    fn row_by_row_encoding_gives_the_pixels_tiny_skia_encodes() {
        // Half-transparent pixels too, so that undoing premultiplied alpha is checked.
        let mut pixmap = tiny_skia::Pixmap::new(3, 2).expect("pixmap");
        pixmap.fill(tiny_skia::Color::from_rgba8(200, 100, 50, 128));
        let mut paint = tiny_skia::Paint::default();
        paint.set_color_rgba8(10, 220, 30, 255);
        let rect = tiny_skia::Rect::from_xywh(0.0, 0.0, 1.0, 2.0).expect("rect");
        pixmap.fill_rect(rect, &paint, tiny_skia::Transform::identity(), None);
        let decode = |bytes: &[u8]| {
            let mut reader =
                png::Decoder::new(std::io::Cursor::new(bytes.to_vec())).read_info().expect("png");
            let mut buf = vec![0; reader.output_buffer_size().expect("size")];
            let info = reader.next_frame(&mut buf).expect("frame");
            (info.width, info.height, buf[..info.buffer_size()].to_vec())
        };
        let ours = decode(&encode(&pixmap).expect("encode"));
        let theirs = decode(&pixmap.encode_png().expect("encode"));
        assert_eq!((ours.0, ours.1), (3, 2));
        assert_eq!(ours, theirs);
        // The opaque green column, then the half-transparent fill.
        assert_eq!(&ours.2[..4], &[10, 220, 30, 255]);
        assert_eq!(ours.2[7], 128);
    }
}
