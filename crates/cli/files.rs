//! Which files to read when walking directories. How each is read is the library's
//! (`phi_lint::Document`).

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
};

use ignore::{Match, gitignore::Gitignore};
use phi_lint::config::absolute;

pub(crate) use phi_lint::document::is_candidate;

/// Collects files under `paths` (gitignore-aware). Explicit file paths are always read.
pub(crate) fn collect(paths: &[PathBuf], errors: &mut Vec<(PathBuf, String)>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for root in paths {
        // `metadata` follows symlinks: a loop or a dangling link reports its own error, not
        // "no such file".
        match std::fs::metadata(root) {
            // Regular files, and anything else named that is not a directory (a FIFO,
            // `/dev/stdin`, a process substitution): named on the command line, it is read.
            Ok(meta) if !meta.is_dir() => {
                out.push(root.clone());
                continue;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let dangling = std::fs::symlink_metadata(root).is_ok();
                let reason = if dangling {
                    "broken symbolic link"
                } else {
                    "no such file or directory"
                };
                errors.push((root.clone(), reason.into()));
                continue;
            }
            Err(e) => {
                errors.push((root.clone(), e.to_string()));
                continue;
            }
        }
        let walker = ignore::WalkBuilder::new(root)
            .add_custom_ignore_filename(IGNORE_FILE)
            .build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_candidate(e.path()) => {
                    // `check .` and `check a` show paths alike: `a.txt`, not `./a.txt`.
                    let path = e.into_path();
                    out.push(match path.strip_prefix(".") {
                        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
                        _ => path,
                    });
                }
                Ok(_) => {}
                Err(e) => errors.push((root.clone(), e.to_string())),
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The `.phi-lintignore` files that apply to a path outside a directory walk (a file named on
/// the command line, a staged file): gitignore rules of each ancestor's `.phi-lintignore` up
/// to the repository root, the closest deciding. Directory walks apply them as they go.
#[derive(Default)]
pub(crate) struct IgnoreFiles {
    by_dir: HashMap<PathBuf, Option<Gitignore>>,
}

/// The name of phi-lint's ignore file.
pub(crate) const IGNORE_FILE: &str = ".phi-lintignore";

impl IgnoreFiles {
    /// True when a `.phi-lintignore` ignores `path` (or a directory above it).
    pub(crate) fn is_ignored(&mut self, path: &Path) -> bool {
        let abs = absolute(path);
        for dir in abs.ancestors().skip(1) {
            let rules = self.by_dir.entry(dir.to_path_buf()).or_insert_with(|| {
                let file = dir.join(IGNORE_FILE);
                // An unreadable line is skipped, as git does; the walk reports nothing either.
                file.is_file().then(|| Gitignore::new(&file).0)
            });
            if let Some(rules) = rules {
                match rules.matched_path_or_any_parents(&abs, false) {
                    Match::Ignore(_) => return true,
                    Match::Whitelist(_) => return false,
                    Match::None => {}
                }
            }
            if dir.join(".git").exists() {
                break;
            }
        }
        false
    }
}
