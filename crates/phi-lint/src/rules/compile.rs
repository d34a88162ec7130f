//! Loading: packs and wordlists parsed, validated and compiled into [`Rule`]s.

use std::{collections::BTreeMap, sync::Arc};

use toml::Spanned;

use super::schema::{Level, Located, PackFile, RuleDef, Unplaced};
use super::{Context, ContextMode, PackError, Pattern, Rule, RuleMeta, Scope, Term};
use crate::fix::FixDef;
use crate::language::Language;

/// A source of rules: a pack's name and TOML text.
#[derive(Clone, Copy)]
pub(crate) struct PackSource<'a> {
    pub(crate) name: &'a str,
    pub(crate) src: &'a str,
    /// The same pack as JSON (embedded packs, see build.rs), read instead of `src` when given.
    pub(crate) json: Option<&'a str>,
    /// An embedded pack: its regexes are compiled by a test, so loading only parses them. A
    /// user's pack has every regex compiled and checked for empty matches at load.
    pub(crate) builtin: bool,
}

/// Exception set name → its patterns (validated).
type ExceptionSets = BTreeMap<String, Vec<String>>;

/// A pack parsed from its TOML or from its JSON.
enum Parsed {
    Toml(PackFile<Spanned<String>>),
    Json(PackFile<Unplaced>),
}

