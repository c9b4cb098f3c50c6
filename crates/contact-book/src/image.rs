//! Profile pictures are recognised by their bytes, never by a file name or declared type.

/// The picture types accepted, as content types.
pub const IMAGE_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// The content type of a JPEG, PNG or WebP picture, judged from its first bytes; `None` for
/// anything else, whatever it claims to be.
pub fn detect_image_type(bytes: &[u8]) -> Option<&'static str> {
    let kind = infer::get(bytes)?;
    IMAGE_TYPES.into_iter().find(|t| *t == kind.mime_type())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_recognised_by_their_bytes() {
        assert_eq!(
            detect_image_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some("image/jpeg")
        );
        assert_eq!(
            detect_image_type(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        assert_eq!(
            detect_image_type(b"RIFF\x24\0\0\0WEBPVP8 "),
            Some("image/webp")
        );
    }

    #[test]
    fn anything_else_is_refused() {
        assert_eq!(detect_image_type(b"GIF89a\x01\0\x01\0"), None);
        assert_eq!(
            detect_image_type(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            None
        );
        assert_eq!(detect_image_type(b"%PDF-1.7"), None);
        assert_eq!(detect_image_type(b"just text"), None);
        assert_eq!(detect_image_type(&[]), None);
        assert_eq!(detect_image_type(&[0xFF]), None);
    }
}
