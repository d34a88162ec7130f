//! The small vocabulary every other module speaks: categories, severities, channels,
//! providers.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of health information (or exposure) a finding is. The set and the names are a
/// contract with users and tools (`TAXONOMY.md`); never rename a variant's serialized name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A named condition, disease, disorder or diagnosis code.
    Diagnosis,
    /// The result, value or interpretation of a test, exam or screening.
    TestResult,
    /// A named drug, prescription or dose.
    Medication,
    /// A named treatment, procedure or exam that reveals health information.
    Procedure,
    /// A department, clinic, program or specialty whose name reveals a condition.
    SensitiveService,
    /// A direct identifier: SSN, MRN, member number, MBI, full date of birth, …
    Identifier,
    /// Identifiers or health information carried inside a URL.
    UrlPhi,
    /// A link that does not use TLS.
    InsecureLink,
    /// Click or open tracking that routes PHI-bearing links through a third party.
    Tracking,
    /// Not PHI: a messaging-compliance problem (opt-out, sender id, non-BAA provider, …).
    Compliance,
}

impl Category {
    /// Every category, in contract order.
    pub const ALL: [Category; 10] = [
        Category::Diagnosis,
        Category::TestResult,
        Category::Medication,
        Category::Procedure,
        Category::SensitiveService,
        Category::Identifier,
        Category::UrlPhi,
        Category::InsecureLink,
        Category::Tracking,
        Category::Compliance,
    ];

    /// The contract name (`test_result`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Diagnosis => "diagnosis",
            Category::TestResult => "test_result",
            Category::Medication => "medication",
            Category::Procedure => "procedure",
            Category::SensitiveService => "sensitive_service",
            Category::Identifier => "identifier",
            Category::UrlPhi => "url_phi",
            Category::InsecureLink => "insecure_link",
            Category::Tracking => "tracking",
            Category::Compliance => "compliance",
        }
    }

    /// Parses a contract name.
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// True for categories that are protected health information (all but `compliance`).
    pub const fn is_phi(self) -> bool {
        !matches!(self, Category::Compliance)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice; never fails a run by default.
    Info,
    /// Review before sending.
    Warning,
    /// Must not be sent.
    Error,
}

impl Severity {
    /// The lower-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` (or `warn`), `info`.
    pub fn from_name(name: &str) -> Option<Severity> {
        match name {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a message part is delivered. Severity is resolved per channel: a lock-screen SMS
/// preview exposes more than an email body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// SMS / MMS body.
    Sms,
    /// Push notification title or body.
    Push,
    /// Email subject line (also preheader and sender display name).
    EmailSubject,
    /// Plain-text email body.
    EmailText,
    /// HTML email body or fragment.
    EmailHtml,
    /// A single URL.
    Url,
}

impl Channel {
    /// Every channel, in a stable order.
    pub const ALL: [Channel; 6] = [
        Channel::Sms,
        Channel::Push,
        Channel::EmailSubject,
        Channel::EmailText,
        Channel::EmailHtml,
        Channel::Url,
    ];

    /// The snake_case name used in JSON (`email_subject`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Push => "push",
            Channel::EmailSubject => "email_subject",
            Channel::EmailText => "email_text",
            Channel::EmailHtml => "email_html",
            Channel::Url => "url",
        }
    }

    /// Parses a channel name; accepts snake_case and kebab-case (`email-subject`).
    pub fn from_name(name: &str) -> Option<Channel> {
        let name = name.replace('-', "_");
        Channel::ALL.into_iter().find(|c| c.as_str() == name)
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message-sending provider whose send payloads phi-lint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Provider {
    /// SendGrid v3 Mail Send (`personalizations`, `content`, `tracking_settings`, …). Not
    /// HIPAA-eligible.
    SendGrid,
    /// Twilio Programmable Messaging, Messages create parameters (`To`, `Body`, `ShortenUrls`).
    Twilio,
    /// Twilio Messages to a `whatsapp:` address: Meta offers no BAA.
    WhatsApp,
    /// Mailgun messages API form fields (`subject`, `html`, `o:tag`, `v:*`).
    Mailgun,
    /// Postmark email API (`HtmlBody`, `TextBody`, `Tag`, `Metadata`, `TrackLinks`).
    Postmark,
    /// Amazon SES v2 `SendEmail` (`Content.Simple`, `EmailTags`) or v1 (`Message`, `Tags`).
    Ses,
}

impl Provider {
    /// Every provider.
    pub const ALL: [Provider; 6] = [
        Provider::SendGrid,
        Provider::Twilio,
        Provider::WhatsApp,
        Provider::Mailgun,
        Provider::Postmark,
        Provider::Ses,
    ];

    /// The configuration name (`sendgrid`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Provider::SendGrid => "sendgrid",
            Provider::Twilio => "twilio",
            Provider::WhatsApp => "whatsapp",
            Provider::Mailgun => "mailgun",
            Provider::Postmark => "postmark",
            Provider::Ses => "ses",
        }
    }

    /// Parses a configuration name, ASCII case-insensitively (`amazon-ses` and `aws-ses` are
    /// accepted for `ses`).
    pub fn from_name(name: &str) -> Option<Provider> {
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "amazon-ses" | "aws-ses" | "amazon ses" => Some(Provider::Ses),
            _ => Provider::ALL.into_iter().find(|p| p.as_str() == name),
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