/// Loads and validates packs against the given wordlists. Packs given as JSON are read from
/// it; if anything is wrong, everything is read again from TOML, so that the error is reported
/// at its line (a pack read from JSON has none).
pub(crate) fn load(
    packs: &[PackSource<'_>],
    wordlists: &BTreeMap<String, Vec<Term>>,
) -> Result<Vec<Rule>, PackError> {
    load_once(packs, wordlists).or_else(|e| {
        if packs.iter().all(|p| p.json.is_none()) {
            return Err(e);
        }
        let from_toml: Vec<PackSource<'_>> = packs
            .iter()
            .map(|p| PackSource { json: None, ..*p })
            .collect();
        load_once(&from_toml, wordlists)
    })
}

fn load_once(
    packs: &[PackSource<'_>],
    wordlists: &BTreeMap<String, Vec<Term>>,
) -> Result<Vec<Rule>, PackError> {
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    // Every pack is parsed first: a rule may use an exception set defined in any pack.
    let mut parsed_packs = Vec::with_capacity(packs.len());
    let mut exception_sets: ExceptionSets = BTreeMap::new();
    for pack in packs {
        // A user's pack is named by its path (`rules/extra.toml`); the embedded ones by stem.
        let file = if pack.name.ends_with(".toml") {
            pack.name.to_owned()
        } else {
            format!("{}.toml", pack.name)
        };
        let mut parsed = match pack.json {
            Some(json) => Parsed::Json(serde_json::from_str(json).map_err(|e| {
                PackError::new(&file, pack.src, None, format!("embedded JSON: {e}"))
            })?),
            None => Parsed::Toml(toml::from_str(pack.src).map_err(|e| {
                PackError::new(&file, pack.src, e.span(), e.message().trim().to_owned())
            })?),
        };
        match &mut parsed {
            Parsed::Toml(p) => add_exception_sets(pack, &file, p, &mut exception_sets)?,
            Parsed::Json(p) => add_exception_sets(pack, &file, p, &mut exception_sets)?,
        }
        parsed_packs.push((pack, file, parsed));
    }
    for (pack, file, parsed) in parsed_packs {
        let mut add = Adder {
            pack,
            file: &file,
            wordlists,
            exception_sets: &exception_sets,
            seen: &mut seen,
            rules: &mut rules,
        };
        match parsed {
            Parsed::Toml(p) => add.rules(p)?,
            Parsed::Json(p) => add.rules(p)?,
        }
    }
    Ok(rules)
}

/// Moves `parsed`'s exception sets into `sets`, validated.
fn add_exception_sets<S: Located>(
    pack: &PackSource<'_>,
    file: &str,
    parsed: &mut PackFile<S>,
    sets: &mut ExceptionSets,
) -> Result<(), PackError> {
    for (name, patterns) in std::mem::take(&mut parsed.exception_sets) {
        let err = |span, msg| PackError::new(file, pack.src, Some(span), msg);
        let mut set = Vec::with_capacity(patterns.len());
        for p in &patterns {
            let pattern = Pattern::new(p.get_ref(), !pack.builtin)
                .map_err(|e| err(p.span(), format!("the regex does not compile: {e}")))?;
            if !pack.builtin {
                pattern.check().map_err(|e| err(p.span(), e))?;
            }
            set.push(p.get_ref().clone());
        }
        if sets.insert(name.get_ref().clone(), set).is_some() {
            return Err(err(
                name.span(),
                format!("exception set `{}` is already defined", name.get_ref()),
            ));
        }
    }
    Ok(())
}

/// Compiles the rules of one pack, in order, into `rules`.
struct Adder<'a, 'p> {
    pack: &'a PackSource<'p>,
    file: &'a str,
    wordlists: &'a BTreeMap<String, Vec<Term>>,
    exception_sets: &'a ExceptionSets,
    /// Every rule code and name so far → its pack.
    seen: &'a mut BTreeMap<String, String>,
    rules: &'a mut Vec<Rule>,
}

impl Adder<'_, '_> {
    fn rules<S: Located>(&mut self, parsed: PackFile<S>) -> Result<(), PackError> {
        let (pack, file) = (self.pack, self.file);
        let language = match &parsed.pack.language {
            None => Language::English,
            Some(code) => Language::from_name(code.get_ref())
                .filter(|l| l.as_str() == code.get_ref())
                .ok_or_else(|| {
                    PackError::new(
                        file,
                        pack.src,
                        Some(code.span()),
                        format!("unknown language `{}`", code.get_ref()),
                    )
                    .with_help(format!(
                        "known languages: {}",
                        Language::ALL.map(Language::as_str).join(", ")
                    ))
                })?,
        };
        for def in parsed.rule {
            let err = |span: std::ops::Range<usize>, msg: String| {
                PackError::new(file, pack.src, Some(span), msg)
            };
            for key in [&def.code, &def.name] {
                if let Some(previous) = self
                    .seen
                    .insert(key.get_ref().clone(), parsed.pack.name.clone())
                {
                    return Err(err(
                        key.span(),
                        format!("`{}` is already defined (pack `{previous}`)", key.get_ref()),
                    ));
                }
            }
            if !is_code(def.code.get_ref()) {
                return Err(err(
                    def.code.span(),
                    "a rule code is 2–4 capital letters and 3 digits".into(),
                )
                .with_help("for example DX001"));
            }
            if !is_kebab(def.name.get_ref()) {
                return Err(err(def.name.span(), "a rule name is kebab-case".into()));
            }
            let mut rule = compile(
                def,
                &parsed.pack.name,
                file,
                pack.src,
                self.wordlists,
                self.exception_sets,
                !pack.builtin,
            )?;
            rule.language = language;
            self.rules.push(rule);
        }
        Ok(())
    }
}

fn compile<S: Located>(
    def: RuleDef<S>,
    pack: &str,
    file: &str,
    src: &str,
    wordlists: &BTreeMap<String, Vec<Term>>,
    exception_sets: &ExceptionSets,
    compile_now: bool,
) -> Result<Rule, PackError> {
    let err =
        |span: std::ops::Range<usize>, msg: String| PackError::new(file, src, Some(span), msg);
    let list = |name: &S| {
        wordlists.get(name.get_ref()).ok_or_else(|| {
            err(
                name.span(),
                format!("no wordlist `{}` in rules/wordlists/", name.get_ref()),
            )
        })
    };
    let regex = |pattern: &S| {
        let compiled = Pattern::new(pattern.get_ref(), compile_now)
            .map_err(|e| err(pattern.span(), format!("the regex does not compile: {e}")))?;
        if compile_now {
            compiled.check().map_err(|e| err(pattern.span(), e))?;
        }
        Ok::<_, PackError>(compiled)
    };

    let mut terms: Vec<Term> = Vec::new();
    for term in &def.terms {
        let normalized = normalize_term(term.get_ref());
        if normalized.is_empty() {
            return Err(err(term.span(), "an empty term matches nothing".into()));
        }
        terms.push(normalized.into());
    }
    let mut exact: Vec<String> = Vec::new();
    if def.case_sensitive {
        exact.extend(def.terms.iter().map(|t| t.get_ref().trim().to_owned()));
    }
    for name in &def.wordlists {
        let list = list(name)?;
        if def.case_sensitive {
            exact.extend(list.iter().map(|t| t.to_ascii_uppercase()));
        }
        terms.extend(list.iter().cloned());
    }
    let mut keywords: Vec<Term> = def
        .keywords
        .iter()
        .map(|k| normalize_term(k.get_ref()).into())
        .collect();
    let patterns = def
        .patterns
        .iter()
        .map(regex)
        .collect::<Result<Vec<_>, _>>()?;
    let mut exceptions = def
        .exceptions
        .iter()
        .map(regex)
        .collect::<Result<Vec<_>, _>>()?;
    for name in &def.exception_sets {
        let set = exception_sets.get(name.get_ref()).ok_or_else(|| {
            err(
                name.span(),
                format!("no exception set `{}` in any pack", name.get_ref()),
            )
        })?;
        // Validated where the set is defined; a fresh `Pattern` per rule (compiled lazily).
        exceptions.extend(set.iter().filter_map(|p| Pattern::new(p, false).ok()));
    }
    if def.detector.is_none() && terms.is_empty() && patterns.is_empty() {
        return Err(err(
            def.code.span(),
            "the rule has no terms, wordlists, patterns or detector".into(),
        ));
    }
    let context = match def.context {
        None => None,
        Some(ctx) => {
            let mut all: Vec<Term> = ctx
                .terms
                .iter()
                .map(|t| normalize_term(t.get_ref()).into())
                .collect();
            for name in &ctx.wordlists {
                all.extend(list(name)?.iter().cloned());
            }
            // A hit that requires context cannot stand without a context term in the text, so
            // the context terms are a sound prefilter for a rule that names no keywords.
            if ctx.mode == ContextMode::Require && keywords.is_empty() && !def.patterns.is_empty() {
                keywords = all.clone();
            }
            Some(Context::new(all, ctx.window, ctx.mode, ctx.side))
        }
    };
    let sev = &def.severity;
    let pick = |level: Option<Level>| level.unwrap_or(sev.default).severity();
    let severity = [
        pick(sev.sms),
        pick(sev.push),
        pick(sev.email_subject),
        pick(sev.email_text),
        pick(sev.email_html),
        pick(sev.url),
    ];
    let scopes = def.scope.unwrap_or_else(|| vec![Scope::Text, Scope::Url]);
    let fix = def
        .fix
        .map(FixDef::into_spec)
        .transpose()
        .map_err(|m| err(def.code.span(), m))?;
    Ok(Rule {
        meta: Arc::new(RuleMeta {
            code: def.code.into_inner(),
            name: def.name.into_inner(),
            category: def.category,
            message: def.message,
            help: def.help,
            guidance: def.guidance,
            sensitive: def.sensitive,
            docs: def.docs,
            pack: pack.to_owned(),
            opt_in: def.opt_in,
            severity,
            fix,
        }),
        scopes,
        case_sensitive: def.case_sensitive,
        terms,
        exact,
        keywords,
        patterns,
        validator: def.validator,
        context,
        exceptions,
        detector: def.detector,
        examples: def.examples,
        language: Language::English,
    })
}

/// Parses a wordlist: `#` comments, one lower-case term per line, byte-sorted, no duplicates.
/// Folding is checked only when `check_folded`: the embedded lists are checked by a test, and
/// folding their ~10k lines was a tenth of a linter's build.
pub(crate) fn parse_wordlist<'s>(
    name: &str,
    src: &'s str,
    check_folded: bool,
) -> Result<Vec<&'s str>, PackError> {
    let mut terms: Vec<&str> = Vec::new();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let span = offset..offset + line.trim_end().len();
        offset += line.len();
        let term = line.trim();
        if term.is_empty() || term.starts_with('#') {
            continue;
        }
        let err = |msg: &str| {
            let file = format!("wordlists/{name}.txt");
            PackError::new(&file, src, Some(span.clone()), msg.to_owned())
        };
        if check_folded && normalize_term(term) != term {
            return Err(
                err("terms are lower case with single spaces (no `-` or `_`)")
                    .with_help("run scripts/derive_wordlists.py to regenerate the list"),
            );
        }
        if let Some(&last) = terms.last()
            && last >= term
        {
            let what = if last == term {
                "duplicate term"
            } else {
                "terms are not sorted"
            };
            return Err(
                err(what).with_help("run scripts/derive_wordlists.py to regenerate the list")
            );
        }
        terms.push(term);
    }
    Ok(terms)
}

/// The canonical form of a term: the text folded as text is before matching (ASCII lower case,
/// accents and compatibility forms folded, runs of whitespace, `-` and `_` as one space, curly
/// apostrophes straight).
pub(crate) fn normalize_term(term: &str) -> String {
    crate::normalize::fold(term)
}

fn is_code(code: &str) -> bool {
    let letters = code.bytes().take_while(u8::is_ascii_uppercase).count();
    (2..=4).contains(&letters)
        && code.len() == letters + 3
        && code.bytes().skip(letters).all(|b| b.is_ascii_digit())
}

fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
