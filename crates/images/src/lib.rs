//! The picture adapter of the [`PictureCodec`] port, on the `image` crate.
//!
//! An upload is recognised by its bytes (JPEG, PNG or WebP), its declared dimensions are held
//! against a pixel limit before anything is decoded (a small file can declare a picture that
//! would take gigabytes to decode), then it is decoded under allocation limits, turned upright
//! by its EXIF orientation and encoded again in its own format. Only pixels cross over: EXIF
//! (GPS positions, camera serials), ICC profiles, comments and whatever else was appended to
//! or hidden in the file are gone, and the stored bytes are ours.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits,
};
use storegister_app::{CleanPicture, PictureCodec, PictureFuture, PictureRefusal};
use storegister_contact_book::detect_image_type;

/// The quality JPEG pictures are encoded again with (of 100).
const JPEG_QUALITY: u8 = 90;

/// Decodes and encodes pictures on tokio's blocking threads.
#[derive(Clone, Copy, Debug)]
pub struct ImageCodec {
    max_pixels: u64,
}

impl ImageCodec {
    /// A codec refusing pictures of more than `max_pixels` pixels (width × height).
    pub fn new(max_pixels: u64) -> Self {
        Self { max_pixels }
    }

    /// The work itself, on the calling thread.
    pub fn clean_now(&self, upload: &[u8]) -> Result<CleanPicture, PictureRefusal> {
        let content_type = detect_image_type(upload).ok_or(PictureRefusal::NotAPicture)?;
        let format = match content_type {
            "image/png" => ImageFormat::Png,
            "image/webp" => ImageFormat::WebP,
            _ => ImageFormat::Jpeg,
        };
        let reader = || ImageReader::with_format(Cursor::new(upload), format);
        let (width, height) = reader()
            .into_dimensions()
            .map_err(|_| PictureRefusal::NotAPicture)?;
        let pixels = u64::from(width) * u64::from(height);
        if pixels > self.max_pixels {
            return Err(PictureRefusal::TooManyPixels {
                pixels,
                limit: self.max_pixels,
            });
        }
        if pixels == 0 {
            return Err(PictureRefusal::NotAPicture);
        }
        let mut limits = Limits::default();
        limits.max_image_width = Some(width);
        limits.max_image_height = Some(height);
        // the widest pixel the decoders produce (RGBA, 32-bit floats) and room for the
        // decoder's own buffers
        limits.max_alloc = Some(pixels.saturating_mul(16).saturating_add(64 << 20));
        let mut reader = reader();
        reader.limits(limits);
        let mut decoder = reader
            .into_decoder()
            .map_err(|_| PictureRefusal::NotAPicture)?;
        let orientation = decoder
            .orientation()
            .map_err(|_| PictureRefusal::NotAPicture)?;
        let mut picture =
            DynamicImage::from_decoder(decoder).map_err(|_| PictureRefusal::NotAPicture)?;
        picture.apply_orientation(orientation);
        let bytes = encode(&picture, format).map_err(|e| PictureRefusal::Failed(e.into()))?;
        Ok(CleanPicture {
            bytes,
            content_type,
        })
    }
}

/// The picture encoded in `format`, 8 bits per channel, with an alpha channel only where the
/// format has one and the picture uses it.
fn encode(picture: &DynamicImage, format: ImageFormat) -> image::ImageResult<Vec<u8>> {
    let (width, height) = (picture.width(), picture.height());
    let mut out = Vec::new();
    let keeps_alpha = format != ImageFormat::Jpeg && picture.color().has_alpha();
    let (pixels, color) = if keeps_alpha {
        (picture.to_rgba8().into_raw(), ExtendedColorType::Rgba8)
    } else {
        (picture.to_rgb8().into_raw(), ExtendedColorType::Rgb8)
    };
    match format {
        ImageFormat::Png => PngEncoder::new(&mut out).write_image(&pixels, width, height, color)?,
        ImageFormat::WebP => {
            WebPEncoder::new_lossless(&mut out).write_image(&pixels, width, height, color)?
        }
        _ => JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .write_image(&pixels, width, height, color)?,
    }
    Ok(out)
}

