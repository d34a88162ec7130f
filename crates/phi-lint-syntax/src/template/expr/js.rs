//! JavaScript `${}` placeholders.

use super::paths::Ctx;
use super::{Analysis, Lang};
use crate::Span;

/// A JavaScript `${…}` expression.
pub(in crate::template) fn js(src: &str, inner: Span) -> Analysis {
    let (cx, _) = Ctx::new(src, inner, Lang::Js);
    Analysis {
        paths: cx.all_paths(),
        ..Analysis::default()
    }
}
