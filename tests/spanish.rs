//! Spanish and Unicode text: word boundaries next to non-ASCII characters, accent folding,
//! and the language of a part deciding which packs run.

use phi_lint::{Category, Channel, Language, Linter, Message, Part};

use crate::util::linter;

/// The categories and exact original texts of the findings in `part`.
fn found(linter: &Linter, part: Part<'_>) -> Vec<(Category, String)> {
    linter
        .check(&Message::new().part(part).fragment())
        .findings()
        .iter()
        .map(|f| (f.category(), f.span().slice(part.text).to_owned()))
        .collect()
}

#[test]
fn terms_match_next_to_any_non_ascii_punctuation_symbol_or_format_character() {
    for text in [
        "Your “HIV” test is Tuesday.",
        "Your «HIV» test is Tuesday.",
        "Your HIV—positive partner program.",
        "Your HIV… test is Tuesday.",
        "Your HIV™ test is Tuesday.",
        "Your HIV\u{200B}test is Tuesday.",
        "Your\u{00A0}HIV\u{2060} test is Tuesday.",
    ] {
        let got = found(linter(), Part::new(Channel::Sms, text));
        assert!(
            got.iter()
                .any(|(c, s)| *c == Category::Diagnosis && s.starts_with("HIV")),
            "{text:?}: {got:?}"
        );
    }
    // Full-width letters fold (NFKC-style); the span is the original full-width text.
    let text = "Your ＨＩＶ test is Tuesday.";
    let got = found(linter(), Part::new(Channel::Sms, text));
    assert!(
        got.contains(&(Category::Diagnosis, "ＨＩＶ".to_owned())),
        "{got:?}"
    );
    // A letter of any script is still part of the word.
    let got = found(
        linter(),
        Part::new(Channel::Sms, "Your HIVж test is Tuesday."),
    );
    assert!(
        !got.iter().any(|(c, _)| *c == Category::Diagnosis),
        "{got:?}"
    );
}

#[test]
fn accents_are_optional_and_spans_stay_in_the_original_text() {
    for (text, term) in [
        ("Su colonoscopía es el martes.", "colonoscopía"),
        ("Su colonoscopia es el martes.", "colonoscopia"),
        ("Su tratamiento para el cancer es el martes.", "cancer"),
        ("SU TRATAMIENTO PARA EL CÁNCER ES EL MARTES.", "CÁNCER"),
        // "á" written as "a" plus a combining accent
        (
            "Su tratamiento para el ca\u{301}ncer es el martes.",
            "ca\u{301}ncer",
        ),
    ] {
        let got = found(linter(), Part::new(Channel::Sms, text));
        assert!(got.iter().any(|(_, s)| s == term), "{text:?}: {got:?}");
    }
}

#[test]
fn the_example_from_the_issue_is_caught() {
    let text = "Hola José, su prueba de VIH salió positiva.";
    let got = found(linter(), Part::new(Channel::Sms, text));
    assert!(
        got.contains(&(Category::Diagnosis, "VIH".to_owned())),
        "{got:?}"
    );
    assert!(
        got.contains(&(Category::TestResult, "salió positiva".to_owned())),
        "{got:?}"
    );
}

#[test]
fn spanish_packs_run_only_on_spanish_parts() {
    // Read as English (its stopwords win), the Spanish word is not looked up...
    let text = "Your quimio schedule changed: see the portal.";
    let got = found(linter(), Part::new(Channel::Sms, text));
    assert!(got.is_empty(), "{got:?}");
    // ...unless the caller says the part is Spanish, or the linter's default says so.
    let got = found(
        linter(),
        Part::new(Channel::Sms, text).language(Language::Spanish),
    );
    assert_eq!(got, [(Category::Procedure, "quimio".to_owned())]);
    let spanish = Linter::builder()
        .language(Some(Language::Spanish))
        .build()
        .unwrap();
    assert_eq!(found(&spanish, Part::new(Channel::Sms, text)).len(), 1);
    // English packs run on Spanish parts too (Spanglish).
    let got = found(
        linter(),
        Part::new(Channel::Sms, "Hola, su diabetes follow-up es el martes."),
    );
    assert!(
        got.contains(&(Category::Diagnosis, "diabetes".to_owned())),
        "{got:?}"
    );
}

#[test]
fn an_english_misspelling_one_edit_from_a_spanish_term_too_is_still_caught() {
    // "amoxicilin" is one edit from both "amoxicillin" and "amoxicilina", "metforminn" from
    // "metformin" and "metformina": the English rule must get the hit on English text.
    for (text, word) in [
        ("Your amoxicilin refill is ready for pickup.", "amoxicilin"),
        ("Your metforminn refill is ready for pickup.", "metforminn"),
    ] {
        let got = found(linter(), Part::new(Channel::Sms, text));
        assert!(
            got.contains(&(Category::Medication, word.to_owned())),
            "{text:?}: {got:?}"
        );
    }
}

#[test]
fn hard_negatives_stay_quiet() {
    for text in [
        "Receta del mes: sopa de lentejas. ¡Buen provecho!",
        "Horóscopo de hoy: Cáncer, tu semana trae buenas noticias.",
        "Sea paciente: nuestra línea tiene mucha demanda hoy.",
        "¡Gracias por su visita! Mantenga una actitud positiva.",
        "Sus resultados están listos en el portal del paciente.",
    ] {
        let got = found(linter(), Part::new(Channel::Sms, text));
        assert!(got.is_empty(), "{text:?}: {got:?}");
    }
}

#[test]
fn a_pack_with_an_unknown_language_points_at_it() {
    let pack = "[pack]\nname = \"x\"\nlanguage = \"xx\"\ndescription = \"d\"\n";
    let err = Linter::builder()
        .no_default_rules()
        .pack("x", pack)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("unknown language"), "{err}");
}
