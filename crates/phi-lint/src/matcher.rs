//! Term and pattern matching over one piece of text.
//!
//! All terms and keywords of all rules sit in one Aho-Corasick automaton per scope family, run
//! over a *normalized* copy of the text (ASCII lower case, separator runs collapsed to one space)
//! with a map back to original offsets. A term hit is a candidate finding; a keyword hit only
//! unlocks its rule's regexes; rules whose patterns have no keywords run on every text.
//! Candidates then pass the validator, exception and context checks.

use phi_lint_syntax::Span;

use crate::error::BuildErrorKind;
use crate::fuzzy::FuzzyIndex;
use crate::language::{self, Language};
use crate::normalize::{Class, Normalized, ascii_letter, classify, fold};
use crate::rules::{ContextMode, Pattern, Rule, Scope, Side};
use crate::term_automaton::{TermAutomaton, WordIds};
use crate::validate;

/// Where a term hit ending at `end` ends as a word: at `end` itself when a non-word byte
/// follows, or after a plural or possessive suffix when `inflect` ("mammograms", "crohn's");
/// `None` when the hit is the inside of a longer word.
fn word_end(text: &str, end: usize, inflect: bool) -> Option<usize> {
    let rest = &text[end..];
    if !rest.bytes().next().is_some_and(is_word_byte) {
        return Some(end);
    }
    if !inflect {
        return None;
    }
    ["s", "es", "'s"]
        .into_iter()
        .find(|s| rest.starts_with(s) && !rest[s.len()..].bytes().next().is_some_and(is_word_byte))
        .map(|s| end + s.len())
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// What an automaton pattern stands for in one rule.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Term,
    Keyword,
}

#[derive(Clone, Copy, Debug)]
struct Target {
    rule: u32,
    kind: Kind,
}

/// One automaton over the terms and keywords of all rules.
#[derive(Debug)]
pub(crate) struct TermIndex {
    automaton: TermAutomaton,
    /// The rules each word is a term or keyword of: word id `i`'s are
    /// `targets[target_starts[i]..target_starts[i + 1]]` (one array: a vector per word cost
    /// ten thousand allocations per build).
    targets: Vec<Target>,
    target_starts: Vec<u32>,
    /// Keyword-less pattern rules: they run on every text.
    always: Vec<u32>,
    /// Per scope, one regex matching where any pattern of the `always` rules in that scope
    /// matches (`None`: too large to build); built on first use.
    always_any: [std::sync::OnceLock<Option<regex_automata::meta::Regex>>; Scope::COUNT],
    /// Per rule, one search telling which of its whole-text patterns match (see [`which_of`]);
    /// built on first use.
    scan_gates: Vec<std::sync::OnceLock<Option<regex_automata::meta::Regex>>>,
    /// Misspellings of single-word terms in visible text (see `fuzzy`); built on first use.
    fuzzy: std::sync::OnceLock<Option<FuzzyIndex>>,
}

impl TermIndex {
    /// The index of every rule with terms, keywords or patterns, whatever its scopes: hits are
    /// filtered by scope when matching. With `prebuilt` (the rules include the embedded packs)
    /// their words come from the automaton build.rs made.
    pub(crate) fn new(rules: &[Rule], prebuilt: bool) -> Result<TermIndex, BuildErrorKind> {
        let mut ids = WordIds::new(prebuilt);
        let mut by_word: Vec<(usize, Target)> = Vec::new();
        let mut always = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            if rule.detector.is_some() {
                continue;
            }
            let items = rule.terms.iter().map(|t| (t, Kind::Term));
            let mut empty_keyword = false;
            for (word, kind) in items.chain(rule.keywords.iter().map(|k| (k, Kind::Keyword))) {
                let Some(id) = ids.id(word) else {
                    empty_keyword = true;
                    continue;
                };
                by_word.push((
                    id,
                    Target {
                        rule: r as u32,
                        kind,
                    },
                ));
            }
            // An empty keyword would unlock its rule everywhere: the rule runs on every text.
            if (rule.keywords.is_empty() || empty_keyword) && !rule.patterns.is_empty() {
                always.push(r as u32);
            }
        }
        // Grouped by word with a counting sort, each word's targets in rule order.
        let words = by_word.iter().map(|(id, _)| id + 1).max().unwrap_or(0);
        let mut target_starts = vec![0u32; words + 1];
        for (id, _) in &by_word {
            target_starts[id + 1] += 1;
        }
        for i in 1..target_starts.len() {
            target_starts[i] += target_starts[i - 1];
        }
        let mut next = target_starts.clone();
        let mut targets = vec![
            Target {
                rule: 0,
                kind: Kind::Term,
            };
            by_word.len()
        ];
        for (id, target) in by_word {
            targets[next[id] as usize] = target;
            next[id] += 1;
        }
        Ok(TermIndex {
            automaton: ids.build()?,
            targets,
            target_starts,
            always,
            fuzzy: std::sync::OnceLock::new(),
            always_any: Default::default(),
            scan_gates: rules.iter().map(|_| std::sync::OnceLock::new()).collect(),
        })
    }

    /// The rules word `id` is a term or keyword of (none for a prebuilt word of no enabled rule).
    fn targets_of(&self, id: usize) -> &[Target] {
        match (self.target_starts.get(id), self.target_starts.get(id + 1)) {
            (Some(&start), Some(&end)) => &self.targets[start as usize..end as usize],
            _ => &[],
        }
    }

    #[cfg(test)]
    pub(crate) fn automaton(&self) -> &TermAutomaton {
        &self.automaton
    }
}

