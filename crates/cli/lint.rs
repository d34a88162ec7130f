//! Linting files and directories with their configuration: what `check`, `fix`, `baseline`,
//! `config` and the server share.

use std::{
    collections::HashMap,
    io,
    path::{Path, PathBuf},
    sync::Arc,
};

use miette::{Result, miette};
use phi_lint::config::absolute;
use phi_lint::{Config, Document, Linter, Redaction};

use crate::args::LintArgs;
use crate::document::FileResult;
use crate::{files, git};

/// A file that could not be checked, and why.
#[derive(Debug)]
pub(crate) struct Skipped {
    pub(crate) path: PathBuf,
    pub(crate) reason: String,
    /// True for a read or decoding error (exit 2); false for a skip the user asked for
    /// (`--skip-unreadable`).
    pub(crate) error: bool,
}

/// A config with its compiled linter.
pub(crate) struct Loaded {
    pub(crate) config: Config,
    pub(crate) linter: Linter,
}

/// Finds, loads and caches configs per directory.
pub(crate) struct Configs<'a> {
    args: &'a LintArgs,
    fixed: Option<Arc<Loaded>>,
    by_file: HashMap<Option<PathBuf>, Arc<Loaded>>,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
}

impl<'a> Configs<'a> {
    pub(crate) fn new(args: &'a LintArgs) -> Result<Configs<'a>> {
        let mut c = Configs {
            args,
            fixed: None,
            by_file: HashMap::new(),
            by_dir: HashMap::new(),
        };
        if args.config.isolated {
            c.fixed = Some(Arc::new(c.compile(Config::defaults(repo_root()))?));
        } else if let Some(path) = &args.config.file {
            c.fixed = Some(Arc::new(c.compile(Config::load(path)?)?));
        }
        Ok(c)
    }

    fn compile(&self, config: Config) -> Result<Loaded> {
        let builder = config
            .linter_builder()
            .redaction(Redaction::Label)
            .inline_suppressions(!self.args.no_inline_ignores);
        let linter = self.args.rules.apply(builder).build()?;
        Ok(Loaded { config, linter })
    }

    /// The config that applies to `path`.
    pub(crate) fn for_path(&mut self, path: &Path) -> Result<Arc<Loaded>> {
        if let Some(f) = &self.fixed {
            return Ok(f.clone());
        }
        let abs = absolute(path);
        let dir = if abs.is_dir() {
            abs
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let file = match self.by_dir.get(&dir) {
            Some(f) => f.clone(),
            None => {
                let f = Config::find(&dir);
                self.by_dir.insert(dir, f.clone());
                f
            }
        };
        if let Some(l) = self.by_file.get(&file) {
            return Ok(l.clone());
        }
        let config = match &file {
            Some(f) => Config::load(f)?,
            None => Config::defaults(repo_root()),
        };
        let loaded = Arc::new(self.compile(config)?);
        self.by_file.insert(file, loaded.clone());
        Ok(loaded)
    }
}

/// The repository root (closest ancestor of the working directory with `.git`), else the
/// working directory. Baseline and SARIF paths are relative to it.
pub(crate) fn repo_root() -> PathBuf {
    let cwd = absolute(Path::new("."));
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .map_or(cwd.clone(), Path::to_path_buf)
}

/// Everything `check` and `baseline` need after linting.
pub(crate) struct Outcome {
    pub(crate) results: Vec<FileResult>,
    pub(crate) skipped: Vec<Skipped>,
    pub(crate) excluded: usize,
}

/// A file to lint: its display path, repo-relative path and where its content is read from.
/// Content is read when the file's turn comes, so one file's bytes are held at a time.
struct Input {
    path: PathBuf,
    rel: String,
    source: Source,
}

enum Source {
    Stdin,
    File,
    /// The index content of this repository-relative path.
    Staged(String),
}

/// Lints the paths named in `args` (or the staged files), applying configs, inline
/// suppressions, fingerprints and the `--diff-base` filter. Files are read, checked and
/// dropped one at a time: a result keeps its file's text only with `keep_text` (the human
/// report's excerpts, fixes) and findings or problems to show.
pub(crate) fn lint(args: &LintArgs, keep_text: bool) -> Result<Outcome> {
    let root = repo_root();
    let mut configs = Configs::new(args)?;
    let mut skipped = Vec::new();
    let mut inputs = Vec::new();
    let mut excluded = 0;
    let mut ignore_files = files::IgnoreFiles::default();
    // Config `exclude` (with the default excludes) and `.phi-lintignore` skip a file, except a
    // file named on the command line without --force-exclude.
    let mut is_excluded = |cfg: &Loaded, path: &Path, explicit: bool| {
        (!explicit || args.force_exclude)
            && (cfg.config.is_excluded(path) || ignore_files.is_ignored(path))
    };
    let rel_of = |p: &Path| {
        let abs = absolute(p);
        git::relative_to(&abs, &root).unwrap_or_else(|| abs.to_string_lossy().replace('\\', "/"))
    };

    if args.staged {
        let top = git::toplevel()?;
        let cwd = absolute(Path::new("."));
        let filters: Vec<PathBuf> = args
            .paths
            .iter()
            .filter(|p| p.as_os_str() != ".")
            .map(|p| absolute(p))
            .collect();
        for rel in git::staged_files()? {
            let abs = top.join(&rel);
            if !filters.is_empty() && !filters.iter().any(|f| abs.starts_with(f)) {
                continue;
            }
            let explicit = filters.contains(&abs);
            if !explicit && !files::is_candidate(&abs) {
                continue;
            }
            let path = abs
                .strip_prefix(&cwd)
                .map_or(abs.clone(), Path::to_path_buf);
            let cfg = configs.for_path(&path)?;
            if is_excluded(&cfg, &path, explicit) {
                excluded += 1;
                continue;
            }
            inputs.push(Input {
                source: Source::Staged(rel),
                rel: rel_of(&abs),
                path,
            });
        }
    } else {
        let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) = args
            .paths
            .iter()
            .cloned()
            .partition(|p| p.as_os_str() == "-");
        if !stdin.is_empty() {
            let path = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("-"));
            let cfg = configs.for_path(&path)?;
            if is_excluded(&cfg, &path, true) {
                excluded += 1;
            } else {
                inputs.push(Input {
                    source: Source::Stdin,
                    rel: if args.stdin_filename.is_some() {
                        rel_of(&path)
                    } else {
                        "-".into()
                    },
                    path,
                });
            }
        } else if args.stdin_filename.is_some() {
            return Err(miette!(
                help =
                    "pass `-` as the path to read stdin: `phi-lint check - --stdin-filename FILE`",
                "--stdin-filename applies to stdin only"
            ));
        }
        let mut walk_errors = Vec::new();
        let paths = files::collect(&paths, &mut walk_errors);
        skipped.extend(walk_errors.into_iter().map(|(path, reason)| Skipped {
            path,
            reason,
            error: true,
        }));
        for path in paths {
            let explicit = args.paths.contains(&path);
            let cfg = configs.for_path(&path)?;
            if is_excluded(&cfg, &path, explicit) {
                excluded += 1;
                continue;
            }
            inputs.push(Input {
                source: Source::File,
                rel: rel_of(&path),
                path,
            });
        }
    }

