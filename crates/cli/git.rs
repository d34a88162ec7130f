//! Git integration: staged content (`--staged`) and changed lines (`--diff-base REF`).

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
    process::Command,
};

use miette::{Result, miette};

fn git(args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| miette!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(miette!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// The repository's top-level directory.
pub(crate) fn toplevel() -> Result<PathBuf> {
    let out = git(&["rev-parse", "--show-toplevel"]).map_err(|e| {
        miette!(
            help = "--staged and --diff-base need a git work tree",
            "{e}"
        )
    })?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim()))
}

/// Files with staged additions, copies, modifications or renames (repo-relative).
pub(crate) fn staged_files() -> Result<Vec<String>> {
    let out = git(&[
        "diff",
        "--cached",
        "--name-only",
        "--diff-filter=ACMR",
        "-z",
        "--no-renames",
    ])?;
    Ok(out
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect())
}

/// The staged (index) content of a repo-relative path.
pub(crate) fn staged_content(rel: &str) -> Result<Vec<u8>> {
    let top = toplevel()?;
    let out = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["show", &format!(":{rel}")])
        .output()
        .map_err(|e| miette!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(miette!(
            "cannot read staged {rel}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// Lines added or changed since `base`, per repo-relative path. With `staged`, the index is
/// compared instead of the working tree.
pub(crate) fn changed_lines(base: &str, staged: bool) -> Result<BTreeMap<String, BTreeSet<usize>>> {
    let mut args = vec!["diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames"];
    if staged {
        args.push("--cached");
    }
    args.push(base);
    args.push("--");
    let top = toplevel()?;
    let out = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(&args)
        .output()
        .map_err(|e| miette!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(miette!(
            help = "pass a commit, branch or tag that exists locally (in CI, fetch it first)",
            "`git diff {base}` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(parse_diff(&String::from_utf8_lossy(&out.stdout)))
}

/// Parses `git diff -U0` output into added line numbers per new path.
pub(crate) fn parse_diff(diff: &str) -> BTreeMap<String, BTreeSet<usize>> {
    let mut map: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in diff.lines() {
        if let Some(path) = line.strip_prefix("+++ ") {
            current = path.strip_prefix("b/").map(str::to_owned);
            if let Some(p) = &current {
                map.entry(p.clone()).or_default();
            }
        } else if let Some(hunk) = line.strip_prefix("@@ ") {
            let Some(p) = &current else { continue };
            let Some(new) = hunk.split(' ').find(|s| s.starts_with('+')) else {
                continue;
            };
            let mut it = new[1..].split(',');
            let start: usize = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let count: usize = it.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            map.entry(p.clone())
                .or_default()
                .extend(start..start + count);
        }
    }
    map
}

/// `path` relative to `base` when it lies below it.
pub(crate) fn relative_to(path: &Path, base: &Path) -> Option<String> {
    path.strip_prefix(base)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hunks() {
        let diff = "diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n@@ -1,0 +2,2 @@\n+a\n+b\n@@ -5 +7 @@\n-c\n+d\n";
        let m = parse_diff(diff);
        assert_eq!(
            m["x.txt"].iter().copied().collect::<Vec<_>>(),
            vec![2, 3, 7]
        );
    }
}