impl PictureCodec for ImageCodec {
    fn clean(&self, upload: Vec<u8>) -> PictureFuture {
        let codec = *self;
        Box::pin(async move {
            match tokio::task::spawn_blocking(move || codec.clean_now(&upload)).await {
                Ok(outcome) => outcome,
                Err(failed) => Err(PictureRefusal::Failed(failed.into())),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use image::{GenericImageView, Rgb, RgbImage, Rgba, RgbaImage};

    use super::*;

    fn png_of(picture: &DynamicImage) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn jpeg_with_exif(exif: Vec<u8>) -> Vec<u8> {
        let picture = RgbImage::from_pixel(4, 2, Rgb([200, 10, 10]));
        let mut out = Vec::new();
        let mut encoder = JpegEncoder::new(&mut out);
        encoder.set_exif_metadata(exif).unwrap();
        encoder
            .write_image(picture.as_raw(), 4, 2, ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    /// A little-endian EXIF block with one orientation entry (6: turn 90° clockwise).
    fn exif_rotated() -> Vec<u8> {
        let mut exif = b"II\x2a\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
        exif.extend_from_slice(&[6, 0, 0, 0, 0, 0, 0, 0]);
        exif
    }

    #[test]
    fn a_png_keeps_its_pixels_and_its_alpha() {
        let picture = DynamicImage::ImageRgba8(RgbaImage::from_pixel(3, 2, Rgba([1, 2, 3, 128])));
        let clean = ImageCodec::new(100).clean_now(&png_of(&picture)).unwrap();
        assert_eq!(clean.content_type, "image/png");
        let back = image::load_from_memory(&clean.bytes).unwrap();
        assert_eq!(back.dimensions(), (3, 2));
        assert_eq!(back.to_rgba8().get_pixel(2, 1), &Rgba([1, 2, 3, 128]));
    }

    #[test]
    fn metadata_is_dropped_and_the_picture_turned_upright() {
        let upload = jpeg_with_exif(exif_rotated());
        assert!(upload.windows(4).any(|w| w == b"Exif"));
        let clean = ImageCodec::new(100).clean_now(&upload).unwrap();
        assert_eq!(clean.content_type, "image/jpeg");
        assert!(
            !clean.bytes.windows(4).any(|w| w == b"Exif"),
            "no EXIF left"
        );
        let back = image::load_from_memory(&clean.bytes).unwrap();
        assert_eq!(back.dimensions(), (2, 4), "rotated by its orientation");
    }

    #[test]
    fn what_is_appended_to_a_picture_does_not_survive() {
        let picture = DynamicImage::ImageRgb8(RgbImage::from_pixel(2, 2, Rgb([9, 9, 9])));
        let mut polyglot = png_of(&picture);
        polyglot.extend_from_slice(b"<script>alert(1)</script>PK\x03\x04");
        let clean = ImageCodec::new(100).clean_now(&polyglot).unwrap();
        assert!(!clean.bytes.windows(8).any(|w| w == b"<script>"));
        assert!(!clean.bytes.windows(4).any(|w| w == b"PK\x03\x04"));
    }

    #[test]
    fn a_picture_beyond_the_pixel_limit_is_refused_before_decoding() {
        // a PNG header declaring 100,000 × 100,000 pixels, and nothing behind it
        let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bomb.extend_from_slice(&100_000u32.to_be_bytes());
        bomb.extend_from_slice(&100_000u32.to_be_bytes());
        bomb.extend_from_slice(&[8, 6, 0, 0, 0]);
        let crc = crc_of(&bomb[12..]);
        bomb.extend_from_slice(&crc.to_be_bytes());
        // a few bytes of image data and the end: far too little for the pixels declared
        for (kind, data) in [
            (&b"IDAT"[..], &b"\x78\x9c\x03\x00\x00\x00\x00\x01"[..]),
            (b"IEND", b""),
        ] {
            bomb.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
            let start = bomb.len();
            bomb.extend_from_slice(kind);
            bomb.extend_from_slice(data);
            let crc = crc_of(&bomb[start..]);
            bomb.extend_from_slice(&crc.to_be_bytes());
        }
        match ImageCodec::new(40_000_000).clean_now(&bomb) {
            Err(PictureRefusal::TooManyPixels { pixels, limit }) => {
                assert_eq!((pixels, limit), (10_000_000_000, 40_000_000));
            }
            other => panic!("{other:?}"),
        }
        let small = png_of(&DynamicImage::ImageRgb8(RgbImage::new(11, 10)));
        assert!(matches!(
            ImageCodec::new(100).clean_now(&small),
            Err(PictureRefusal::TooManyPixels { pixels: 110, .. })
        ));
    }

    #[test]
    fn what_is_not_a_decodable_picture_is_refused() {
        let codec = ImageCodec::new(1_000_000);
        for upload in [
            &b"GIF89a\x01\0\x01\0\x80\0\0"[..],
            b"<html>not a picture</html>",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0garbage",
            &[
                0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1, 2, 3,
            ],
            b"",
        ] {
            assert!(
                matches!(codec.clean_now(upload), Err(PictureRefusal::NotAPicture)),
                "{upload:?}"
            );
        }
    }

    #[tokio::test]
    async fn the_port_runs_off_the_calling_thread() {
        let picture = DynamicImage::ImageRgb8(RgbImage::from_pixel(5, 5, Rgb([0, 0, 255])));
        let upload = png_of(&picture);
        let clean = ImageCodec::new(100).clean(upload).await.unwrap();
        assert_eq!(clean.content_type, "image/png");
    }

    /// The CRC-32 of a PNG chunk (type and data), as the format defines it.
    fn crc_of(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
