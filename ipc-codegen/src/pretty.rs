//! A small pretty printer in the manner of Wadler's and Prettier's: a
//! document of text, line breaks and groups; a group is printed on one line
//! when it fits the width, else its line breaks become newlines. Biome
//! formats with the same algorithm, so TypeScript laid out through it (see
//! `typescript.rs`) is what Biome would print.

use std::borrow::Cow;

/// A document to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Doc {
    /// Text without newlines; punctuation and keywords borrowed, so
    /// cloning a separator allocates nothing.
    Text(Cow<'static, str>),
    /// A space in a flat group, a newline in a broken one.
    Line,
    /// Nothing in a flat group, a newline in a broken one.
    SoftLine,
    /// Always a newline; breaks every enclosing group.
    HardLine,
    /// The parts, in order.
    Concat(Vec<Doc>),
    /// Printed flat when it fits, else broken.
    /// (Whether it holds a hard line, found once when it is built: asking
    /// the tree again at every enclosing group made printing quadratic in
    /// the nesting.)
    Group(Box<Doc>, bool),
    /// Its newlines indented one level (two spaces) more.
    Indent(Box<Doc>),
    /// Its newlines indented by this many spaces more.
    Align(usize, Box<Doc>),
    /// The first part in a broken group, the second in a flat one.
    IfBreak(Box<Doc>, Box<Doc>),
}

/// `Doc::Text`.
pub(crate) fn text(text: impl Into<Cow<'static, str>>) -> Doc {
    Doc::Text(text.into())
}

/// `Doc::Concat`.
pub(crate) fn concat(parts: impl IntoIterator<Item = Doc>) -> Doc {
    Doc::Concat(parts.into_iter().collect())
}

/// `Doc::Group`.
pub(crate) fn group(doc: Doc) -> Doc {
    let hard = doc.has_hard_line();
    Doc::Group(Box::new(doc), hard)
}

/// `Doc::Indent`.
pub(crate) fn indent(doc: Doc) -> Doc {
    Doc::Indent(Box::new(doc))
}

/// `Doc::Align`.
pub(crate) fn align(spaces: usize, doc: Doc) -> Doc {
    Doc::Align(spaces, Box::new(doc))
}

/// `Doc::IfBreak`.
pub(crate) fn if_break(broken: Doc, flat: Doc) -> Doc {
    Doc::IfBreak(Box::new(broken), Box::new(flat))
}

/// `docs` with `separator` between each two.
pub(crate) fn join(separator: Doc, docs: impl IntoIterator<Item = Doc>) -> Doc {
    // A separator of several parts (`,` and a line) is spliced in part by
    // part: a concatenation inside another prints the same, and its
    // borrowed parts are copied without allocating.
    let separator = match separator {
        Doc::Concat(parts) => parts,
        single => vec![single],
    };
    let docs = docs.into_iter();
    let mut parts = Vec::with_capacity((1 + separator.len()) * docs.size_hint().0);
    for (i, doc) in docs.into_iter().enumerate() {
        if i > 0 {
            parts.extend(separator.iter().cloned());
        }
        parts.push(doc);
    }
    Doc::Concat(parts)
}

impl Doc {
    /// Whether printing it breaks a line whatever the width.
    fn has_hard_line(&self) -> bool {
        match self {
            Doc::HardLine => true,
            Doc::Text(_) | Doc::Line | Doc::SoftLine => false,
            Doc::Concat(parts) => parts.iter().any(Doc::has_hard_line),
            Doc::Group(_, hard) => *hard,
            Doc::Indent(doc) | Doc::Align(_, doc) => doc.has_hard_line(),
            Doc::IfBreak(broken, _) => broken.has_hard_line(),
        }
    }
}

/// The columns `text` takes: its characters (its bytes when it is ASCII,
/// as generated code nearly always is, which is quicker to tell).
pub(crate) fn columns(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

/// `doc` laid out within `width` columns, lines joined with `\n`, without
/// trailing blanks.
pub(crate) fn print(doc: &Doc, width: usize) -> String {
    // Sized for a typical declaration, so that few of them grow: growing
    // these two and the stack of `fits` was a third of the printer's work.
    let mut out = String::with_capacity(2 * width);
    let mut column = 0usize;
    let mut commands: Vec<(usize, Mode, &Doc)> = Vec::with_capacity(64);
    commands.push((0, Mode::Break, doc));
    let mut scratch: Vec<(Mode, &Doc)> = Vec::with_capacity(64);
    while let Some((indentation, mode, doc)) = commands.pop() {
        match doc {
            Doc::Text(text) => {
                out.push_str(text);
                column += columns(text);
            }
            Doc::Concat(parts) => {
                for part in parts.iter().rev() {
                    commands.push((indentation, mode, part));
                }
            }
            Doc::Indent(inner) => commands.push((indentation + 2, mode, inner)),
            Doc::Align(spaces, inner) => commands.push((indentation + spaces, mode, inner)),
            Doc::Group(inner, hard) => {
                let flat = mode == Mode::Flat
                    || (!hard
                        && fits(inner, &commands, width.saturating_sub(column), &mut scratch));
                if flat {
                    print_flat(inner, indentation, &mut out, &mut column);
                } else {
                    commands.push((indentation, Mode::Break, inner));
                }
            }
            Doc::IfBreak(broken, flat) => {
                commands.push((
                    indentation,
                    mode,
                    if mode == Mode::Break { broken } else { flat },
                ));
            }
            Doc::Line | Doc::SoftLine if mode == Mode::Flat => {
                if *doc == Doc::Line {
                    out.push(' ');
                    column += 1;
                }
            }
            Doc::Line | Doc::SoftLine | Doc::HardLine => {
                let kept = out.trim_end_matches(' ').len();
                out.truncate(kept);
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', indentation));
                column = indentation;
            }
        }
    }
    out
}

/// `doc` printed as `print` prints it in a flat group, in one walk instead
/// of through the command stack: most groups of generated code fit.
fn print_flat(doc: &Doc, indentation: usize, out: &mut String, column: &mut usize) {
    match doc {
        Doc::Text(text) => {
            out.push_str(text);
            *column += columns(text);
        }
        Doc::Concat(parts) => {
            for part in parts {
                print_flat(part, indentation, out, column);
            }
        }
        Doc::Indent(inner) => print_flat(inner, indentation + 2, out, column),
        Doc::Align(spaces, inner) => print_flat(inner, indentation + spaces, out, column),
        Doc::Group(inner, _) => print_flat(inner, indentation, out, column),
        Doc::IfBreak(_, flat) => print_flat(flat, indentation, out, column),
        Doc::Line => {
            out.push(' ');
            *column += 1;
        }
        Doc::SoftLine => {}
        // A hard line inside a group that is flat because the group around
        // it is: a newline all the same.
        Doc::HardLine => {
            let kept = out.trim_end_matches(' ').len();
            out.truncate(kept);
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indentation));
            *column = indentation;
        }
    }
}

