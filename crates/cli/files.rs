//! Which files to read when walking directories. How each is read is the library's
//! (`phi_lint::Document`).

use std::path::PathBuf;

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
            .add_custom_ignore_filename(".phi-lintignore")
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