    let changed = match &args.diff_base {
        Some(base) => Some(git::changed_lines(base, args.staged)?),
        None => None,
    };

    let loaded = inputs
        .iter()
        .map(|input| configs.for_path(&input.path))
        .collect::<Result<Vec<_>>>()?;
    // Each input is read when a worker takes it and dropped once checked, so the run never
    // holds every file at once.
    let check = |input: Input, cfg: &Loaded| -> Checked {
        let limits = args.limits(cfg.config.limits());
        let read =
            match input.source {
                Source::Stdin => Document::read_from(&input.path, io::stdin().lock(), &limits)
                    .map_err(|e| match e.kind() {
                        io::ErrorKind::InvalidData | io::ErrorKind::FileTooLarge => e,
                        _ => io::Error::new(e.kind(), format!("cannot read stdin: {e}")),
                    }),
                Source::File => Document::read(&input.path, &limits),
                Source::Staged(rel) => git::staged_content(&rel)
                    .map_err(|e| io::Error::other(e.to_string()))
                    .and_then(|bytes| Document::within(&input.path, bytes, &limits)),
            };
        let doc = match read {
            Ok(doc) => doc,
            Err(e) => {
                // Binary or not decodable: a gate must not pass what it could not read, so
                // this fails the run unless the user opted out. A file that cannot be read or
                // is over a size bound always fails it.
                let undecodable = e.kind() == io::ErrorKind::InvalidData;
                return Checked::Skipped(Skipped {
                    path: input.path,
                    reason: e.to_string(),
                    error: !(undecodable && args.skip_unreadable),
                });
            }
        };
        let doc = configure(args, cfg, doc, &input.rel);
        let report = cfg.linter.check_document(&doc);
        let mut result = FileResult {
            path: input.path,
            rel: input.rel,
            fail_on: cfg.config.fail_on(),
            src: doc.shared_text(),
            channel: doc.channel(),
            encoding: doc.encoding(),
            findings: report.findings,
            problems: report.problems,
            limit_exceeded: report.limit_exceeded,
        };
        if let Some(changed) = &changed {
            let lines = changed.get(&result.rel);
            result.findings.retain(|l| {
                lines.is_some_and(|set| (l.start.0..=l.end.0).any(|n| set.contains(&n)))
            });
        }
        if !keep_text || (result.findings.is_empty() && result.problems.is_empty()) {
            result.src = Arc::from("");
        }
        Checked::Result(result)
    };
    let mut results = Vec::new();
    for checked in in_parallel(inputs, &loaded, check) {
        match checked {
            Checked::Result(r) => results.push(r),
            Checked::Skipped(s) => skipped.push(s),
        }
    }
    // Every caller (check, baseline) is a one-shot command that exits next: freeing the
    // linters' rules one allocation at a time would cost a tenth of checking one file.
    std::mem::forget((loaded, configs));
    Ok(Outcome {
        results,
        skipped,
        excluded,
    })
}