/// Whether `doc`, printed flat, and what follows it up to the next line
/// break fit in `width` columns. `stack` is working space, emptied first.
fn fits<'d>(
    doc: &'d Doc,
    rest: &[(usize, Mode, &'d Doc)],
    width: usize,
    stack: &mut Vec<(Mode, &'d Doc)>,
) -> bool {
    let mut left = width as isize;
    stack.clear();
    stack.push((Mode::Flat, doc));
    let mut rest = rest.iter().rev();
    loop {
        let Some((mode, doc)) = stack.pop() else {
            match rest.next() {
                Some((_, mode, doc)) => {
                    stack.push((*mode, doc));
                    continue;
                }
                None => return true,
            }
        };
        match doc {
            Doc::Text(text) => left -= columns(text) as isize,
            Doc::Concat(parts) => stack.extend(parts.iter().rev().map(|part| (mode, part))),
            Doc::Indent(inner) | Doc::Align(_, inner) => stack.push((mode, inner)),
            Doc::Group(inner, hard) => {
                let mode = if *hard { Mode::Break } else { mode };
                stack.push((mode, inner));
            }
            Doc::IfBreak(broken, flat) => {
                stack.push((mode, if mode == Mode::Break { broken } else { flat }));
            }
            Doc::HardLine => return true,
            Doc::Line | Doc::SoftLine if mode == Mode::Break => return true,
            Doc::Line => left -= 1,
            Doc::SoftLine => {}
        }
        if left < 0 {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(args: &[&'static str]) -> Doc {
        group(concat([
            text("f("),
            indent(concat([
                Doc::SoftLine,
                join(
                    concat([text(","), Doc::Line]),
                    args.iter().map(|a| text(*a)),
                ),
            ])),
            if_break(text(","), text("")),
            Doc::SoftLine,
            text(");"),
        ]))
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(columns("abc"), 3);
        assert_eq!(columns("é…"), 2);
        // A group of non-ASCII text breaks where its characters, not its
        // bytes, pass the width.
        assert_eq!(print(&call(&["ééé", "ééé"]), 14), "f(ééé, ééé);");
    }

    #[test]
    fn a_group_that_fits_stays_on_one_line() {
        assert_eq!(print(&call(&["a", "b"]), 20), "f(a, b);");
    }

    #[test]
    fn a_group_that_does_not_fit_breaks_every_line_of_it() {
        assert_eq!(
            print(&call(&["aaaa", "bbbb"]), 12),
            "f(\n  aaaa,\n  bbbb,\n);"
        );
    }

    #[test]
    fn the_text_after_a_group_counts_up_to_the_next_line_break() {
        let doc = concat([call(&["a"]), text(" // twelve")]);
        assert_eq!(print(&doc, 12), "f(\n  a,\n); // twelve");
    }

    #[test]
    fn a_flat_group_prints_its_lines_and_alternatives_flat() {
        let doc = concat([
            text("x = "),
            group(concat([
                text("["),
                align(4, concat([Doc::SoftLine, text("a,"), Doc::Line, text("b")])),
                if_break(text(","), text("")),
                group(concat([Doc::SoftLine, text("]")])),
            ])),
        ]);
        assert_eq!(print(&doc, 80), "x = [a, b]");
        assert_eq!(print(&doc, 8), "x = [\n    a,\n    b,]");
        // A hard line in a group made flat by the group around it.
        let inner = Doc::Group(
            Box::new(indent(concat([text("a "), Doc::HardLine, text("b")]))),
            true,
        );
        let doc = Doc::Group(Box::new(concat([text("{"), inner, text("}")])), false);
        assert_eq!(print(&doc, 80), "{a\n  b}");
    }

    #[test]
    fn a_hard_line_breaks_the_groups_around_it() {
        let doc = group(concat([
            text("{"),
            indent(concat([Doc::Line, text("a;"), Doc::HardLine, text("b;")])),
            Doc::Line,
            text("}"),
        ]));
        assert_eq!(print(&doc, 80), "{\n  a;\n  b;\n}");
    }
}
