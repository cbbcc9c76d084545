//! Where the game's data files are found: from the working directory first, then beside the
//! executable and in the folders above it. `cargo run` starts in the repository, where
//! `scenarios/` is; the built binary, started from anywhere else (a desktop launcher, another
//! folder), still finds the repository's scenarios that way.

use std::path::{Path, PathBuf};

/// How many folders are searched, from the executable's own upwards: `target/release/deps`,
/// `target/release`, `target` and the repository holding it.
const SEARCH_DEPTH: usize = 4;

/// The file or folder `path` names. A relative path that does not exist from the working
/// directory is looked for beside the executable and in the folders above it; if it is found
/// nowhere, `path` comes back as given, so that the error names what was asked for.
#[must_use]
pub fn locate(path: &Path) -> PathBuf {
    locate_from(path, std::env::current_exe().ok().as_deref())
}

fn locate_from(path: &Path, exe: Option<&Path>) -> PathBuf {
    if path.is_absolute() || path.exists() {
        return path.to_path_buf();
    }
    exe.and_then(Path::parent)
        .into_iter()
        .flat_map(Path::ancestors)
        .take(SEARCH_DEPTH)
        .map(|dir| dir.join(path))
        .find(|candidate| candidate.exists())
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::locate_from;
    use std::path::Path;

    #[test]
    fn a_missing_relative_path_is_found_above_the_executable() {
        let root = std::env::temp_dir().join(format!("kalbajar-data-{}", std::process::id()));
        let scenario = root.join("scenarios/demo/scenario.ron");
        std::fs::create_dir_all(scenario.parent().unwrap()).unwrap();
        std::fs::write(&scenario, "()").unwrap();
        let exe = root.join("target/release/deps/kalbajar");
        let wanted = Path::new("scenarios/demo/scenario.ron");
        assert!(
            !wanted.exists(),
            "the test needs a path missing from the working directory"
        );

        assert_eq!(locate_from(wanted, Some(&exe)), scenario);
        // Too far above the executable, or no executable known: the path as given.
        let deep = root.join("a/b/c/d/e/kalbajar");
        assert_eq!(locate_from(wanted, Some(&deep)), wanted);
        assert_eq!(locate_from(wanted, None), wanted);
        // A path that exists from the working directory is kept as it is.
        assert_eq!(
            locate_from(Path::new("Cargo.toml"), Some(&exe)),
            Path::new("Cargo.toml")
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
