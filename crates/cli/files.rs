//! Which files to read, and how: the file kind (template dialect, MIME, i18n, payload) and the
//! channel, from the extension and path, with content sniffing where the extension is ambiguous.

use std::path::{Path, PathBuf};

use phi_lint::{Channel, Dialect};
use phi_lint_syntax::{formats::i18n::I18nFormat, template};

/// How a file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A message template (or plain message text) in a dialect.
    Template(Dialect),
    /// A MIME message (`.eml`).
    Eml,
    /// An i18n resource whose strings are message bodies.
    I18n(I18nFormat),
    /// A provider send payload (SendGrid v3 mail send, Twilio message create).
    Payload,
}

/// A file's kind and channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Spec {
    pub(crate) kind: Kind,
    pub(crate) channel: Channel,
}

/// Extensions phi-lint reads when walking directories.
pub(crate) const EXTENSIONS: &[&str] = &[
    "hbs",
    "handlebars",
    "mustache",
    "liquid",
    "j2",
    "jinja",
    "jinja2",
    "njk",
    "twig",
    "erb",
    "tmpl",
    "gotmpl",
    "html",
    "htm",
    "mjml",
    "txt",
    "sms",
    "eml",
    "yml",
    "yaml",
    "json",
    "properties",
    "po",
    "xml",
];

/// Decides how to read `path` holding `src`. `channel` and `syntax` override inference.
pub(crate) fn detect(
    path: &Path,
    src: &str,
    channel: Option<Channel>,
    syntax: Option<Dialect>,
) -> Spec {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut exts = name.rsplit('.');
    let ext = exts.next().unwrap_or("");
    let inner = if name.contains('.') {
        exts.next().unwrap_or("")
    } else {
        ""
    };
    let lower_path = path
        .to_string_lossy()
        .to_ascii_lowercase()
        .replace('\\', "/");

    let dialect_of_ext = |e: &str| match e {
        "hbs" | "handlebars" | "mustache" => Some(Dialect::Handlebars),
        "liquid" => Some(Dialect::Liquid),
        "j2" | "jinja" | "jinja2" | "njk" | "twig" => Some(Dialect::Jinja),
        "erb" => Some(Dialect::Erb),
        "tmpl" | "gotmpl" => Some(Dialect::GoTemplate),
        _ => None,
    };
    let kind = match ext {
        "eml" => Kind::Eml,
        "yml" | "yaml" => Kind::I18n(I18nFormat::Yaml),
        "properties" => Kind::I18n(I18nFormat::Properties),
        "po" => Kind::I18n(I18nFormat::Po),
        "xml" => Kind::I18n(I18nFormat::AndroidXml),
        "json" if looks_like_payload(src) => Kind::Payload,
        "json" => Kind::I18n(I18nFormat::Json),
        e => Kind::Template(
            syntax
                .or_else(|| dialect_of_ext(e))
                .unwrap_or_else(|| template::sniff(src)),
        ),
    };
    let kind = match (kind, syntax) {
        (Kind::Template(_), Some(d)) => Kind::Template(d),
        (k, _) => k,
    };
    let html_ext = |e: &str| matches!(e, "html" | "htm" | "mjml");
    let channel = channel.unwrap_or_else(|| {
        if lower_path.contains("subject") {
            Channel::EmailSubject
        } else if path_has_word(&lower_path, &["sms", "text_message", "texts", "twilio"]) {
            Channel::Sms
        } else if path_has_word(&lower_path, &["push", "notification", "notifications"])
            && !html_ext(ext)
        {
            Channel::Push
        } else if html_ext(ext)
            || html_ext(inner)
            || (matches!(kind, Kind::Template(_)) && looks_like_html(src))
        {
            Channel::EmailHtml
        } else if kind == Kind::Eml
            || path_has_word(
                &lower_path,
                &["email", "emails", "mail", "mailer", "mailers"],
            )
        {
            Channel::EmailText
        } else {
            Channel::Sms
        }
    });
    Spec { kind, channel }
}

