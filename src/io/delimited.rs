//! Splitting delimited text lines (CSV, TSV, whitespace) with comment and quote handling,
//! shared by the edge-list, node-table and assignment readers.

/// How fields are separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Tab,
    Whitespace,
}

impl Delimiter {
    /// Guesses from a sample line: a comma, else a tab, else runs of white space.
    pub fn guess(line: &str) -> Self {
        if line.contains(',') {
            Delimiter::Comma
        } else if line.contains('\t') {
            Delimiter::Tab
        } else {
            Delimiter::Whitespace
        }
    }
}

/// True for blank lines and `#` / `%` comments.
pub fn is_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#') || t.starts_with('%')
}

/// Splits one line into fields; double quotes group a field and `""` is a literal quote.
pub fn split<'a>(line: &'a str, delim: Delimiter, out: &mut Vec<std::borrow::Cow<'a, str>>) {
    use std::borrow::Cow;
    out.clear();
    let line = line.trim_end_matches(['\r', '\n']);
    match delim {
        Delimiter::Whitespace => out.extend(
            line.split_whitespace()
                .map(|f| Cow::Borrowed(unquote_simple(f))),
        ),
        Delimiter::Comma | Delimiter::Tab => {
            let sep = if delim == Delimiter::Comma { ',' } else { '\t' };
            if !line.contains('"') {
                out.extend(line.split(sep).map(|f| Cow::Borrowed(f.trim())));
                return;
            }
            let mut field = String::new();
            let mut in_quotes = false;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if in_quotes && chars.peek() == Some(&'"') => {
                        field.push('"');
                        chars.next();
                    }
                    '"' => in_quotes = !in_quotes,
                    c if c == sep && !in_quotes => {
                        out.push(Cow::Owned(field.trim().to_string()));
                        field.clear();
                    }
                    c => field.push(c),
                }
            }
            out.push(Cow::Owned(field.trim().to_string()));
        }
    }
}

fn unquote_simple(f: &str) -> &str {
    f.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(f)
}

/// Quotes a field for CSV output when it needs it.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r'])
        || s.starts_with(' ')
        || s.ends_with(' ')
        || s.starts_with('#')
    {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str, d: Delimiter) -> Vec<String> {
        let mut out = Vec::new();
        split(line, d, &mut out);
        out.into_iter().map(|c| c.into_owned()).collect()
    }

    #[test]
    fn splits_quoted_csv() {
        assert_eq!(
            fields(r#"1,"a, b","""x""""#, Delimiter::Comma),
            vec!["1", "a, b", "\"x\""]
        );
        assert_eq!(fields("a\tb\t 3 ", Delimiter::Tab), vec!["a", "b", "3"]);
        assert_eq!(
            fields("  a   b 2.5\r", Delimiter::Whitespace),
            vec!["a", "b", "2.5"]
        );
    }

    #[test]
    fn csv_field_round_trips_through_split() {
        for s in ["plain", "with, comma", "quote \"q\"", " padded "] {
            let line = format!("{},x", csv_field(s));
            assert_eq!(fields(&line, Delimiter::Comma)[0], s.trim());
        }
    }

    #[test]
    fn guesses_and_comments() {
        assert_eq!(Delimiter::guess("a,b"), Delimiter::Comma);
        assert_eq!(Delimiter::guess("a\tb"), Delimiter::Tab);
        assert_eq!(Delimiter::guess("a b"), Delimiter::Whitespace);
        assert!(is_comment("  # x") && is_comment("% y") && is_comment("") && !is_comment("1 2"));
    }
}
