//! `phi-lint check`: lint files and directories, report, and decide the exit code.

use std::{
    collections::HashMap,
    io::{self, IsTerminal, Write},
    path::{Path, PathBuf},
    sync::Arc,
};

use miette::{IntoDiagnostic, Result, miette};
use phi_lint::{Channel, Linter, Redaction, RuleMeta, Severity};

use crate::Status;
use crate::args::{CheckArgs, CheckFormat, ColorArg, LintArgs};
use crate::baseline::{self, Baseline};
use crate::config::{self, Config, selector_matches};
use crate::document::{self, FileResult, Item};
use crate::{files, git, report, suppress};

/// A file that could not be checked, and why.
#[derive(Debug)]
pub(crate) struct Skipped {
    pub(crate) path: PathBuf,
    pub(crate) reason: String,
    /// True for a read error (exit 2); false for a deliberate skip (binary, not UTF-8).
    pub(crate) error: bool,
}

/// A config with its compiled linter and rule catalogue.
pub(crate) struct Loaded {
    pub(crate) config: Config,
    pub(crate) linter: Linter,
    /// Every rule the packs define (enabled or not), for suppression code checks.
    pub(crate) catalog: Vec<RuleMeta>,
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
        if args.isolated {
            c.fixed = Some(Arc::new(c.compile(Config::defaults(repo_root()))?));
        } else if let Some(path) = &args.config {
            c.fixed = Some(Arc::new(c.compile(config::load(path)?)?));
        }
        Ok(c)
    }

    fn compile(&self, config: Config) -> Result<Loaded> {
        let mut b = config.builder().redaction(Redaction::Label);
        let cli = &self.args.rules;
        if let Some(select) = &cli.select {
            b = b.select(config::lib_selectors(select));
        }
        b = b
            .extend_select(cli.extend_select.iter().cloned())
            .ignore(config::lib_selectors(&cli.ignore));
        let linter = b.build()?;
        let catalog = linter.catalog().cloned().collect();
        Ok(Loaded {
            config,
            linter,
            catalog,
        })
    }

    /// The config that applies to `path`.
    pub(crate) fn for_path(&mut self, path: &Path) -> Result<Arc<Loaded>> {
        if let Some(f) = &self.fixed {
            return Ok(f.clone());
        }
        let abs = config::absolute(path);
        let dir = if abs.is_dir() {
            abs
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let file = match self.by_dir.get(&dir) {
            Some(f) => f.clone(),
            None => {
                let f = config::discover(&dir);
                self.by_dir.insert(dir, f.clone());
                f
            }
        };
        if let Some(l) = self.by_file.get(&file) {
            return Ok(l.clone());
        }
        let config = match &file {
            Some(f) => config::load(f)?,
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
    let cwd = config::absolute(Path::new("."));
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

/// A file to lint: its display path, repo-relative path and content.
struct Input {
    path: PathBuf,
    rel: String,
    bytes: std::result::Result<Vec<u8>, String>,
}

/// Lints the paths named in `args` (or the staged files), applying configs, inline
/// suppressions, fingerprints and the `--diff-base` filter.
pub(crate) fn lint(args: &LintArgs) -> Result<Outcome> {
    let root = repo_root();
    let mut configs = Configs::new(args)?;
    let mut skipped = Vec::new();
    let mut inputs = Vec::new();
    let mut excluded = 0;
    let rel_of = |p: &Path| {
        let abs = config::absolute(p);
        git::relative_to(&abs, &root).unwrap_or_else(|| abs.to_string_lossy().replace('\\', "/"))
    };

    if args.staged {
        let top = git::toplevel()?;
        let cwd = config::absolute(Path::new("."));
        let filters: Vec<PathBuf> = args
            .paths
            .iter()
            .filter(|p| p.as_os_str() != ".")
            .map(|p| config::absolute(p))
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
            if cfg.config.is_excluded(&path) && (!explicit || args.force_exclude) {
                excluded += 1;
                continue;
            }
            inputs.push(Input {
                bytes: git::staged_content(&rel).map_err(|e| e.to_string()),
                rel: rel_of(&abs),
                path,
            });
        }
    } else {
        let mut walk_errors = Vec::new();
        let paths = files::collect(&args.paths, &mut walk_errors);
        skipped.extend(walk_errors.into_iter().map(|(path, reason)| Skipped {
            path,
            reason,
            error: true,
        }));
        for path in paths {
            let explicit = args.paths.contains(&path);
            let cfg = configs.for_path(&path)?;
            if cfg.config.is_excluded(&path) && (!explicit || args.force_exclude) {
                excluded += 1;
                continue;
            }
            inputs.push(Input {
                bytes: std::fs::read(&path).map_err(|e| e.to_string()),
                rel: rel_of(&path),
                path,
            });
        }
    }

    let changed = match &args.diff_base {
        Some(base) => Some(git::changed_lines(base, args.staged)?),
        None => None,
    };

    let mut results = Vec::new();
    for input in inputs {
        let bytes = match input.bytes {
            Ok(b) => b,
            Err(reason) => {
                skipped.push(Skipped {
                    path: input.path,
                    reason,
                    error: true,
                });
                continue;
            }
        };
        if bytes.iter().take(8192).any(|&b| b == 0) {
            skipped.push(Skipped {
                path: input.path,
                reason: "binary file".into(),
                error: false,
            });
            continue;
        }
        let Ok(src) = String::from_utf8(bytes) else {
            skipped.push(Skipped {
                path: input.path,
                reason: "not UTF-8 text".into(),
                error: false,
            });
            continue;
        };
        let cfg = configs.for_path(&input.path)?;
        let (channel, syntax) = cfg.config.overrides(&input.path);
        let spec = files::detect(
            &input.path,
            &src,
            args.channel.or(channel),
            args.syntax.or(syntax),
        );
        let mut result = document::lint(&cfg.linter, input.path, src, spec);
        result.rel = input.rel;
        result.fail_on = cfg.config.fail_on;
        filter_per_path(&mut result, &cfg, args);
        if !args.no_inline_ignores {
            let html = spec.channel == Channel::EmailHtml;
            suppress::apply(&mut result, &cfg.catalog, html);
            drop_ignored_meta(&mut result, &cfg, args);
        }
        baseline::fingerprint_all(&mut result);
        if let Some(changed) = &changed {
            let lines = changed.get(&result.rel);
            result.findings.retain(|l| {
                lines.is_some_and(|set| (l.start.0..=l.end.0).any(|n| set.contains(&n)))
            });
        }
        results.push(result);
    }
    Ok(Outcome {
        results,
        skipped,
        excluded,
    })
}

/// Applies `[[per-path]]` `ignore` and `select` to rule findings.
fn filter_per_path(result: &mut FileResult, cfg: &Loaded, _args: &LintArgs) {
    let per_path = cfg.config.per_path_for(&result.path);
    if per_path.is_empty() {
        return;
    }
    result.findings.retain(|l| {
        let Item::Rule(f) = &l.item else { return true };
        let m = |s: &String| selector_matches(s, f.code(), f.name(), f.category().as_str());
        per_path.iter().all(|pp| {
            !pp.ignore.iter().any(m) && pp.select.as_ref().is_none_or(|sel| sel.iter().any(m))
        })
    });
}

/// Drops `PL9xx` findings ignored by the config, a matching `[[per-path]]` or `--ignore`.
fn drop_ignored_meta(result: &mut FileResult, cfg: &Loaded, args: &LintArgs) {
    let per_path = cfg.config.per_path_for(&result.path);
    let ignores: Vec<&String> = cfg
        .config
        .ignore
        .iter()
        .chain(per_path.iter().flat_map(|p| &p.ignore))
        .chain(&args.rules.ignore)
        .filter(|s| config::is_meta_selector(s))
        .collect();
    if ignores.is_empty() {
        return;
    }
    result.findings.retain(|l| {
        !l.is_meta()
            || !ignores
                .iter()
                .any(|s| selector_matches(s, l.code(), l.name(), l.category()))
    });
}

pub(crate) fn run(args: &CheckArgs) -> Result<Status> {
    let mut outcome = lint(&args.lint)?;
    let stale = match &args.baseline {
        Some(path) => Baseline::read(path)?.apply(&mut outcome.results),
        None => 0,
    };
    let Outcome {
        results,
        skipped,
        excluded,
    } = outcome;
    let mut summary = report::Summary::new(&results, &skipped);
    summary.stale_baseline = stale;

    let to_file = args.output_file.is_some();
    let color = !to_file
        && match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal(),
        };
    let render = |format: CheckFormat, color: bool| -> Result<Vec<u8>> {
        let mut buf: Vec<u8> = Vec::new();
        let out: &mut dyn Write = &mut buf;
        match format {
            CheckFormat::Human => report::human(out, &results, color),
            CheckFormat::Concise => report::concise(out, &results),
            CheckFormat::Json => report::json(out, &results, &skipped, &summary),
            CheckFormat::Jsonl => report::jsonl(out, &results),
            CheckFormat::Sarif => report::sarif(out, &results),
            CheckFormat::Github => report::github(out, &results, &summary),
            CheckFormat::Junit => report::junit(out, &results),
        }
        .into_diagnostic()?;
        Ok(buf)
    };
    let write_file = |path: &Path, buf: &[u8]| -> Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| miette!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(path, buf).map_err(|e| miette!("cannot write {}: {e}", path.display()))
    };
    let buf = render(args.format, color)?;
    match &args.output_file {
        Some(path) => write_file(path, &buf)?,
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(&buf).into_diagnostic()?;
            stdout.flush().into_diagnostic()?;
        }
    }
    for (format, path) in &args.report {
        write_file(path, &render(*format, false)?)?;
    }

    let mut line = summary.to_string();
    if excluded > 0 {
        line.push_str(&format!("; {excluded} excluded by config"));
    }
    eprintln!("{line}");
    for skip in &skipped {
        eprintln!(
            "{}: {}: {}",
            if skip.error { "error" } else { "skipped" },
            skip.path.display(),
            skip.reason
        );
    }
    if skipped.iter().any(|s| s.error) {
        return Ok(Status::Error);
    }
    // Each file's own config decides its threshold, unless --fail-on is given.
    let failing = results.iter().any(|r| {
        let threshold = match args.fail_on {
            Some(f) => f.threshold(),
            None => r.fail_on.unwrap_or(Some(Severity::Warning)),
        };
        r.findings
            .iter()
            .any(|l| l.active() && threshold.is_some_and(|t| l.severity() >= t))
    });
    Ok(if failing && !args.exit_zero {
        Status::Findings
    } else {
        Status::Clean
    })
}
