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
        let file = self.file.display();
        match &self.kind {
            LoadErrorKind::Io(e) => write!(
                f,
                "{file}: cannot read the file: {e}; check the path and permissions"
            ),
            LoadErrorKind::NotText => write!(
                f,
                "{file}: this is not a text file (it is not valid UTF-8); a scenario file must be RON text"
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
    if m.contains("unexpected end") || m.contains("eof") {
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
    let blank = text
        .lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with("//"));
    if blank {
        let line = text.lines().count().max(1);
        return Err(LoadError {
            file: file.to_path_buf(),
            kind: LoadErrorKind::Syntax {
                line,
                col: 1,
                message: "unexpected end of file: the file is empty or holds only comments".into(),
            },
        });
    }
    let options = ron::Options::default();
    options.from_str(text).map_err(|e| LoadError {
        file: file.to_path_buf(),
        kind: LoadErrorKind::Syntax {
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
        },
    })
}

/// Reads and parses a RON file.
///
/// # Errors
/// The file cannot be read, is not UTF-8 text, or is not valid RON for `T`.
pub fn read_ron<T: DeserializeOwned>(path: &Path) -> Result<T, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        file: path.to_path_buf(),
        kind: LoadErrorKind::Io(e.to_string()),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| LoadError {
        file: path.to_path_buf(),
        kind: LoadErrorKind::NotText,
    })?;
    if text.contains('\0') {
        return Err(LoadError {
            file: path.to_path_buf(),
            kind: LoadErrorKind::NotText,
        });
    }
    parse_ron(path, &text)
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
    fn empty_file_says_it_ends_too_early() {
        let e = parse_ron::<Thing>(Path::new("e.ron"), "").unwrap_err();
        assert!(e.to_string().contains("ends too early"), "{e}");
    }
}