/// One regex that matches wherever a pattern of `rules` in `scope` matches: a sound test that
/// none of them needs running.
fn any_of<'r>(
    rules: impl Iterator<Item = &'r Rule>,
    scope: Scope,
) -> Option<regex_automata::meta::Regex> {
    let branches = rules
        .filter(|r| r.in_scope(scope))
        .flat_map(|r| &r.patterns)
        .map(Pattern::view_hir)
        .collect::<Option<Vec<_>>>()?;
    crate::rules::regex_builder()
        .configure(
            regex_automata::meta::Regex::config()
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::None),
        )
        .build_from_hir(&regex_syntax::hir::Hir::alternation(branches))
        .ok()
}

/// The patterns of `rule` that are searched over the whole text (not only at keyword hits).
fn scanned(rule: &Rule) -> impl Iterator<Item = &Pattern> + Clone {
    rule.patterns
        .iter()
        .filter(|p| !p.keyword_led(&rule.keywords))
}

/// One regex with a pattern per [`scanned`] pattern of `rule` that reports every one of them
/// matching somewhere in a text (`MatchKind::All`, as a `RegexSet`): one search instead of one
/// per pattern when a rule is unlocked but most of its patterns find nothing. `None` when it
/// would be too large to build (every pattern then runs).
fn which_of(rule: &Rule) -> Option<regex_automata::meta::Regex> {
    let branches = scanned(rule)
        .map(Pattern::view_hir)
        .collect::<Option<Vec<_>>>()?;
    crate::rules::regex_builder()
        .configure(
            regex_automata::meta::Regex::config()
                .match_kind(regex_automata::MatchKind::All)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::None),
        )
        .build_many_from_hir(&branches)
        .ok()
}

/// True when `span` overlaps one of `sorted`, non-overlapping spans in start order (the matches
/// of one Aho-Corasick or regex `find_iter`).
pub(crate) fn overlaps_any(sorted: &[Span], span: Span) -> bool {
    let before_end = sorted.partition_point(|s| s.start < span.end);
    before_end > 0 && sorted[before_end - 1].overlaps(span)
}

/// A candidate finding from text matching.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub(crate) rule: u32,
    pub(crate) span: Span,
    /// False when a `boost` rule found no context.
    pub(crate) context: bool,
}

