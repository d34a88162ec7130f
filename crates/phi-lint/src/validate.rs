//! Built-in validators: checks of a matched value that a regex cannot express.

use std::sync::OnceLock;

use crate::rules::Validator;

/// True when `value` passes `validator`.
pub(crate) fn check(validator: Validator, value: &str) -> bool {
    match validator {
        Validator::Ssn => ssn(value),
        Validator::Icd10 => icd10(value),
        Validator::Mbi => mbi(value),
        Validator::Dob => dob(value),
        Validator::Luhn => luhn(value),
    }
}

fn digits(value: &str) -> Vec<u32> {
    value.chars().filter_map(|c| c.to_digit(10)).collect()
}

/// SSA rules: area not 000, 666 or 900–999; group not 00; serial not 0000.
fn ssn(value: &str) -> bool {
    let d = digits(value);
    if d.len() != 9 {
        return false;
    }
    let num = |r: std::ops::Range<usize>| d[r].iter().fold(0, |n, x| n * 10 + x);
    let (area, group, serial) = (num(0..3), num(3..5), num(5..9));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

/// The code exists in ICD-10-CM FY2026 (the validator's wordlist, `icd10cm-codes`).
fn icd10(value: &str) -> bool {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    let codes = CODES.get_or_init(|| {
        crate::builtin::WORDLISTS
            .iter()
            .find(|(name, _)| Some(*name) == Validator::Icd10.wordlist())
            .map(|(_, src)| {
                src.lines()
                    .filter(|l| !l.starts_with('#') && !l.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    });
    let code = value.trim().to_ascii_lowercase();
    codes.binary_search(&code.as_str()).is_ok()
}

/// CMS MBI: 11 characters, C A AN N A AN N A A N N (C = 1–9, A = letters except S L O I B Z).
fn mbi(value: &str) -> bool {
    let chars: Vec<char> = value
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.len() != 11 {
        return false;
    }
    let alpha = |c: char| c.is_ascii_uppercase() && !"SLOIBZ".contains(c);
    let numeric = |c: char| c.is_ascii_digit();
    let alnum = |c: char| alpha(c) || numeric(c);
    let shape: [&dyn Fn(char) -> bool; 11] = [
        &|c| ('1'..='9').contains(&c),
        &alpha,
        &alnum,
        &numeric,
        &alpha,
        &alnum,
        &numeric,
        &alpha,
        &alpha,
        &numeric,
        &numeric,
    ];
    chars.iter().zip(shape).all(|(c, ok)| ok(*c))
}

/// A full date (month, day and year: numeric in US order or ISO, or with the month's name as in
/// "March 3, 1958" and "3rd March 1958") that is a valid calendar date between 1900 and 2026.
fn dob(value: &str) -> bool {
    let parts: Vec<&str> = value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let n = |s: &str| s.parse::<u32>().ok();
    let named = month_name(value);
    let (y, m, d) = match (named, parts.as_slice()) {
        (Some(m), [d, y]) if y.len() == 4 && d.len() <= 2 => (n(y), Some(m), n(d)),
        (Some(_), _) => return false,
        (None, [a, b, c]) if a.len() == 4 => (n(a), n(b), n(c)),
        (None, [a, b, c]) if c.len() == 4 => (n(c), n(a), n(b)),
        (None, [a, b, c]) if c.len() == 2 => (
            n(c).map(|y| if y > 26 { 1900 + y } else { 2000 + y }),
            n(a),
            n(b),
        ),
        _ => return false,
    };
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1900..=2026).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]
}

/// The month (1–12) named by a word of `value` ("Mar", "march", "Sept."), if any.
fn month_name(value: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    value
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .find_map(|w| {
            let w = w.to_ascii_lowercase();
            (0..12)
                .find(|&i| w == MONTHS[i] || w == FULL[i] || (i == 8 && w == "sept"))
                .map(|i| i as u32 + 1)
        })
}

fn luhn(value: &str) -> bool {
    let d = digits(value);
    if d.len() < 8 {
        return false;
    }
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            if i % 2 == 1 {
                if x * 2 > 9 { x * 2 - 9 } else { x * 2 }
            } else {
                x
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssn_follows_ssa_rules() {
        assert!(ssn("078-05-1120"));
        assert!(ssn("219099999"));
        for bad in [
            "000-12-3456",
            "666-12-3456",
            "912-12-3456",
            "123-00-4567",
            "123-45-0000",
            "12-345-678",
        ] {
            assert!(!ssn(bad), "{bad}");
        }
    }

    #[test]
    fn mbi_follows_the_cms_format() {
        assert!(mbi("1EG4-TE5-MK73"));
        assert!(!mbi("1EG4-TE5-MK7"));
        assert!(!mbi("0EG4-TE5-MK73"));
        assert!(!mbi("1SG4-TE5-MK73"));
    }

    #[test]
    fn dob_needs_a_real_full_date() {
        assert!(dob("04/12/1961"));
        assert!(dob("1961-04-12"));
        assert!(!dob("02/30/1961"));
        assert!(!dob("04/12"));
        assert!(!dob("13/12/1961"));
    }

    #[test]
    fn dob_reads_month_names() {
        assert!(dob("March 3, 1958"));
        assert!(dob("Sept. 30 1974"));
        assert!(dob("3rd March 1958"));
        assert!(dob("Feb 29, 1960"));
        assert!(!dob("Feb 29, 1961"));
        assert!(!dob("March 3"));
        assert!(!dob("March 3, 58"));
        assert!(!dob("Marchy 3, 1958"));
    }

    #[test]
    fn luhn_checks_the_digit() {
        assert!(luhn("4111 1111 1111 1111"));
        assert!(!luhn("4111 1111 1111 1112"));
    }
}