/// True when `path` (lower case, `/`-separated) has one of `words` as a path or name component,
/// split on `/ . _ -`.
fn path_has_word(path: &str, words: &[&str]) -> bool {
    path.split(['/', '.', '_', '-'])
        .any(|part| words.contains(&part))
}

/// HTML markup: a common email element near the start.
pub(crate) fn looks_like_html(src: &str) -> bool {
    let head = src
        .get(..src.len().min(4096))
        .unwrap_or(src)
        .to_ascii_lowercase();
    [
        "<html",
        "<body",
        "<p>",
        "<p ",
        "<div",
        "<table",
        "<br",
        "<a href",
        "<a ",
        "<!doctype",
        "<mjml",
        "<span",
    ]
    .iter()
    .any(|tag| head.contains(tag))
}

/// A provider payload: SendGrid v3 (`personalizations`), Mailgun/Postmark/SES send shapes, or
/// Twilio Messages parameters (`To` + `Body`).
fn looks_like_payload(src: &str) -> bool {
    let head = src.get(..src.len().min(8192)).unwrap_or(src);
    head.contains("\"personalizations\"")
        || (head.contains("\"To\"") && head.contains("\"Body\""))
        || (head.contains("\"to\"") && head.contains("\"body\"") && head.contains("\"from\""))
        || head.contains("\"HtmlBody\"")
        || head.contains("\"TextBody\"")
}

/// The channel an i18n key suggests (`…reminder_sms`, `…subject`), if any.
pub(crate) fn channel_of_key(key: &str) -> Option<Channel> {
    let key = key.to_ascii_lowercase();
    let has = |words: &[&str]| {
        key.split(['.', '_', '-', '[', ']', '#', '/'])
            .any(|w| words.contains(&w))
    };
    if has(&["subject", "subject_line", "title"]) && has(&["email", "mail"]) || has(&["subject"]) {
        Some(Channel::EmailSubject)
    } else if has(&["sms", "text", "texts"]) {
        Some(Channel::Sms)
    } else if has(&["push", "notification"]) {
        Some(Channel::Push)
    } else if has(&["html"]) {
        Some(Channel::EmailHtml)
    } else if has(&["email", "mail", "body"]) {
        Some(Channel::EmailText)
    } else {
        None
    }
}

/// True when the walker should read `path` (a known extension).
pub(crate) fn is_candidate(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Collects files under `paths` (gitignore-aware). Explicit file paths are always read.
pub(crate) fn collect(paths: &[PathBuf], errors: &mut Vec<(PathBuf, String)>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for root in paths {
        if root.is_file() {
            out.push(root.clone());
            continue;
        }
        if !root.exists() {
            errors.push((root.clone(), "no such file or directory".into()));
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .add_custom_ignore_filename(".phi-lintignore")
            .build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_candidate(e.path()) => {
                    out.push(e.into_path());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(path: &str, src: &str) -> Spec {
        detect(Path::new(path), src, None, None)
    }

    #[test]
    fn extension_gives_the_dialect_and_path_the_channel() {
        let s = spec("templates/sms/reminder.hbs", "Hi {{first_name}}");
        assert_eq!(
            s,
            Spec {
                kind: Kind::Template(Dialect::Handlebars),
                channel: Channel::Sms
            }
        );
        let s = spec("mailers/visit.html.erb", "<p>Hi <%= @name %></p>");
        assert_eq!(
            s,
            Spec {
                kind: Kind::Template(Dialect::Erb),
                channel: Channel::EmailHtml
            }
        );
        assert_eq!(
            spec("email/welcome_subject.liquid", "x").channel,
            Channel::EmailSubject
        );
        assert_eq!(
            spec("config/locales/en.yml", "en:\n").kind,
            Kind::I18n(I18nFormat::Yaml)
        );
        assert_eq!(
            spec("send.json", r#"{"personalizations": []}"#).kind,
            Kind::Payload
        );
    }

    #[test]
    fn i18n_keys_suggest_channels() {
        assert_eq!(channel_of_key("en.reminders.sms_body"), Some(Channel::Sms));
        assert_eq!(
            channel_of_key("visit.email.subject"),
            Some(Channel::EmailSubject)
        );
        assert_eq!(channel_of_key("greeting"), None);
    }
}
