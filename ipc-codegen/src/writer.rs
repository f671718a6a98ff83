//! A small indenting writer: each emitter reads top to bottom like the file
//! it writes.

use std::borrow::Cow;

/// Builds one generated file line by line.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    out: String,
    depth: usize,
}

const INDENT: &str = "  ";

/// The line width of generated code: Biome's, as `biome.json` sets it.
pub(crate) const LINE_WIDTH: usize = 120;

/// The brackets of a list that `Writer::list` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Brackets {
    /// `{ a, b }`
    Braces,
}

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

    /// Appends lines another `Writer` wrote at the top level (text that
    /// several files share, written once), at the current indentation.
    pub(crate) fn append(&mut self, written: &str) {
        if self.depth == 0 {
            self.out.push_str(written);
        } else {
            self.lines(written);
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

    /// Whether `text` fits on one line at the current indentation.
    pub(crate) fn fits(&self, text: &str) -> bool {
        self.depth * INDENT.len() + crate::pretty::columns(text) <= LINE_WIDTH
    }

    /// `head` + the items in brackets + `tail`, on one line when it fits,
    /// else one item a line with a trailing comma: Biome's layout of an
    /// object literal, an import or an export list.
    pub(crate) fn list(&mut self, head: &str, items: &[String], brackets: Brackets, tail: &str) {
        let (open, close) = match brackets {
            Brackets::Braces => ("{", "}"),
        };
        let flat = match (brackets, items.is_empty()) {
            (_, true) => format!("{head}{open}{close}{tail}"),
            (Brackets::Braces, false) => format!("{head}{{ {} }}{tail}", items.join(", ")),
        };
        if self.fits(&flat) {
            self.line(flat);
            return;
        }
        self.block(format!("{head}{open}"), &format!("{close}{tail}"), |w| {
            for item in items {
                w.line(format!("{item},"));
            }
        });
    }

    /// A document of the pretty printer, laid out to fit the line width at
    /// the current indentation.
    pub(crate) fn pretty(&mut self, doc: &crate::pretty::Doc) {
        let width = LINE_WIDTH.saturating_sub(self.depth * INDENT.len());
        self.lines(&crate::pretty::print(doc, width));
    }

    /// A JSDoc comment from Rust doc text plus tags (`@deprecated …`);
    /// nothing when both are empty.
    pub(crate) fn doc(&mut self, docs: Option<&str>, tags: &[String]) {
        // The lines as written, borrowed: a line is copied only when it
        // holds a `*/` (see `comment_safe`), trimmed at the end.
        let mut lines: Vec<Cow<'_, str>> = docs
            .map(|docs| docs.trim_matches('\n').lines().map(comment_safe).collect())
            .unwrap_or_default();
        if !lines.is_empty() && !tags.is_empty() {
            lines.push(Cow::Borrowed(""));
        }
        lines.extend(tags.iter().map(|tag| comment_safe(tag)));
        match lines.as_slice() {
            [] => {}
            [only] if !only.is_empty() => self.line_of(&["/** ", only.as_ref(), " */"]),
            _ => {
                self.line("/**");
                for line in &lines {
                    if line.is_empty() {
                        self.line(" *");
                    } else {
                        self.line_of(&[" * ", line.as_ref()]);
                    }
                }
                self.line(" */");
            }
        }
    }

    /// `line` of the parts joined, without joining them first; the parts
    /// end in no blanks and are not all empty, so nothing is trimmed.
    fn line_of(&mut self, parts: &[&str]) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
        for part in parts {
            self.out.push_str(part);
        }
        self.out.push('\n');
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// Doc text as it may appear inside `/* … */`: a `*/` would end the comment
/// and turn the rest of the doc into code. Borrowed when it holds none.
fn comment_safe(text: &str) -> Cow<'_, str> {
    let text = text.trim_end();
    if text.contains("*/") {
        Cow::Owned(text.replace("*/", "*\\/"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A JavaScript/TypeScript string literal, from the JSON encoder.
pub(crate) fn literal(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    push_literal(&mut quoted, text);
    quoted
}

/// [`literal`], appended to `out`.
pub(crate) fn push_literal(out: &mut String, text: &str) {
    // Text the encoder would copy unchanged (nearly every name: nothing
    // below U+0020, no `"` or `\\`) is that text in quotes, without the
    // encoder's buffer; a test holds the two to the same output.
    if !text.bytes().any(needs_escape) {
        out.push('"');
        out.push_str(text);
        out.push('"');
        return;
    }
    // Serializing a `str` cannot fail.
    out.push_str(&serde_json::to_string(text).unwrap_or_default());
}

/// The bytes a JSON string escapes (RFC 8259, section 7).
fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Sorts the names of an import or export list as Biome's import sorting
/// does: `_`, then `$`, then digits (runs compared as numbers), then
/// letters regardless of case, an upper-case letter before its lower case.
pub(crate) fn sort_names(names: &mut [String]) {
    names.sort_by(|a, b| natural_order(a, b));
}

fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;

    fn rank(c: char) -> u8 {
        match c {
            '_' => 0,
            '$' => 1,
            c if c.is_ascii_digit() => 2,
            _ => 3,
        }
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        if x.is_ascii_digit() && y.is_ascii_digit() {
            let end_a = (i..a.len())
                .find(|&k| !a[k].is_ascii_digit())
                .unwrap_or(a.len());
            let end_b = (j..b.len())
                .find(|&k| !b[k].is_ascii_digit())
                .unwrap_or(b.len());
            let digits_a: String = a[i..end_a].iter().collect();
            let digits_b: String = b[j..end_b].iter().collect();
            let (trimmed_a, trimmed_b) = (
                digits_a.trim_start_matches('0'),
                digits_b.trim_start_matches('0'),
            );
            let order = trimmed_a
                .len()
                .cmp(&trimmed_b.len())
                .then_with(|| trimmed_a.cmp(trimmed_b));
            if order != Ordering::Equal {
                return order;
            }
            i = end_a;
            j = end_b;
            continue;
        }
        let order = rank(x).cmp(&rank(y)).then_with(|| {
            x.to_lowercase()
                .cmp(y.to_lowercase())
                // The same letter: upper case first.
                .then_with(|| x.is_lowercase().cmp(&y.is_lowercase()))
        });
        if order != Ordering::Equal {
            return order;
        }
        i += 1;
        j += 1;
    }
    (a.len() - i).cmp(&(b.len() - j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_what_the_json_encoder_writes() {
        let mut texts: Vec<String> = (0u8..0x80).map(|b| format!("a{}b", b as char)).collect();
        texts.extend(
            [
                "",
                "todos:add",
                "é…",
                "\u{2028}",
                "\u{7f}",
                "</script>",
                "a\"b\\c\n",
            ]
            .map(str::to_owned),
        );
        for text in &texts {
            assert_eq!(
                literal(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn doc_comments_keep_their_layout() {
        let mut w = Writer::new();
        w.doc(Some("One line.  "), &[]);
        w.doc(
            Some("\nFirst.\n\n  Indented */ end.\n"),
            &["@deprecated".to_owned()],
        );
        w.doc(None, &[]);
        w.block("{", "}", |w| w.doc(None, &["@throws {X} it.".to_owned()]));
        assert_eq!(
            w.finish(),
            "/** One line. */\n/**\n * First.\n *\n *   Indented *\\/ end.\n *\n * @deprecated\n */\n\
             {\n  /** @throws {X} it. */\n}\n"
        );
    }

    #[test]
    fn names_sort_as_biome_sorts_imports() {
        // The order `biome check --write` gave these names.
        let expected = [
            "_x",
            "$y",
            "A_b",
            "AB",
            "Ab",
            "a_1",
            "a_b",
            "a$b",
            "a1",
            "a2b",
            "a10b",
            "aB",
            "ab",
            "alpha",
            "Beta9",
            "Beta10",
            "FOO",
            "Foo_Bar",
            "Foo1",
            "FooBar",
            "Todo",
            "TodoError",
            "Zeta",
        ];
        let mut names: Vec<String> = expected.iter().rev().map(|s| s.to_string()).collect();
        sort_names(&mut names);
        assert_eq!(names, expected);
    }
}