/// Finds the hits of rules in `scope` in `text`. In visible text (`Scope::Text`) only the rules
/// of English and of the text's `language` (detected when `None`) run; names of variables and
/// URL components are read in every language.
pub(crate) fn find(
    index: &TermIndex,
    rules: &[Rule],
    text: &str,
    scope: Scope,
    language: Option<Language>,
    out: &mut Vec<Hit>,
) {
    if text.trim().is_empty() {
        return;
    }
    let norm = Normalized::new(text);
    let bytes = norm.text.as_bytes();
    let mut unlocked: Vec<u32> = Vec::new();
    // Where each keyword hit starts in the original, by rule: keyword-led patterns are tried
    // only there.
    let mut keyword_starts: Vec<(u32, u32)> = Vec::new();
    let mut candidates: Vec<(u32, Span)> = Vec::new();
    for (start, word_end_at, id) in index.automaton.find(&norm.text) {
        // Terms match whole words. Keywords are only a prefilter: one that starts with a
        // letter may follow a digit ("240mg") but not a letter, so "hg" does not fire inside
        // "Northgate"; one that starts with punctuation ("/dl") may follow anything.
        let prev = (start > 0).then(|| bytes[start - 1]);
        let after_word = prev.is_some_and(is_word_byte);
        let after_letter = is_word_byte(bytes[start])
            && prev.is_some_and(|b| b.is_ascii_alphabetic() || b >= 0x80);
        for target in index.targets_of(id) {
            let inside = match target.kind {
                Kind::Term => after_word,
                Kind::Keyword => after_letter,
            };
            if inside {
                continue;
            }
            let rule = &rules[target.rule as usize];
            if !rule.in_scope(scope) {
                continue;
            }
            match target.kind {
                Kind::Keyword => {
                    unlocked.push(target.rule);
                    let at = norm.original(start, word_end_at).start;
                    keyword_starts.push((target.rule, at as u32));
                }
                Kind::Term => {
                    let Some(end) = word_end(&norm.text, word_end_at, !rule.case_sensitive) else {
                        continue;
                    };
                    let span = norm.original(start, end);
                    if rule.case_sensitive && !rule.exact.iter().any(|t| t == span.slice(text)) {
                        continue;
                    }
                    candidates.push((target.rule, span));
                }
            }
        }
    }
    // One-edit misspellings are an English tolerance: in another language a word one edit from
    // an English term is usually that language's own spelling of it (naltrexona, epilepsia).
    let mut misspelt = Vec::new();
    if scope == Scope::Text
        && let Some(fuzzy) = index
            .fuzzy
            .get_or_init(|| FuzzyIndex::new(rules, Scope::Text))
    {
        fuzzy.find(rules, &norm.text, |rule, start, end| {
            misspelt.push((rule, norm.original(start, end)));
        });
    }
    // The language matters only when a rule of another language than English has a hit, or a
    // misspelling does: the detector then reads the normalized words (most English texts never
    // pay for it).
    let foreign = |r: &u32| rules[*r as usize].language != Language::English;
    let language = (scope == Scope::Text
        && (!misspelt.is_empty()
            || candidates.iter().any(|(r, _)| foreign(r))
            || unlocked.iter().any(foreign)
            || index
                .always
                .iter()
                .any(|r| rules[*r as usize].in_scope(scope) && foreign(r))))
    .then(|| language.unwrap_or_else(|| language::detect(&norm.text)));
    if language.is_none_or(|l| l == Language::English) {
        candidates.extend(misspelt);
    }
    let runs = |r: u32| language.is_none_or(|l| rules[r as usize].runs_on(l));
    candidates.retain(|&(r, _)| runs(r));
    unlocked.retain(|&r| runs(r));
    unlocked.sort_unstable();
    unlocked.dedup();
    // Regexes run over an ASCII view: the lazy DFA handles `\b` only on ASCII haystacks and
    // otherwise falls back to the much slower PikeVM.
    let ascii = AsciiView::new(text);
    keyword_starts.sort_unstable();
    keyword_starts.dedup();
    for r in unlocked {
        let rule = &rules[r as usize];
        let first = keyword_starts.partition_point(|&(kr, _)| kr < r);
        let starts = keyword_starts[first..]
            .iter()
            .take_while(|&&(kr, _)| kr == r)
            .map(|&(_, at)| at as usize);
        // Keyword-led patterns are tried at the keyword hits (when the view spells keywords as
        // the normalized text does, and every hit maps to a view offset); the others scan the
        // text, each only if the rule's gate says it matches somewhere (a rule with several
        // such patterns usually has one or none that matches).
        let led = rule.patterns.iter().any(|p| p.keyword_led(&rule.keywords));
        let view_starts = (led && ascii.spells_like_terms && !tests::full_scan())
            .then(|| {
                starts
                    .map(|at| ascii.view_offset(at))
                    .collect::<Option<Vec<usize>>>()
            })
            .flatten();
        let scans = scanned(rule).nth(1).is_some();
        let matching = scans
            .then(|| index.scan_gates[r as usize].get_or_init(|| which_of(rule)))
            .and_then(Option::as_ref)
            .map(|gate| {
                let mut set = regex_automata::PatternSet::new(gate.pattern_len());
                gate.which_overlapping_matches(
                    &regex_automata::Input::new(ascii.text.as_bytes()),
                    &mut set,
                );
                set
            });
        let mut scanned_index = 0;
        for pattern in &rule.patterns {
            if pattern.keyword_led(&rule.keywords) {
                if let Some(at) = &view_starts {
                    push_pattern_hits_at(pattern, r, &ascii, at.iter().copied(), &mut candidates);
                } else {
                    push_pattern_hits(pattern, r, &ascii, &mut candidates);
                }
                continue;
            }
            let id = regex_automata::PatternID::new_unchecked(scanned_index);
            scanned_index += 1;
            if matching.as_ref().is_none_or(|set| set.contains(id)) {
                push_pattern_hits(pattern, r, &ascii, &mut candidates);
            }
        }
    }
    // Keyword-less rules run each regex on its own (the meta engine's literal prefilters and
    // lazy DFA beat one RegexSet), but only when one search for any of them in this scope
    // matches: most texts match none, and one search costs less than one per pattern.
    let any_always = index.always_any[scope as usize]
        .get_or_init(|| any_of(index.always.iter().map(|&r| &rules[r as usize]), scope));
    if any_always
        .as_ref()
        .is_none_or(|re| re.is_match(ascii.text.as_bytes()))
    {
        for &r in index
            .always
            .iter()
            .filter(|&&r| rules[r as usize].in_scope(scope) && runs(r))
        {
            for pattern in &rules[r as usize].patterns {
                push_pattern_hits(pattern, r, &ascii, &mut candidates);
            }
        }
    }
    // Exception matches are computed once per text and pattern (exception sets are shared by
    // several rules), and only as far as a candidate reaches: a match starting after every
    // candidate's end can except none.
    let reach = candidates.iter().map(|(_, s)| s.end).max().unwrap_or(0);
    let mut exceptions: rustc_hash::FxHashMap<&str, Vec<Span>> = Default::default();
    for (r, span) in candidates {
        let rule = &rules[r as usize];
        if let Some(v) = rule.validator
            && !validate::check(v, span.slice(text))
        {
            continue;
        }
        // Context is read around the candidate alone: checked before the exceptions, whose
        // search runs over the text, so a candidate without context never pays for one.
        let context = match &rule.context {
            None => true,
            Some(ctx) => {
                let found = has_context(ctx, text, span);
                match ctx.mode {
                    ContextMode::Require if !found => continue,
                    ContextMode::Forbid if found => continue,
                    ContextMode::Boost => found,
                    _ => true,
                }
            }
        };
        let excepted = rule.exceptions.iter().any(|pattern| {
            let spans = exceptions.entry(pattern.as_str()).or_insert_with(|| {
                pattern.get().map_or_else(Vec::new, |re| {
                    re.find_iter(ascii.text.as_bytes())
                        .map(|m| ascii.original(Span::from(m.range())))
                        .take_while(|m| m.start < reach)
                        .collect()
                })
            });
            // Binary search, not a scan: dense text has as many exception matches as candidates.
            overlaps_any(spans, span)
        });
        if excepted {
            continue;
        }
        out.push(Hit {
            rule: r,
            span,
            context,
        });
    }
}

