//! The one error type of every reader: which file, where in it, and what was expected.

use std::fmt;

/// A place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// 1-based line number.
    Line(usize),
    /// 0-based byte offset (binary formats, encoding errors).
    Byte(usize),
}

/// Why a file could not be read, with enough detail to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub at: Option<Position>,
    pub message: String,
}

impl LoadError {
    pub fn new(file: &str, at: Option<Position>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            at,
            message: message.into(),
        }
    }

    pub fn at_line(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self::new(file, Some(Position::Line(line)), message)
    }

    pub fn whole(file: &str, message: impl Into<String>) -> Self {
        Self::new(file, None, message)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(Position::Line(l)) => write!(f, "{}, line {}: {}", self.file, l, self.message),
            Some(Position::Byte(b)) => write!(f, "{}, byte {}: {}", self.file, b, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for LoadError {}

/// Decodes UTF-8 (dropping a byte-order mark), reporting where the first bad byte is.
pub fn utf8<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        LoadError::at_line(
            file,
            line,
            format!(
                "expected UTF-8 text, found byte 0x{:02x} at offset {at} (save the file as UTF-8)",
                bytes.get(at).copied().unwrap_or(0)
            ),
        )
    })
}

/// Parses an edge weight, which must be a finite number.
pub fn parse_weight(token: &str, file: &str, line: usize) -> Result<f32, LoadError> {
    match token.parse::<f64>() {
        Ok(w) if w.is_finite() && w.abs() <= f32::MAX as f64 => Ok(w as f32),
        Ok(_) => Err(LoadError::at_line(
            file,
            line,
            format!(
                "expected a finite edge weight, found `{}`: pooling and the layout multiply by \
                 the weights, so each must be a finite number; remove such rows, replace the \
                 value by a finite one (the largest other weight, say), or drop the weight \
                 column to read the graph unweighted",
                crate::graph::shorten(token)
            ),
        )),
        Err(_) => Err(LoadError::at_line(
            file,
            line,
            format!(
                "expected a number for the edge weight, found `{}`",
                crate::graph::shorten(token)
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_and_line() {
        let e = LoadError::at_line("g.csv", 3, "expected two columns");
        assert_eq!(e.to_string(), "g.csv, line 3: expected two columns");
    }

    #[test]
    fn bad_utf8_reports_line() {
        let e = utf8(b"a\nb\n\xff", "x.txt").err();
        assert_eq!(e.map(|e| e.at), Some(Some(Position::Line(3))));
        assert_eq!(utf8(b"\xEF\xBB\xBFok", "x").ok(), Some("ok"));
    }

    #[test]
    fn weights_must_be_finite_numbers() {
        assert_eq!(parse_weight("2.5", "f", 1).ok(), Some(2.5));
        assert!(parse_weight("nan", "f", 1).is_err());
        assert!(parse_weight("1e300", "f", 1).is_err());
        assert!(parse_weight("abc", "f", 1).is_err());
    }
}
