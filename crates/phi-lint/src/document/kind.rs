//! How a file is read: its kind (template dialect, MIME, i18n, payload) and channel, from the
//! extension and path, with content sniffing where the extension is ambiguous.

use std::path::Path;

use phi_lint_syntax::{formats::i18n::I18nFormat, html::looks_like_html, template};

use crate::provider::Provider;
use crate::types::Channel;
use phi_lint_syntax::Dialect;

/// How a file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// A message template (or plain message text) in a dialect.
    Template(Dialect),
    /// A MIME message (`.eml`): its subject and each text part.
    Eml,
    /// An i18n resource whose strings are message bodies.
    I18n(I18nFormat),
    /// A provider send payload (SendGrid, Twilio, Mailgun, Postmark, SES).
    Payload,
}

/// Extensions read when walking directories.
pub const EXTENSIONS: &[&str] = &[
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

/// True when a directory walk should read `path` (one of the [`EXTENSIONS`]).
pub fn is_candidate(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Decides how to read `path` holding `src`. `channel` and `syntax` override inference.
pub(crate) fn detect(
    path: &Path,
    src: &str,
    channel: Option<Channel>,
    syntax: Option<Dialect>,
) -> (FileKind, Channel) {
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
        "eml" => FileKind::Eml,
        "yml" | "yaml" => FileKind::I18n(I18nFormat::Yaml),
        "properties" => FileKind::I18n(I18nFormat::Properties),
        "po" => FileKind::I18n(I18nFormat::Po),
        "xml" => FileKind::I18n(I18nFormat::AndroidXml),
        "json" if Provider::sniff(src).is_some() => FileKind::Payload,
        "json" => FileKind::I18n(I18nFormat::Json),
        e => FileKind::Template(
            syntax
                .or_else(|| dialect_of_ext(e))
                .unwrap_or_else(|| template::sniff(src)),
        ),
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
            || (matches!(kind, FileKind::Template(_)) && looks_like_html(src))
        {
            Channel::EmailHtml
        } else if kind == FileKind::Eml
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
    (kind, channel)
}

/// True when `path` (lower case, `/`-separated) has one of `words` as a path or name component,
/// split on `/ . _ -`.
fn path_has_word(path: &str, words: &[&str]) -> bool {
    path.split(['/', '.', '_', '-'])
        .any(|part| words.contains(&part))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(path: &str, src: &str) -> (FileKind, Channel) {
        detect(Path::new(path), src, None, None)
    }

    #[test]
    fn extension_gives_the_dialect_and_path_the_channel() {
        assert_eq!(
            spec("templates/sms/reminder.hbs", "Hi {{first_name}}"),
            (FileKind::Template(Dialect::Handlebars), Channel::Sms)
        );
        assert_eq!(
            spec("mailers/visit.html.erb", "<p>Hi <%= @name %></p>"),
            (FileKind::Template(Dialect::Erb), Channel::EmailHtml)
        );
        assert_eq!(
            spec("email/welcome_subject.liquid", "x").1,
            Channel::EmailSubject
        );
        assert_eq!(
            spec("config/locales/en.yml", "en:\n").0,
            FileKind::I18n(I18nFormat::Yaml)
        );
        assert_eq!(
            spec("send.json", r#"{"personalizations": []}"#).0,
            FileKind::Payload
        );
        // An i18n JSON file is not a payload, even with a `body` key.
        assert_eq!(
            spec("locales/en.json", r#"{"reminder": {"body": "Hi"}}"#).0,
            FileKind::I18n(I18nFormat::Json)
        );
    }

    #[test]
    fn overrides_win() {
        let (kind, channel) = detect(
            Path::new("a/sms/x.hbs"),
            "Hi",
            Some(Channel::Push),
            Some(Dialect::Liquid),
        );
        assert_eq!(kind, FileKind::Template(Dialect::Liquid));
        assert_eq!(channel, Channel::Push);
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
