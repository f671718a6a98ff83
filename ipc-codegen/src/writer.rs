//! A small indenting writer: each emitter reads top to bottom like the file
//! it writes.

/// Builds one generated file line by line.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    out: String,
    depth: usize,
}

const INDENT: &str = "  ";

impl Writer {
    pub(crate) fn new() -> Self {
        Writer::default()
    }

    /// Writes one line at the current indentation (an empty line stays empty).
    pub(crate) fn line(&mut self, text: impl AsRef<str>) {
        // Trailing blanks come from embedded declarations (ts-rs ends lines
        // with a space before its field docs); they are noise in a diff.
        let text = text.as_ref().trim_end();
        if !text.is_empty() {
            for _ in 0..self.depth {
                self.out.push_str(INDENT);
            }
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    pub(crate) fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Writes a multi-line chunk, each line at the current indentation.
    pub(crate) fn lines(&mut self, text: &str) {
        for line in text.lines() {
            self.line(line);
        }
    }

    /// `open`, then `body` one level deeper, then `close`.
    pub(crate) fn block(
        &mut self,
        open: impl AsRef<str>,
        close: &str,
        body: impl FnOnce(&mut Self),
    ) {
        self.line(open);
        self.depth += 1;
        body(self);
        self.depth -= 1;
        self.line(close);
    }

    /// A JSDoc comment from Rust doc text plus tags (`@deprecated …`);
    /// nothing when both are empty.
    pub(crate) fn doc(&mut self, docs: Option<&str>, tags: &[String]) {
        let mut lines: Vec<String> = docs
            .map(|docs| docs.trim_matches('\n').lines().map(comment_safe).collect())
            .unwrap_or_default();
        if !lines.is_empty() && !tags.is_empty() {
            lines.push(String::new());
        }
        lines.extend(tags.iter().map(|tag| comment_safe(tag)));
        match lines.as_slice() {
            [] => {}
            [only] if !only.is_empty() => self.line(format!("/** {only} */")),
            _ => {
                self.line("/**");
                for line in &lines {
                    if line.is_empty() {
                        self.line(" *");
                    } else {
                        self.line(format!(" * {line}"));
                    }
                }
                self.line(" */");
            }
        }
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// Doc text as it may appear inside `/* … */`: a `*/` would end the comment
/// and turn the rest of the doc into code.
pub(crate) fn comment_safe(text: &str) -> String {
    text.trim_end().replace("*/", "*\\/")
}

/// A JavaScript/TypeScript string literal, from the JSON encoder.
pub(crate) fn literal(text: &str) -> String {
    // Serializing a `str` cannot fail.
    serde_json::to_string(text).unwrap_or_default()
}