/// The text regexes run over: ASCII, one byte per character of the original, with a map back
/// to original offsets. Typographic punctuation reads as its ASCII form (`’` as `'`, `–` as `-`,
/// no-break spaces as spaces), letters and digits as their folded ASCII form when they have one
/// (`é` as `e`, full-width `Ａ` as `A`) and as `x` otherwise, combining marks as nothing, anything
/// else as a space.
pub(crate) struct AsciiView<'a> {
    pub(crate) text: std::borrow::Cow<'a, str>,
    /// Original offset of each view byte, plus the original length; `None` when the original is
    /// ASCII and the view is the original itself.
    pub(crate) starts: Option<Vec<u32>>,
    /// Every view byte reads as term matching reads its character (no letter stands in as
    /// `x`, none folds to several letters): keyword hits in the normalized text are then
    /// exactly where the view spells a keyword, and keyword-led patterns may be tried there.
    pub(crate) spells_like_terms: bool,
}

impl<'a> AsciiView<'a> {
    pub(crate) fn new(text: &'a str) -> AsciiView<'a> {
        if text.is_ascii() {
            return AsciiView {
                text: std::borrow::Cow::Borrowed(text),
                starts: None,
                spells_like_terms: true,
            };
        }
        let bytes = text.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(text.len());
        let mut starts = Vec::with_capacity(text.len() + 1);
        let mut spells_like_terms = true;
        let mut i = 0;
        while i < bytes.len() {
            // Runs of ASCII (most of any text) are copied whole.
            let run = bytes[i..].iter().take_while(|b| b.is_ascii()).count();
            out.extend_from_slice(&bytes[i..i + run]);
            starts.extend(i as u32..(i + run) as u32);
            i += run;
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let at = i;
            i += c.len_utf8();
            out.push(match c {
                '\u{2010}'..='\u{2015}' | '\u{2212}' => b'-',
                c => match classify(c) {
                    Class::Ascii(b) => b,
                    // A combining mark adds no view byte: it stays inside its letter's span.
                    Class::Mark => continue,
                    Class::Letter => ascii_letter(c).map_or_else(
                        || {
                            spells_like_terms = false;
                            b'x'
                        },
                        |l| l as u8,
                    ),
                    Class::Separator => b' ',
                },
            });
            starts.push(at as u32);
        }
        starts.push(text.len() as u32);
        // Only ASCII bytes were pushed.
        let out = String::from_utf8(out).unwrap_or_default();
        AsciiView {
            text: std::borrow::Cow::Owned(out),
            starts: Some(starts),
            spells_like_terms,
        }
    }

    /// The view offset of the character at original offset `at`, if one starts there.
    fn view_offset(&self, at: usize) -> Option<usize> {
        match &self.starts {
            None => Some(at),
            Some(starts) => starts.binary_search(&(at as u32)).ok(),
        }
    }

    /// The original span of view bytes `span`.
    pub(crate) fn original(&self, span: Span) -> Span {
        match &self.starts {
            None => span,
            Some(starts) => {
                let at = |i: usize| starts.get(i).or(starts.last()).map_or(0, |&o| o as usize);
                Span::new(at(span.start), at(span.end))
            }
        }
    }
}

fn push_pattern_hits(
    pattern: &Pattern,
    rule: u32,
    view: &AsciiView<'_>,
    out: &mut Vec<(u32, Span)>,
) {
    let Some((pattern, phi)) = pattern.compiled() else {
        return;
    };
    let text = view.text.as_bytes();
    match *phi {
        None => out.extend(
            pattern
                .find_iter(text)
                .map(|m| (rule, view.original(Span::from(m.range())))),
        ),
        Some(group) => {
            for caps in pattern.captures_iter(text) {
                if let Some(m) = caps.get_group(group) {
                    out.push((rule, view.original(Span::from(m.range()))));
                }
            }
        }
    }
}

/// [`push_pattern_hits`] for a pattern whose matches can only start at `starts` (ascending):
/// an anchored search at each start not inside the previous match finds exactly the matches
/// the scan of the whole text finds (the leftmost start at or after the previous match's end,
/// and there the same preferred match), without reading the text between keywords.
fn push_pattern_hits_at(
    pattern: &Pattern,
    rule: u32,
    view: &AsciiView<'_>,
    starts: impl Iterator<Item = usize>,
    out: &mut Vec<(u32, Span)>,
) {
    let Some((pattern, phi)) = pattern.compiled() else {
        return;
    };
    let text = view.text.as_bytes();
    // Captures (an allocation and the capture engine) only for a `phi` group, and only once
    // the match is known: most keyword hits start no match.
    let mut caps = None;
    let mut resume = 0;
    for start in starts {
        if start < resume || start >= text.len() {
            continue;
        }
        let input = regex_automata::Input::new(text)
            .range(start..)
            .anchored(regex_automata::Anchored::Yes);
        let Some(m) = pattern.search(&input) else {
            continue;
        };
        resume = m.end();
        let reported = match *phi {
            None => Some(m.span()),
            Some(group) => {
                let caps = caps.get_or_insert_with(|| pattern.create_captures());
                pattern.search_captures(&input, caps);
                caps.get_group(group)
            }
        };
        if let Some(span) = reported {
            out.push((rule, view.original(Span::from(span.range()))));
        }
    }
}

/// True when a context term occurs within the window around `span`.
fn has_context(ctx: &crate::rules::Context, text: &str, span: Span) -> bool {
    let before = if ctx.side == Side::After {
        ""
    } else {
        text.get(..span.start).unwrap_or("")
    };
    let after = if ctx.side == Side::Before {
        ""
    } else {
        text.get(span.end..).unwrap_or("")
    };
    let sets = ctx.sets();
    // Called per candidate: the folded words go into one reused buffer, not a String each.
    CONTEXT_SCRATCH.with_borrow_mut(|scratch| {
        let ContextScratch {
            folded,
            before: words_before,
            after: words_after,
            run,
        } = scratch;
        folded.clear();
        words_before.clear();
        words_after.clear();
        let mut push = |w: &str, side: &mut Vec<(usize, usize)>| {
            let at = folded.len();
            if w.is_ascii() {
                // An ASCII word holds no separator: folding it is lower-casing it.
                folded.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                folded.push_str(&fold(w));
            }
            side.push((at, folded.len()));
        };
        for w in words(before).rev().take(ctx.window) {
            push(w, words_before);
        }
        words_before.reverse();
        for w in words(after).take(ctx.window) {
            push(w, words_after);
        }
        let word = |&(s, e): &(usize, usize)| &folded[s..e];
        let word_hit = words_before.iter().chain(words_after.iter()).any(|w| {
            let w = word(w);
            sets.words.contains(w) || sets.words.contains(w.trim_end_matches("'s"))
        });
        if word_hit {
            return true;
        }
        // Phrases are looked up as runs of consecutive words on one side of the hit (a set
        // lookup per run, not a substring search per phrase: some contexts hold thousands of
        // drug names).
        let mut phrase_hit = |side: &[(usize, usize)]| {
            (0..side.len()).any(|i| {
                run.clear();
                run.push_str(word(&side[i]));
                side[i + 1..]
                    .iter()
                    .take(sets.phrase_words.saturating_sub(1))
                    .any(|w| {
                        run.push(' ');
                        run.push_str(word(w));
                        sets.phrases.contains(run.as_str())
                    })
            })
        };
        sets.phrase_words > 1 && (phrase_hit(words_before) || phrase_hit(words_after))
    })
}

/// Reused buffers of [`has_context`]: folded window words, as ranges of `folded` per side.
#[derive(Default)]
struct ContextScratch {
    folded: String,
    before: Vec<(usize, usize)>,
    after: Vec<(usize, usize)>,
    run: String,
}

thread_local! {
    static CONTEXT_SCRATCH: std::cell::RefCell<ContextScratch> =
        std::cell::RefCell::new(ContextScratch::default());
}

/// Words of `text`: runs of letters, digits, apostrophes and `.`-joined parts like "1.5".
fn words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| {
        !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '%' || c == '/')
    })
    .filter(|w| !w.is_empty())
}

