//! File formats whose strings are message text: span-preserving JSON, i18n resources and MIME
//! messages.

pub mod eml;
pub mod i18n;
pub mod json;
mod view;
