//! A thin layer over quick-xml shared by the GraphML and GEXF readers: elements with their
//! attributes as strings, text with entities resolved, and errors with line numbers.
//!
//! Only XML's five predefined entities and character references are resolved; a document type
//! declaration is skipped, so no external or recursive entity is ever expanded.

use super::error::LoadError;
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

pub enum XmlEvent {
    Open {
        name: String,
        attrs: Vec<(String, String)>,
    },
    Close {
        name: String,
    },
    Text(String),
}

pub struct XmlStream<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    file: &'a str,
    /// Last byte offset whose line is known, to count lines incrementally.
    counted_to: usize,
    counted_line: usize,
}

impl<'a> XmlStream<'a> {
    pub fn new(text: &'a str, file: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().expand_empty_elements = true;
        reader.config_mut().check_end_names = true;
        Self {
            reader,
            text,
            file,
            counted_to: 0,
            counted_line: 1,
        }
    }

    /// The line of the reader's current position.
    pub fn line(&mut self) -> usize {
        let pos = (self.reader.buffer_position() as usize).min(self.text.len());
        if pos >= self.counted_to {
            self.counted_line += self.text.as_bytes()[self.counted_to..pos]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        } else {
            self.counted_line = 1 + self.text.as_bytes()[..pos]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        }
        self.counted_to = pos;
        self.counted_line
    }

    pub fn error(&mut self, message: impl Into<String>) -> LoadError {
        let line = self.line();
        LoadError::at_line(self.file, line, message)
    }

    /// The next element boundary or text; `None` at the end of the document.
    pub fn next(&mut self) -> Result<Option<XmlEvent>, LoadError> {
        loop {
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => return Err(self.error(format!("expected well-formed XML: {e}"))),
            };
            return Ok(Some(match event {
                Event::Start(e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    let mut attrs = Vec::new();
                    for a in e.attributes() {
                        let a = match a {
                            Ok(a) => a,
                            Err(err) => {
                                return Err(self.error(format!(
                                    "expected a well-formed attribute in <{name}>: {err}"
                                )));
                            }
                        };
                        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                        let value = match a.normalized_value(XmlVersion::Implicit1_0) {
                            Ok(v) => v.into_owned(),
                            Err(err) => {
                                return Err(self.error(format!("attribute `{key}` of <{name}>: {err} (only the predefined entities are allowed)")));
                            }
                        };
                        attrs.push((key, value));
                    }
                    XmlEvent::Open { name, attrs }
                }
                Event::End(e) => XmlEvent::Close {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                },
                Event::Text(t) => match t.xml10_content() {
                    Ok(s) => XmlEvent::Text(s.into_owned()),
                    Err(e) => return Err(self.error(format!("expected UTF-8 text: {e}"))),
                },
                Event::CData(t) => {
                    XmlEvent::Text(String::from_utf8_lossy(&t.into_inner()).into_owned())
                }
                Event::GeneralRef(r) => {
                    let name = String::from_utf8_lossy(&r.clone().into_inner()).into_owned();
                    if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => XmlEvent::Text(c.to_string()),
                            _ => {
                                return Err(self.error(format!(
                                    "expected a valid character reference, found `&{name};`"
                                )));
                            }
                        }
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        XmlEvent::Text(s.to_string())
                    } else {
                        return Err(self.error(format!(
                            "unknown entity `&{}`; only &amp; &lt; &gt; &quot; &apos; are allowed (entities are never expanded)",
                            crate::graph::shorten(&name)
                        )));
                    }
                }
                Event::Eof => return Ok(None),
                Event::Empty(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::DocType(_) => continue,
            }));
        }
    }

    /// Collects the text up to the end of the element just opened.
    pub fn text_until_close(&mut self) -> Result<String, LoadError> {
        let mut out = String::new();
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Some(XmlEvent::Text(t)) => out.push_str(&t),
                Some(XmlEvent::Open { .. }) => depth += 1,
                Some(XmlEvent::Close { .. }) if depth == 0 => return Ok(out),
                Some(XmlEvent::Close { .. }) => depth -= 1,
                None => return Err(self.error("expected a closing tag, found the end of the file")),
            }
        }
    }
}

pub fn attr<'b>(attrs: &'b [(String, String)], key: &str) -> Option<&'b str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Escapes text for an XML attribute or element body.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