#[cfg(not(test))]
mod tests {
    /// Tests compare the keyword-led search with the scan of the whole text.
    pub(super) fn full_scan() -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Offsets;

    thread_local! {
        static FULL_SCAN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    fn context(
        words: &[&str],
        phrases: &[&str],
        window: usize,
        side: Side,
    ) -> crate::rules::Context {
        let terms = words.iter().chain(phrases).map(|t| t.to_string().into());
        crate::rules::Context::new(terms.collect(), window, ContextMode::Require, side)
    }

    /// The hit is the word `HIT` of `text`.
    fn context_around(ctx: &crate::rules::Context, text: &str) -> bool {
        let start = text.find("HIT").expect("a hit");
        has_context(ctx, text, Span::new(start, start + 3))
    }

    #[test]
    fn context_words_match_folded_within_the_window_on_their_side() {
        let ctx = context(
            &["dose", "clinic", "resultat"],
            &["follow up", "blood pressure test"],
            2,
            Side::Both,
        );
        // Any case, possessive, accents folded.
        assert!(context_around(&ctx, "your DOSE HIT today"));
        assert!(context_around(&ctx, "HIT the Clinic's desk"));
        assert!(context_around(&ctx, "HIT résultat"));
        // Outside the window of two words, or only part of a phrase.
        assert!(!context_around(&ctx, "dose was at HIT"));
        assert!(!context_around(&ctx, "HIT a b dose"));
        assert!(!context_around(&ctx, "follow HIT up"));
        // Phrases: consecutive words on one side, any case; the longest within the window.
        assert!(context_around(&ctx, "please Follow-Up HIT"));
        assert!(!context_around(&ctx, "blood pressure test HIT"));
        let wide = context(&[], &["blood pressure test"], 3, Side::Both);
        assert!(context_around(&wide, "BLOOD pressure Test HIT"));
        assert!(!context_around(&wide, "blood pressure HIT test"));
        // One side only.
        let before = context(&["dose"], &[], 3, Side::Before);
        assert!(context_around(&before, "dose HIT"));
        assert!(!context_around(&before, "HIT dose"));
        let after = context(&["dose"], &[], 3, Side::After);
        assert!(context_around(&after, "HIT dose"));
        assert!(!context_around(&after, "dose HIT"));
    }

    pub(super) fn full_scan() -> bool {
        FULL_SCAN.with(std::cell::Cell::get)
    }

    /// Keyword-led patterns tried only at keyword hits find exactly what scanning the whole
    /// text finds, on every rule's examples and on pairs of them run together.
    #[test]
    fn keyword_led_search_agrees_with_the_full_scan() {
        let linter = crate::Linter::builder().build().unwrap();
        let rules = &linter.inner.rules;
        let led = rules
            .iter()
            .flat_map(|r| r.patterns.iter().map(move |p| (r, p)))
            .filter(|(r, p)| p.keyword_led(&r.keywords))
            .count();
        assert!(led >= 5, "only {led} keyword-led patterns");
        let examples: Vec<String> = rules
            .iter()
            .flat_map(|r| r.examples.bad.iter().chain(&r.examples.good))
            .map(|e| e.text.replace(['«', '»'], ""))
            .collect();
        let mut texts = examples.clone();
        for pair in examples.windows(2) {
            texts.push(format!("{} {}", pair[0], pair[1]));
            texts.push(format!("{}{}", pair[0], pair[1]));
            // Non-ASCII views: typographic spaces, dashes and accents (as decoded HTML entities
            // put them in a newsletter's text), a letter with no ASCII form, a combining mark.
            texts.push(format!("{}\u{a0}\u{2014}\u{b7} {}", pair[0], pair[1]));
            texts.push(format!(
                "caf\u{e9} {}\u{a0}{}",
                pair[0].replace(' ', "\u{a0}"),
                pair[1]
            ));
            texts.push(format!(
                "{} \u{436} {}",
                pair[0],
                pair[1].replace('e', "e\u{301}")
            ));
        }
        let run = |text: &str, full: bool| {
            FULL_SCAN.with(|f| f.set(full));
            let mut hits = Vec::new();
            find(
                &linter.inner.terms,
                rules,
                text,
                Scope::Text,
                None,
                &mut hits,
            );
            FULL_SCAN.with(|f| f.set(false));
            hits.iter().map(|h| (h.rule, h.span)).collect::<Vec<_>>()
        };
        let mut found = 0;
        for text in &texts {
            let fast = run(text, false);
            assert_eq!(fast, run(text, true), "{text:?}");
            found += fast.len();
        }
        assert!(found > 100, "{found}");
    }

    /// Every rule example (markers removed) as the ASCII view the patterns search.
    fn example_views(rules: &[Rule]) -> Vec<String> {
        rules
            .iter()
            .flat_map(|r| r.examples.bad.iter().chain(&r.examples.good))
            .map(|e| {
                AsciiView::new(&e.text.replace(['«', '»'], ""))
                    .text
                    .into_owned()
            })
            .collect()
    }

    /// The one search that gates the keyword-less rules matches exactly when one of their
    /// patterns does.
    #[test]
    fn keyword_less_gate_matches_when_any_pattern_does() {
        let linter = crate::Linter::builder().build().unwrap();
        let rules = &linter.inner.rules;
        let index = &linter.inner.terms;
        let texts = example_views(rules);
        let mut matched = 0;
        for scope in [Scope::Text, Scope::Url, Scope::Variable, Scope::UrlKey] {
            let always: Vec<&Rule> = index
                .always
                .iter()
                .map(|&r| &rules[r as usize])
                .filter(|r| r.in_scope(scope))
                .collect();
            let gate = any_of(always.iter().copied(), scope).unwrap();
            for text in &texts {
                let any = always
                    .iter()
                    .flat_map(|r| &r.patterns)
                    .any(|p| p.get().unwrap().is_match(text.as_bytes()));
                assert_eq!(gate.is_match(text.as_bytes()), any, "{scope:?} {text:?}");
                matched += usize::from(any);
            }
        }
        assert!(matched > 20, "{matched}");
    }

    /// A rule's scan gate reports exactly the whole-text patterns that match somewhere.
    #[test]
    fn scan_gate_reports_exactly_the_patterns_that_match() {
        let linter = crate::Linter::builder().build().unwrap();
        let rules = &linter.inner.rules;
        let texts = example_views(rules);
        let (mut gated, mut reported) = (0, 0);
        for rule in rules.iter().filter(|r| scanned(r).nth(1).is_some()) {
            let gate = which_of(rule).unwrap();
            gated += 1;
            for text in &texts {
                let mut set = regex_automata::PatternSet::new(gate.pattern_len());
                gate.which_overlapping_matches(
                    &regex_automata::Input::new(text.as_bytes()),
                    &mut set,
                );
                for (i, pattern) in scanned(rule).enumerate() {
                    let id = regex_automata::PatternID::new_unchecked(i);
                    let matches = pattern.get().unwrap().is_match(text.as_bytes());
                    assert_eq!(set.contains(id), matches, "{} {text:?}", pattern.as_str());
                    reported += usize::from(matches);
                }
            }
        }
        assert!(
            gated >= 10 && reported > 50,
            "{gated} rules, {reported} matches"
        );
    }

    #[test]
    fn ascii_only_regexes_match_as_written_on_ascii_text() {
        let linter = crate::Linter::builder().build().unwrap();
        let texts = example_views(&linter.inner.rules);
        let mut compared = 0;
        for rule in &linter.inner.rules {
            for pattern in rule.patterns.iter().chain(&rule.exceptions) {
                let (view, raw) = (pattern.get().unwrap(), pattern.get_raw().unwrap());
                for text in &texts {
                    let spans = |re: &regex_automata::meta::Regex| {
                        re.captures_iter(text.as_bytes())
                            .map(|c| (0..c.group_len()).map(|g| c.get_group(g)).collect())
                            .collect::<Vec<Vec<_>>>()
                    };
                    assert_eq!(spans(view), spans(raw), "{} {text:?}", pattern.as_str());
                    compared += 1;
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    #[test]
    fn normalization_maps_back_to_original_offsets() {
        let n = Normalized::new("Your  HIV_Prep-Outreach");
        assert_eq!(n.text, "your hiv prep outreach");
        let at = n.text.find("hiv prep").unwrap();
        assert_eq!(
            n.original(at, at + 8).slice("Your  HIV_Prep-Outreach"),
            "HIV_Prep"
        );
    }

    /// The ASCII paths (with and without an offset map) agree with the general folding path
    /// on text and on the original span of every normalized range.
    #[test]
    fn ascii_normalization_agrees_with_the_general_path() {
        let alphabet = b"aZ9 -_\t\n\x0b\x0c\r\x1c.'/";
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as usize
        };
        let mut samples: Vec<String> = (0..128u8).map(|b| format!("a{}b", b as char)).collect();
        samples
            .extend(["", " ", "x", "Your  HIV_Prep-Outreach ", "a b c", "-a-"].map(String::from));
        for _ in 0..3000 {
            let len = next() % 12;
            let s = (0..len)
                .map(|_| alphabet[next() % alphabet.len()] as char)
                .collect::<String>();
            samples.push(s);
        }
        for src in &samples {
            let fast = Normalized::ascii(src.as_bytes());
            let slow = Normalized::folded(src);
            assert_eq!(fast.text, slow.text, "{src:?}");
            for start in 0..=fast.text.len() {
                for end in start..=fast.text.len() + 1 {
                    assert_eq!(
                        fast.original(start, end),
                        slow.original(start, end),
                        "{src:?} {start}..{end}"
                    );
                }
            }
        }
        assert!(matches!(
            Normalized::new("Hi Dana-Lee, see you").offsets,
            Offsets::Identity
        ));
        assert!(matches!(
            Normalized::new("Hi  Dana").offsets,
            Offsets::Ascii(_)
        ));
    }

    #[test]
    fn ascii_view_maps_typographic_text_back() {
        let src = "driver’s licence – café №5 данные";
        let view = AsciiView::new(src);
        assert_eq!(view.text, "driver's licence - cafe  5 xxxxxx");
        let at = view.text.find("cafe").unwrap();
        assert_eq!(view.original(Span::new(at, at + 4)).slice(src), "café");
        assert_eq!(view.original(Span::new(0, view.text.len())).slice(src), src);
    }

    #[test]
    fn normalization_folds_accents_and_keeps_original_spans() {
        let src = "Café’s  RÉSUMÉ colonoscopía";
        let n = Normalized::new(src);
        assert_eq!(n.text, "cafe's resume colonoscopia");
        let at = n.text.find("resume").unwrap();
        assert_eq!(n.original(at, at + 6).slice(src), "RÉSUMÉ");
        let at = n.text.find("colonoscopia").unwrap();
        assert_eq!(n.original(at, n.text.len()).slice(src), "colonoscopía");
    }

    #[test]
    fn combining_marks_and_compatibility_forms_fold() {
        // "cáncer" with a combining acute accent, full-width "ＨＩＶ", the "ﬁ" ligature.
        let src = "ca\u{301}ncer ＨＩＶ ﬁbrosis";
        let n = Normalized::new(src);
        assert_eq!(n.text, "cancer hiv fibrosis");
        assert_eq!(n.original(0, 6).slice(src), "ca\u{301}ncer");
        let at = n.text.find("hiv").unwrap();
        assert_eq!(n.original(at, at + 3).slice(src), "ＨＩＶ");
        assert_eq!(fold("Diálisis—Ñandú"), "dialisis nandu");
    }

    #[test]
    fn unicode_punctuation_symbols_and_format_characters_separate_words() {
        for src in [
            "“HIV”",
            "«HIV»",
            "HIV—positive",
            "HIV…",
            "HIV™",
            "HIV\u{200B}test",
            "\u{FEFF}HIV",
            "HIV\u{00A0}test",
            "HIV®",
            "•HIV",
        ] {
            let n = Normalized::new(src);
            let at = n.text.find("hiv").unwrap();
            assert!(
                !n.text
                    .as_bytes()
                    .get(at + 3)
                    .copied()
                    .is_some_and(is_word_byte),
                "{src:?} → {:?}",
                n.text
            );
            assert_eq!(n.original(at, at + 3).slice(src), "HIV", "{src:?}");
        }
        // Letters of any script stay word characters: no match inside a word.
        assert_eq!(Normalized::new("HIVé").text, "hive");
        assert!(Normalized::new("HIVж").text.len() > 3);
    }

    #[test]
    fn ascii_view_folds_letters_to_their_base() {
        let src = "Número de expediente: ０１２３４５";
        let view = AsciiView::new(src);
        assert_eq!(view.text, "Numero de expediente: 012345");
        let at = view.text.find("012345").unwrap();
        assert_eq!(
            view.original(Span::new(at, at + 6)).slice(src),
            "０１２３４５"
        );
    }
}