/// `doc` read as `check` reads it: the command line's channel and dialect, the file's config.
pub(crate) fn configure(args: &LintArgs, cfg: &Loaded, doc: Document, rel: &str) -> Document {
    let mut doc = doc.with_baseline_path(rel);
    if let Some(channel) = args.channel {
        doc = doc.with_channel(channel);
    }
    if let Some(dialect) = args.syntax {
        doc = doc.with_dialect(dialect);
    }
    cfg.config.configure(doc)
}

/// What checking one input gave.
enum Checked {
    Result(FileResult),
    Skipped(Skipped),
}

/// `check` applied to every input with its config, on as many threads as there are cores (one
/// file: none spawned), the outputs in input order. Workers take the next input from a shared
/// counter, so one large file does not hold up a whole share of the others.
fn in_parallel(
    inputs: Vec<Input>,
    loaded: &[Arc<Loaded>],
    check: impl Fn(Input, &Loaded) -> Checked + Sync,
) -> Vec<Checked> {
    let jobs = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(inputs.len());
    if jobs <= 1 {
        return inputs
            .into_iter()
            .zip(loaded)
            .map(|(input, cfg)| check(input, cfg))
            .collect();
    }
    let slots: Vec<std::sync::Mutex<Option<Input>>> = inputs
        .into_iter()
        .map(|i| std::sync::Mutex::new(Some(i)))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Checked)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(slot) = slots.get(i) else {
                            return out;
                        };
                        let input = slot.lock().map(|mut s| s.take()).ok().flatten();
                        if let Some(input) = input {
                            out.push((i, check(input, &loaded[i])));
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, c)| c).collect()
}
