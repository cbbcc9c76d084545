//! Reading RON files with errors that name the file, line and column, and say what to do.

use serde::de::DeserializeOwned;
use std::fmt;
use std::path::{Path, PathBuf};

/// A file that could not be read or parsed, or whose content is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file the error is about.
    pub file: PathBuf,
    pub kind: LoadErrorKind,
    /// The file (and field) that names this one, when it was reached through another file.
    pub named_by: Option<String>,
}

/// What went wrong with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// It could not be read at all.
    Io(String),
    /// It is not text.
    NotText,
    /// It is not valid RON for what was expected, at this line and column (1-based).
    Syntax {
        line: usize,
        col: usize,
        message: String,
    },
    /// It parsed, but its content breaks these rules (each with the path to the field).
    Invalid(Vec<String>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(by) = &self.named_by {
            write!(f, "{by}: in the file it names, ")?;
        }
        let file = self.file.display();
        match &self.kind {
            LoadErrorKind::Io(e) => write!(
                f,
                "{file}: cannot read the file: {e}; check the path and permissions"
            ),
            LoadErrorKind::NotText => write!(
                f,
                "{file}: this is not a text file (it is not valid UTF-8); the game reads scenarios, maps, rules, replays and saved games only as RON text"
            ),
            LoadErrorKind::Syntax { line, col, message } => {
                write!(f, "{file}:{line}:{col}: {message}")?;
                if let Some(hint) = hint_for(message) {
                    write!(f, " ({hint})")?;
                }
                Ok(())
            }
            LoadErrorKind::Invalid(errors) => {
                write!(f, "{file}: {} error(s):", errors.len())?;
                for e in errors {
                    write!(f, "\n  - {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// A short suggestion for common RON mistakes.
fn hint_for(message: &str) -> Option<&'static str> {
    let m = message.to_ascii_lowercase();
    if m.contains("the file is empty") {
        Some("write the data, e.g. ScenarioFile( ... ) as in scenarios/kalbajar_1993/scenario.ron")
    } else if m.contains("unexpected end") || m.contains("eof") || m.contains("ends too early") {
        Some("the file ends too early: is it truncated, or is a bracket not closed?")
    } else if m.contains("unexpected field") || m.contains("unknown field") {
        Some("check the spelling of the field name against the scenario format in the README")
    } else if m.contains("missing field") || m.contains("missing struct field") {
        Some("add the field; every field without a default is required")
    } else if m.contains("unknown variant") || m.contains("unexpected variant") {
        Some("use one of the names listed")
    } else if m.contains("trailing") {
        Some("remove what follows the closing bracket")
    } else {
        None
    }
}

/// Parses RON text into `T`, reporting errors against `file`.
///
/// # Errors
/// [`LoadErrorKind::Syntax`] with the line and column of the first problem.
pub fn parse_ron<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, LoadError> {
    if without_comments(text).trim().is_empty() {
        let line = text.lines().count().max(1);
        return Err(LoadError {
            file: file.to_path_buf(),
            kind: LoadErrorKind::Syntax {
                line,
                col: 1,
                message: "the file is empty: it ends too early, before any data (only white space and comments)".into(),
            },
            named_by: None,
        });
    }
    let options = ron::Options::default();
    options.from_str(text).map_err(|e| {
        let (line, col) = (e.span.start.line, e.span.start.col);
        let mut message = e.code.to_string();
        // An error at or running to the end of the text (the last token cut short, a string
        // left open) means the text was cut short or a bracket or quote is missing.
        let at_end = ends_after(text, line, col)
            || ends_after(text, e.span.end.line, e.span.end.col)
            || matches!(e.code, ron::Error::ExpectedStringEnd);
        let m = message.to_ascii_lowercase();
        let said = ["unexpected end", "eof", "ends too early", "trailing"]
            .iter()
            .any(|w| m.contains(w));
        if at_end && !said {
            message = format!("the file ends too early (truncated?): {message}");
        }
        LoadError {
            file: file.to_path_buf(),
            kind: LoadErrorKind::Syntax { line, col, message },
            named_by: None,
        }
    })
}

/// The text with `//` and `/* */` comments blanked out (strings are respected).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether nothing but white space and comments follows line `line`, column `col` (1-based).
fn ends_after(text: &str, line: usize, col: usize) -> bool {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .chars()
                .take(col.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            offset += within;
            return without_comments(&text[offset.min(text.len())..])
                .trim()
                .is_empty();
        }
        offset += l.len();
    }
    true
}

/// Reads and parses a RON file.
///
/// # Errors
/// The file cannot be read, is not UTF-8 text, or is not valid RON for `T`.
pub fn read_ron<T: DeserializeOwned>(path: &Path) -> Result<T, LoadError> {
    let text = read_text(path)?;
    parse_ron(path, &text)
}

/// Reads a text file as [`read_ron`] does before parsing: refuses what is not UTF-8 text (or
/// holds NUL bytes) and drops a leading byte-order mark.
///
/// # Errors
/// The file cannot be read or is not text.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        file: path.to_path_buf(),
        kind: LoadErrorKind::Io(e.to_string()),
        named_by: None,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| LoadError {
        file: path.to_path_buf(),
        kind: LoadErrorKind::NotText,
        named_by: None,
    })?;
    if text.contains('\0') {
        return Err(LoadError {
            file: path.to_path_buf(),
            kind: LoadErrorKind::NotText,
            named_by: None,
        });
    }
    // A byte-order mark is not RON; editors on some systems add one.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Serialises a value as pretty RON, `depth` levels expanded (deeper ones on one line).
///
/// # Errors
/// Only if `T`'s serialisation fails, which the project's types do not.
pub fn to_ron<T: serde::Serialize>(value: &T, depth: usize) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(depth)
        .struct_names(true);
    let mut s = ron::Options::default().to_string_pretty(value, config)?;
    s.push('\n');
    Ok(s)
}

/// Writes a file atomically: to a temporary file beside it, then renamed over it, so a crash
/// never leaves a half-written file.
///
/// # Errors
/// Any I/O error, with the file named.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), LoadError> {
    let io = |e: std::io::Error| LoadError {
        file: path.to_path_buf(),
        kind: LoadErrorKind::Io(e.to_string()),
        named_by: None,
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, contents).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only parsed")]
    struct Thing {
        a: u32,
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e = parse_ron::<Thing>(Path::new("x.ron"), "Thing(\n  a: 1,\n  b: 2,\n)").unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("x.ron:3:"), "{text}");
        assert!(text.contains('b'), "{text}");
    }

    #[test]
    fn an_unclosed_string_at_the_end_is_truncation_but_trailing_text_is_not() {
        #[derive(Debug, serde::Deserialize)]
        #[expect(dead_code, reason = "only parsed")]
        struct Named {
            name: String,
        }
        let e = parse_ron::<Named>(Path::new("s.ron"), "Named(\n  name: \"Kalba").unwrap_err();
        assert!(e.to_string().contains("ends too early"), "{e}");
        let e = parse_ron::<Thing>(Path::new("n.ron"), "Thing(\n  a: 12").unwrap_err();
        assert!(e.to_string().contains("ends too early"), "{e}");
        let e = parse_ron::<Thing>(Path::new("t.ron"), "Thing(a: 1) extra").unwrap_err();
        assert!(!e.to_string().contains("ends too early"), "{e}");
        assert!(e.to_string().contains("trailing"), "{e}");
    }

    #[test]
    fn empty_file_says_it_ends_too_early() {
        let e = parse_ron::<Thing>(Path::new("e.ron"), "").unwrap_err();
        assert!(e.to_string().contains("ends too early"), "{e}");
    }
}
