//! The message model: one or more parts, each with a channel, a syntax and its text.

use std::fmt;

use phi_lint_syntax::Dialect;

use crate::language::Language;
use crate::types::Channel;

/// What a part of a message is: content the recipient sees, or provider metadata (tags, custom
/// args) that providers log and do not protect as PHI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Message content.
    #[default]
    Content,
    /// Provider metadata: SendGrid `custom_args`/`categories`, Mailgun tags, Postmark
    /// `Metadata`, Twilio tags, …
    Metadata,
}

/// One part of a message: an SMS body, a subject line, an HTML body, a URL, a metadata value.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Part<'a> {
    /// Where the part is delivered.
    pub channel: Channel,
    /// The template dialect of `text` ([`Dialect::Plain`] for a rendered message).
    pub syntax: Dialect,
    /// The text.
    pub text: &'a str,
    /// Content or metadata.
    pub origin: Origin,
    /// The language of `text` when the caller knows it (API, configuration, the locale of an
    /// i18n file); `None`: the linter's default, else detected from the text.
    pub language: Option<Language>,
}

impl<'a> Part<'a> {
    /// A rendered (plain) part.
    pub fn new(channel: Channel, text: &'a str) -> Part<'a> {
        Part {
            channel,
            syntax: Dialect::Plain,
            text,
            origin: Origin::Content,
            language: None,
        }
    }

    /// The same part read as a template in `syntax`.
    pub fn syntax(self, syntax: Dialect) -> Part<'a> {
        Part { syntax, ..self }
    }

    /// The same part in a known language: rule packs of that language run on it.
    pub fn language(self, language: Language) -> Part<'a> {
        Part {
            language: Some(language),
            ..self
        }
    }

    /// The same part as provider metadata.
    pub fn metadata(self) -> Part<'a> {
        Part {
            origin: Origin::Metadata,
            ..self
        }
    }
}

// Never print the text: parts hold patient messages.
impl fmt::Debug for Part<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("channel", &self.channel)
            .field("syntax", &self.syntax)
            .field("origin", &self.origin)
            .field("language", &self.language)
            .field("len", &self.text.len())
            .finish()
    }
}

/// A message to check: one or more [`Part`]s, checked in one call.
///
/// ```
/// use phi_lint::{Channel, Message};
///
/// let sms = Message::sms("Your appointment is Tue at 3 PM. Reply STOP to opt out.");
/// let email = Message::new()
///     .subject("Your visit summary is ready")
///     .html("<p>Sign in to the portal to read it.</p>");
/// assert_eq!(email.parts().len(), 2);
/// assert_eq!(sms.parts()[0].channel, Channel::Sms);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message<'a> {
    parts: Vec<Part<'a>>,
    fragment: bool,
}

impl<'a> Message<'a> {
    /// An empty message; add parts with the builder methods.
    pub fn new() -> Message<'a> {
        Message {
            parts: Vec::new(),
            fragment: false,
        }
    }

    /// A message of one SMS body.
    pub fn sms(text: &'a str) -> Message<'a> {
        Message::new().part(Part::new(Channel::Sms, text))
    }

    /// A message of one push notification.
    pub fn push(text: &'a str) -> Message<'a> {
        Message::new().part(Part::new(Channel::Push, text))
    }

    /// A message of one URL.
    pub fn url(text: &'a str) -> Message<'a> {
        Message::new().part(Part::new(Channel::Url, text))
    }

    /// A single template part of `channel` in `syntax` (pre-commit and CI use).
    pub fn template(channel: Channel, syntax: Dialect, text: &'a str) -> Message<'a> {
        Message::new().part(Part::new(channel, text).syntax(syntax))
    }

    /// Adds a part.
    pub fn part(mut self, part: Part<'a>) -> Message<'a> {
        self.parts.push(part);
        self
    }

    /// Adds an email subject line.
    pub fn subject(self, text: &'a str) -> Message<'a> {
        self.part(Part::new(Channel::EmailSubject, text))
    }

    /// Adds a plain-text email body.
    pub fn text(self, text: &'a str) -> Message<'a> {
        self.part(Part::new(Channel::EmailText, text))
    }

    /// Adds an HTML email body.
    pub fn html(self, text: &'a str) -> Message<'a> {
        self.part(Part::new(Channel::EmailHtml, text))
    }

    /// Adds a provider-metadata value (tags, custom args) sent along with `channel`.
    pub fn metadata(self, channel: Channel, text: &'a str) -> Message<'a> {
        self.part(Part::new(channel, text).metadata())
    }

    /// Marks the message as a fragment (an i18n string, a template partial) rather than a whole
    /// message: checks of the whole SMS (opt-out instructions, sender identification) are
    /// skipped.
    pub fn fragment(mut self) -> Message<'a> {
        self.fragment = true;
        self
    }

    /// True when the message was marked a [fragment](Self::fragment).
    pub fn is_fragment(&self) -> bool {
        self.fragment
    }

    /// The parts, in the order they were added.
    pub fn parts(&self) -> &[Part<'a>] {
        &self.parts
    }
}
