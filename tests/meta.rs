//! Meta-tests over the rule packs: house style and contracts a reviewer should not have to check.

use phi_lint::{Category, Channel};

use crate::util::{linter, root};

#[test]
fn rule_text_follows_the_house_style() {
    let mut problems = Vec::new();
    for rule in linter().rules() {
        let help = rule.help.trim();
        if help.is_empty() || help.ends_with('.') || help.starts_with(|c: char| c.is_uppercase()) {
            problems.push(format!(
                "{}: help must start lower case and end without a period",
                rule.code
            ));
        }
        if rule.message.trim().is_empty() || rule.message.ends_with('.') {
            problems.push(format!(
                "{}: message must be a phrase without a period",
                rule.code
            ));
        }
        if !rule.docs.contains("## What it does") {
            problems.push(format!(
                "{}: docs need a `## What it does` section",
                rule.code
            ));
        }
        if rule.guidance.is_none() {
            problems.push(format!("{}: no guidance reference", rule.code));
        }
        if Channel::ALL.iter().all(|c| rule.severity_on(*c).is_none()) {
            problems.push(format!("{}: off on every channel", rule.code));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_taxonomy_category_has_a_rule() {
    for category in Category::ALL {
        assert!(
            linter().rules().any(|r| r.category == category),
            "no rule reports {category}"
        );
    }
}

#[test]
fn every_pack_and_wordlist_on_disk_is_embedded() {
    let embedded: Vec<&str> = phi_lint::builtin_packs().map(|(name, _)| name).collect();
    let lists: Vec<&str> = phi_lint::builtin_wordlists()
        .map(|(name, _)| name)
        .collect();
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let stem = path.file_stem().unwrap().to_str().unwrap();
            assert!(embedded.contains(&stem), "{stem}.toml is not embedded");
        }
    }
    for entry in std::fs::read_dir(root().join("rules/wordlists")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        assert!(
            lists.contains(&stem.as_str()),
            "wordlist {stem} is not embedded"
        );
    }
}

#[test]
fn every_wordlist_names_its_source() {
    for (name, text) in phi_lint::builtin_wordlists() {
        let header: String = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
            .to_lowercase();
        assert!(
            header.contains("source"),
            "wordlist {name} has no source line in its header"
        );
    }
}

#[test]
fn every_guidance_anchor_exists() {
    let guidance = std::fs::read_to_string(root().join("docs/guidance.md")).unwrap();
    let missing: Vec<String> = linter()
        .rules()
        .filter_map(|r| {
            r.guidance
                .as_ref()
                .map(|g| (r.code.clone(), g.split('#').next().unwrap_or(g).to_owned()))
        })
        .filter(|(_, g)| !guidance.contains(&format!("<a id=\"{g}\"></a>")))
        .map(|(code, g)| format!("{code}: {g}"))
        .collect();
    assert!(
        missing.is_empty(),
        "guidance anchors missing from docs/guidance.md: {missing:?}"
    );
}

#[test]
fn no_exception_regex_is_pasted_twice() {
    // A pattern two rules need is one named `[exception-sets]` entry, so a fix reaches both.
    let mut seen: std::collections::BTreeMap<String, String> = Default::default();
    let mut repeated = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root().join("rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() > 10, "{files:?}");
    let strings = |v: &toml::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let pack: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut owned: Vec<(String, String)> = Vec::new();
        for rule in pack
            .get("rule")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            let code = rule["code"].as_str().unwrap_or("?");
            if let Some(ex) = rule.get("exceptions") {
                owned.extend(
                    strings(ex)
                        .into_iter()
                        .map(|p| (format!("{name} {code}"), p)),
                );
            }
        }
        for (set, patterns) in pack
            .get("exception-sets")
            .and_then(toml::Value::as_table)
            .into_iter()
            .flatten()
        {
            owned.extend(
                strings(patterns)
                    .into_iter()
                    .map(|p| (format!("{name} set {set}"), p)),
            );
        }
        for (owner, pattern) in owned {
            if let Some(first) = seen.insert(pattern.clone(), owner.clone()) {
                repeated.push(format!("{first} and {owner}: {pattern}"));
            }
        }
    }
    assert!(seen.len() > 100, "exceptions were read: {}", seen.len());
    assert!(
        repeated.is_empty(),
        "share these as exception sets:\n{}",
        repeated.join("\n")
    );
}
