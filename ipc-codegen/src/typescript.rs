//! TypeScript types as a careful person lays them out: ts-rs writes each
//! declaration on one line (`type Todo = { id: number, title: string, };`);
//! this module reads the shapes ts-rs writes (object and mapped types,
//! unions, intersections, tuples, generic references, literals, field docs)
//! and prints them the way Biome formats TypeScript, with the fields of
//! every object type on their own lines. A declaration it cannot read (a
//! `#[ts(type = "…")]` override with a shape of its own, an `enum`) is kept
//! as ts-rs wrote it.

use crate::pretty::{self, align, concat, group, if_break, indent, join, text, Doc};

/// A type, as read from ts-rs's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Type {
    /// A keyword, literal or name without type arguments: `number`, `"Idle"`, `Todo`.
    Atom(String),
    /// `Name<A, B>`.
    Generic(String, Vec<Type>),
    /// `{ a: A; b?: B }`: on one line when it fits, unless `expand` (or a
    /// member's docs) puts each member on a line of its own.
    Object { members: Vec<Member>, expand: bool },
    /// `{ [key in K]?: V }`.
    Mapped {
        key: String,
        domain: Box<Type>,
        optional: bool,
        value: Box<Type>,
    },
    /// `[A, B]`.
    Tuple(Vec<Type>),
    /// `A[]`.
    Array(Box<Type>),
    /// `A | B`.
    Union(Vec<Type>),
    /// `A & B`.
    Intersection(Vec<Type>),
}

/// One property of an object type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    /// The lines of its doc comment, without `/**`, `*` and `*/`.
    pub(crate) docs: Vec<String>,
    pub(crate) readonly: bool,
    /// As written: an identifier, or a string literal where one is needed.
    pub(crate) key: String,
    pub(crate) optional: bool,
    pub(crate) ty: Type,
}

/// A type declaration ts-rs wrote: `type Name<T> = …;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Declaration {
    /// `Name` or `Name<T>`.
    pub(crate) name: String,
    pub(crate) ty: Type,
}

/// `export type …` laid out within `width` columns, or `None` when the text
/// is not a type alias of the shapes this module reads.
pub(crate) fn format_declaration(declaration: &str, width: usize) -> Option<String> {
    let mut declaration = parse_declaration(declaration)?;
    // The body of a struct (its fields, and those it flattens in) is
    // written a field a line; smaller objects stay on one line when they fit.
    match &mut declaration.ty {
        Type::Object { expand, .. } => *expand = true,
        Type::Intersection(members) => {
            for member in members {
                if let Type::Object { expand, .. } = member {
                    *expand = true;
                }
            }
        }
        _ => {}
    }
    let doc = concat([
        text(format!("export type {} = ", declaration.name)),
        declaration.ty.doc(),
        text(";"),
    ]);
    Some(pretty::print(&doc, width))
}

/// The type in `source` (a parameter or return type of the schema), or
/// `None` when it is not of the shapes this module reads.
pub(crate) fn parse_type(source: &str) -> Option<Type> {
    // Most types of a schema are one word (`number`, `string`, a type's
    // name): what the tokenizer and the parser would make of it, without
    // them.
    if is_word(source) {
        return Some(Type::Atom(source.to_owned()));
    }
    parse_tokens(source)
}

/// Whether `source` is a single `Token::Word` as `tokenize` reads words.
fn is_word(source: &str) -> bool {
    let mut chars = source.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// `parse_type` by the tokenizer and the parser.
fn parse_tokens(source: &str) -> Option<Type> {
    let mut parser = Parser::new(source)?;
    let ty = parser.ty().ok()?;
    parser.at_end().then_some(ty)
}

/// Reads `type Name<T> = …;`, with or without `export`.
pub(crate) fn parse_declaration(source: &str) -> Option<Declaration> {
    let mut parser = Parser::new(source)?;
    parser.eat_word("export");
    if !parser.eat_word("type") {
        return None;
    }
    let mut name = parser.identifier().ok()?;
    if parser.eat(&Token::Punct('<')) {
        let mut params = Vec::new();
        loop {
            params.push(parser.identifier().ok()?);
            if !parser.eat(&Token::Punct(',')) {
                break;
            }
        }
        if !parser.eat(&Token::Punct('>')) {
            return None;
        }
        name = format!("{name}<{}>", params.join(", "));
    }
    if !parser.eat(&Token::Punct('=')) {
        return None;
    }
    let ty = parser.ty().ok()?;
    parser.eat(&Token::Punct(';'));
    parser.at_end().then_some(Declaration { name, ty })
}

// ---------------------------------------------------------------------------
// Reading.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// An identifier or keyword.
    Word(String),
    /// A string literal, as written.
    Str(String),
    /// A number literal, as written.
    Number(String),
    Punct(char),
    /// The lines of a `/** … */` comment.
    Doc(Vec<String>),
}

fn tokenize(source: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = source.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            let start = i + 2;
            let end = (start..chars.len().saturating_sub(1))
                .find(|&j| chars[j] == '*' && chars[j + 1] == '/')?;
            let body: String = chars[start..end].iter().collect();
            tokens.push(Token::Doc(comment_lines(&body)));
            i = end + 2;
        } else if c == '"' || c == '\'' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != c {
                if chars[j] == '\\' {
                    j += 1;
                }
                if chars.get(j) == Some(&'\n') {
                    return None;
                }
                j += 1;
            }
            if j >= chars.len() {
                return None;
            }
            let literal: String = chars[i..=j].iter().collect();
            tokens.push(Token::Str(if c == '\'' {
                requote(&literal)?
            } else {
                literal
            }));
            i = j + 1;
        } else if c == '`' {
            // The one template literal type the schema writes: the key of a
            // map of 64-bit integers under the `bigint` policy. Biome keeps
            // it as written; any other is left to the caller.
            const BIGINT_KEY: &str = "`${bigint}`";
            let rest: String = chars[i..].iter().take(BIGINT_KEY.len()).collect();
            if rest != BIGINT_KEY {
                return None;
            }
            tokens.push(Token::Str(rest));
            i += BIGINT_KEY.len();
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric()
                    || chars[j] == '.'
                    || ((chars[j] == '-' || chars[j] == '+') && matches!(chars[j - 1], 'e' | 'E')))
            {
                j += 1;
            }
            tokens.push(Token::Number(chars[i..j].iter().collect()));
            i = j;
        } else if c.is_alphabetic() || c == '_' || c == '$' {
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_alphanumeric() || chars[j] == '_' || chars[j] == '$')
            {
                j += 1;
            }
            tokens.push(Token::Word(chars[i..j].iter().collect()));
            i = j;
        } else if "{}[]()<>,;:|&?=.".contains(c) {
            tokens.push(Token::Punct(c));
            i += 1;
        } else {
            return None;
        }
    }
    Some(tokens)
}

/// The text lines of a doc comment's body (between `/**` and `*/`).
fn comment_lines(body: &str) -> Vec<String> {
    let body = body.strip_prefix('*').unwrap_or(body);
    let mut lines: Vec<String> = body
        .lines()
        .map(|line| {
            let line = line.trim();
            let line = line.strip_prefix('*').unwrap_or(line);
            line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned()
        })
        .collect();
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// A single-quoted literal in double quotes, as Biome writes it; `None`
/// when it holds a double quote or an escape (kept as written elsewhere).
fn requote(literal: &str) -> Option<String> {
    let inner = &literal[1..literal.len() - 1];
    (!inner.contains(['"', '\\'])).then(|| format!("\"{inner}\""))
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

/// A token the parser did not expect; the caller falls back to the text.
struct Unreadable;

impl Parser {
    fn new(source: &str) -> Option<Self> {
        Some(Parser {
            tokens: tokenize(source)?,
            at: 0,
        })
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn at_end(&self) -> bool {
        self.at == self.tokens.len()
    }

    fn eat(&mut self, token: &Token) -> bool {
        if self.peek() == Some(token) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w == word) && {
            self.at += 1;
            true
        }
    }

    fn expect(&mut self, c: char) -> Result<(), Unreadable> {
        if self.eat(&Token::Punct(c)) {
            Ok(())
        } else {
            Err(Unreadable)
        }
    }

    fn identifier(&mut self) -> Result<String, Unreadable> {
        match self.peek() {
            Some(Token::Word(word)) => {
                let word = word.clone();
                self.at += 1;
                Ok(word)
            }
            _ => Err(Unreadable),
        }
    }

    fn ty(&mut self) -> Result<Type, Unreadable> {
        self.eat(&Token::Punct('|'));
        let mut members = vec![self.intersection()?];
        while self.eat(&Token::Punct('|')) {
            members.push(self.intersection()?);
        }
        Ok(if members.len() == 1 {
            members.remove(0)
        } else {
            Type::union(members)
        })
    }

    fn intersection(&mut self) -> Result<Type, Unreadable> {
        self.eat(&Token::Punct('&'));
        let mut members = vec![self.postfix()?];
        while self.eat(&Token::Punct('&')) {
            members.push(self.postfix()?);
        }
        Ok(if members.len() == 1 {
            members.remove(0)
        } else {
            Type::Intersection(flatten(members, |t| match t {
                Type::Intersection(inner) => Ok(inner),
                other => Err(other),
            }))
        })
    }

    fn postfix(&mut self) -> Result<Type, Unreadable> {
        let mut ty = self.primary()?;
        while self.peek() == Some(&Token::Punct('['))
            && self.tokens.get(self.at + 1) == Some(&Token::Punct(']'))
        {
            self.at += 2;
            ty = Type::Array(Box::new(ty));
        }
        Ok(ty)
    }

    fn primary(&mut self) -> Result<Type, Unreadable> {
        match self.peek().cloned() {
            Some(Token::Punct('(')) => {
                self.at += 1;
                let ty = self.ty()?;
                self.expect(')')?;
                Ok(ty)
            }
            Some(Token::Punct('{')) => {
                self.at += 1;
                self.object()
            }
            Some(Token::Punct('[')) => {
                self.at += 1;
                let mut items = Vec::new();
                while !self.eat(&Token::Punct(']')) {
                    items.push(self.ty()?);
                    if !self.eat(&Token::Punct(',')) {
                        self.expect(']')?;
                        break;
                    }
                }
                Ok(Type::Tuple(items))
            }
            Some(Token::Str(literal)) | Some(Token::Number(literal)) => {
                self.at += 1;
                Ok(Type::Atom(literal))
            }
            Some(Token::Word(word)) => {
                self.at += 1;
                let mut name = word;
                while self.eat(&Token::Punct('.')) {
                    name = format!("{name}.{}", self.identifier()?);
                }
                if !self.eat(&Token::Punct('<')) {
                    return Ok(Type::Atom(name));
                }
                let mut args = vec![self.ty()?];
                while self.eat(&Token::Punct(',')) {
                    args.push(self.ty()?);
                }
                self.expect('>')?;
                Ok(Type::Generic(name, args))
            }
            _ => Err(Unreadable),
        }
    }

    /// After `{`: an object type, or a mapped type.
    fn object(&mut self) -> Result<Type, Unreadable> {
        if self.peek() == Some(&Token::Punct('['))
            && matches!(self.tokens.get(self.at + 2), Some(Token::Word(w)) if w == "in")
        {
            self.at += 1;
            let key = self.identifier()?;
            self.at += 1;
            let domain = self.ty()?;
            self.expect(']')?;
            let optional = self.eat(&Token::Punct('?'));
            self.expect(':')?;
            let value = self.ty()?;
            if !self.eat(&Token::Punct(';')) {
                self.eat(&Token::Punct(','));
            }
            self.expect('}')?;
            return Ok(Type::Mapped {
                key,
                domain: Box::new(domain),
                optional,
                value: Box::new(value),
            });
        }
        let mut members = Vec::new();
        loop {
            let docs = match self.peek() {
                Some(Token::Doc(lines)) => {
                    let lines = lines.clone();
                    self.at += 1;
                    lines
                }
                _ => Vec::new(),
            };
            if self.eat(&Token::Punct('}')) {
                return if docs.is_empty() {
                    Ok(Type::inline_object(members))
                } else {
                    Err(Unreadable)
                };
            }
            let readonly = matches!(
                self.tokens.get(self.at + 1),
                Some(Token::Word(_)) | Some(Token::Str(_))
            ) && self.eat_word("readonly");
            let key = match self.peek().cloned() {
                Some(Token::Word(word)) => word,
                Some(Token::Str(literal)) => unquoted_key(&literal).unwrap_or(literal),
                Some(Token::Number(number)) => number,
                _ => return Err(Unreadable),
            };
            self.at += 1;
            let optional = self.eat(&Token::Punct('?'));
            self.expect(':')?;
            let ty = self.ty()?;
            members.push(Member {
                docs,
                readonly,
                key,
                optional,
                ty,
            });
            if !self.eat(&Token::Punct(',')) && !self.eat(&Token::Punct(';')) {
                self.expect('}')?;
                return Ok(Type::inline_object(members));
            }
        }
    }
}

/// Members of nested unions (or intersections) lifted into one list, as
/// TypeScript reads `A | (B | C)`.
fn flatten(members: Vec<Type>, split: impl Fn(Type) -> Result<Vec<Type>, Type>) -> Vec<Type> {
    let mut flat = Vec::new();
    for member in members {
        match split(member) {
            Ok(inner) => flat.extend(inner),
            Err(member) => flat.push(member),
        }
    }
    flat
}

/// `"id"` as `id`: Biome writes a quoted key without its quotes when it is
/// an identifier.
fn unquoted_key(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut chars = inner.chars();
    let identifier = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    identifier.then(|| inner.to_owned())
}

// ---------------------------------------------------------------------------
// Printing, as Biome (and Prettier) print TypeScript types.

/// Where a union stands, which decides how its broken form starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnionPlace {
    /// After `= ` or `: `: broken, it starts on the next line, indented.
    Indented,
    /// Inside `(…)`: broken, between parentheses on lines of their own.
    Parenthesized,
    /// Inside `<…>` or `[…]`, which break around it themselves.
    Bare,
}

impl Type {
    /// `A | B`, unions among the members lifted into it.
    pub(crate) fn union(members: Vec<Type>) -> Type {
        Type::Union(flatten(members, |t| match t {
            Type::Union(inner) => Ok(inner),
            other => Err(other),
        }))
    }

    /// An object type kept on one line when it fits.
    pub(crate) fn inline_object(members: Vec<Member>) -> Type {
        Type::Object {
            members,
            expand: false,
        }
    }

    fn is_object(&self) -> bool {
        matches!(self, Type::Object { .. } | Type::Mapped { .. })
    }

    /// A keyword, literal or plain name: what needs no layout of its own.
    fn is_simple(&self) -> bool {
        matches!(self, Type::Atom(_))
    }

    /// The layout of this type where it stands alone (after `: `, inside `<>`).
    pub(crate) fn doc(&self) -> Doc {
        self.doc_in(UnionPlace::Indented)
    }

    fn doc_in(&self, place: UnionPlace) -> Doc {
        match self {
            Type::Atom(atom) => text(atom.clone()),
            Type::Generic(name, args) => generic_doc(name, args),
            Type::Object { members, expand } => object_doc(members, *expand),
            Type::Mapped {
                key,
                domain,
                optional,
                value,
            } => group(concat([
                text("{"),
                indent(concat([
                    Doc::Line,
                    text(format!("[{key} in ")),
                    domain.doc(),
                    text(if *optional { "]?: " } else { "]: " }),
                    value.doc(),
                    if_break(text(";"), text("")),
                ])),
                Doc::Line,
                text("}"),
            ])),
            Type::Tuple(items) if items.is_empty() => text("[]"),
            Type::Tuple(items) => group(concat([
                text("["),
                indent(concat([
                    Doc::SoftLine,
                    join(
                        concat([text(","), Doc::Line]),
                        items.iter().map(|item| item.doc_in(UnionPlace::Bare)),
                    ),
                ])),
                if_break(text(","), text("")),
                Doc::SoftLine,
                text("]"),
            ])),
            Type::Array(item) => {
                let inner = match item.as_ref() {
                    Type::Union(_) | Type::Intersection(_) => {
                        concat([text("("), item.doc_in(UnionPlace::Parenthesized), text(")")])
                    }
                    _ => item.doc(),
                };
                concat([inner, text("[]")])
            }
            Type::Union(members) if hugs(members) => join(
                text(" | "),
                members.iter().map(|member| member.union_member_doc()),
            ),
            Type::Union(members) => union_doc(members, place),
            Type::Intersection(members) => intersection_doc(members),
        }
    }

    /// A member of a union: intersections get parentheses.
    fn union_member_doc(&self) -> Doc {
        match self {
            Type::Intersection(_) => concat([text("("), self.doc(), text(")")]),
            _ => self.doc(),
        }
    }
}

/// `{ … } | null`: one object type and nulls stay together, the object
/// laid out as it would be alone.
fn hugs(members: &[Type]) -> bool {
    let objects = members.iter().filter(|m| m.is_object()).count();
    let nulls = members
        .iter()
        .filter(|m| matches!(m, Type::Atom(a) if a == "null" || a == "undefined" || a == "void"))
        .count();
    objects == 1 && objects + nulls == members.len()
}

/// A union that breaks into one `| member` line each. Flat, it follows what
/// precedes it (`= `, `: `) directly; broken, each member starts a line.
fn union_doc(members: &[Type], place: UnionPlace) -> Doc {
    match place {
        UnionPlace::Indented => group(indent(union_lines(members, true))),
        UnionPlace::Parenthesized => concat([
            text("("),
            group(concat([indent(union_lines(members, true)), Doc::SoftLine])),
            text(")"),
        ]),
        UnionPlace::Bare => group(union_lines(members, false)),
    }
}

/// `| A` lines; `new_line` starts the first one on a line of its own.
fn union_lines(members: &[Type], new_line: bool) -> Doc {
    let first = if new_line {
        if_break(concat([Doc::Line, text("| ")]), text(""))
    } else {
        if_break(text("| "), text(""))
    };
    concat([
        first,
        join(
            concat([Doc::Line, text("| ")]),
            members
                .iter()
                .map(|member| align(2, member.union_member_doc())),
        ),
    ])
}

fn intersection_doc(members: &[Type]) -> Doc {
    let mut parts = Vec::new();
    let mut was_indented = false;
    for (i, member) in members.iter().enumerate() {
        let printed = match member {
            Type::Union(inner) if !hugs(inner) => member.doc_in(UnionPlace::Parenthesized),
            Type::Union(_) => concat([text("("), member.doc(), text(")")]),
            _ => member.doc(),
        };
        if i == 0 {
            parts.push(printed);
            continue;
        }
        let previous = &members[i - 1];
        if !previous.is_object() && !member.is_object() {
            parts.push(indent(concat([text(" &"), Doc::Line, printed])));
        } else if previous.is_object() && member.is_object() {
            parts.push(text(" & "));
            parts.push(if was_indented {
                indent(printed)
            } else {
                printed
            });
        } else {
            if i > 1 {
                was_indented = true;
            }
            parts.push(text(" & "));
            parts.push(if i > 1 { indent(printed) } else { printed });
        }
    }
    group(concat(parts))
}

fn generic_doc(name: &str, args: &[Type]) -> Doc {
    if let [only] = args {
        if only.is_simple() || only.is_object() || matches!(only, Type::Union(m) if hugs(m)) {
            return concat([text(format!("{name}<")), only.doc(), text(">")]);
        }
    }
    group(concat([
        text(format!("{name}<")),
        indent(concat([
            Doc::SoftLine,
            join(
                concat([text(","), Doc::Line]),
                args.iter().map(|arg| arg.doc_in(UnionPlace::Bare)),
            ),
        ])),
        Doc::SoftLine,
        text(">"),
    ]))
}

fn object_doc(members: &[Member], expand: bool) -> Doc {
    if members.is_empty() {
        return text("{}");
    }
    // Doc comments need lines of their own.
    let expand = expand || members.iter().any(|member| !member.docs.is_empty());
    let separator = if expand { Doc::HardLine } else { Doc::Line };
    let body = join(
        concat([text(";"), separator.clone()]),
        members.iter().map(member_doc),
    );
    let last = if expand {
        text(";")
    } else {
        if_break(text(";"), text(""))
    };
    group(concat([
        text("{"),
        indent(concat([separator.clone(), body, last])),
        separator,
        text("}"),
    ]))
}

fn member_doc(member: &Member) -> Doc {
    let mut parts = Vec::new();
    match member.docs.as_slice() {
        [] => {}
        [only] => {
            parts.push(text(["/** ", only, " */"].concat()));
            parts.push(Doc::HardLine);
        }
        lines => {
            parts.push(text("/**"));
            for line in lines {
                parts.push(Doc::HardLine);
                parts.push(text(if line.is_empty() {
                    " *".to_owned()
                } else {
                    [" * ", line].concat()
                }));
            }
            parts.push(Doc::HardLine);
            parts.push(text(" */"));
            parts.push(Doc::HardLine);
        }
    }
    let readonly = if member.readonly { "readonly " } else { "" };
    let optional = if member.optional { "?" } else { "" };
    // One copy of the pieces (`concat`), not the formatter's: a member per
    // field of every type at every use, tens of thousands at 10,000 channels.
    parts.push(text([readonly, &member.key, optional, ": "].concat()));
    parts.push(member.ty.doc());
    concat(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(declaration: &str) -> String {
        format_declaration(declaration, crate::writer::LINE_WIDTH).expect("readable")
    }

    #[test]
    fn fields_go_on_their_own_lines() {
        assert_eq!(
            formatted("type Todo = { id: number, title: string, done: boolean, };"),
            "export type Todo = {\n  id: number;\n  title: string;\n  done: boolean;\n};"
        );
    }

    #[test]
    fn smaller_objects_stay_on_one_line_when_they_fit() {
        assert_eq!(
            formatted(
                r#"type Shape = "Empty" | { "Circle": { radius: number, } } | { "Square": number };"#
            ),
            r#"export type Shape = "Empty" | { Circle: { radius: number } } | { Square: number };"#
        );
    }

    #[test]
    fn a_union_too_long_for_one_line_takes_a_line_a_member() {
        let members: Vec<String> = (0..12).map(|i| format!("\"variant-number-{i}\"")).collect();
        let text = formatted(&format!("type Many = {};", members.join(" | ")));
        assert!(
            text.starts_with("export type Many =\n  | \"variant-number-0\"\n"),
            "{text}"
        );
        assert!(text.ends_with("\n  | \"variant-number-11\";"), "{text}");
    }

    #[test]
    fn keys_lose_their_quotes_only_when_they_are_identifiers() {
        let text = formatted(
            r#"type K = { "id": number, "slow-motion": boolean, "0": string, "$x": null, };"#,
        );
        assert_eq!(
            text,
            "export type K = {\n  id: number;\n  \"slow-motion\": boolean;\n  \"0\": string;\n  $x: null;\n};"
        );
    }

    #[test]
    fn field_docs_become_comments_of_their_own() {
        let text = formatted("type D = { \n/**\n * One line.\n */\nid: number, \n/**\n * Two\n *\n * paragraphs.\n */\nname: string, };");
        assert_eq!(
            text,
            "export type D = {\n  /** One line. */\n  id: number;\n  /**\n   * Two\n   *\n   * paragraphs.\n   */\n  name: string;\n};"
        );
    }

    #[test]
    fn intersections_in_unions_get_parentheses_and_unions_in_intersections_keep_theirs() {
        assert_eq!(
            formatted(r#"type I = { "type": "Idle" } | { "type": "Target" } & Inner;"#),
            r#"export type I = { type: "Idle" } | ({ type: "Target" } & Inner);"#
        );
        assert_eq!(
            formatted("type J = { id: number, } & ({ a: string, } | { b: string, });"),
            "export type J = {\n  id: number;\n} & ({ a: string } | { b: string });"
        );
    }

    #[test]
    fn what_it_cannot_read_is_left_to_the_caller() {
        for declaration in [
            "enum Level { \"A\" = 1, \"B\" = 2 }",
            "type F = (a: number) => void;",
            "type C<T> = T extends string ? T : never;",
            "type L = `prefix-${string}`;",
            "type K = keyof Todo;",
            "type Broken = { a: number",
        ] {
            assert_eq!(format_declaration(declaration, 120), None, "{declaration}");
        }
    }

    #[test]
    fn the_key_of_a_map_of_bigints_is_read() {
        assert_eq!(
            formatted(
                "type Balance = { account: bigint, by_day: { [key in `${bigint}`]: bigint }, };"
            ),
            "export type Balance = {\n  account: bigint;\n  by_day: { [key in `${bigint}`]: bigint };\n};"
        );
    }

    #[test]
    fn laying_out_twice_changes_nothing() {
        for declaration in [
            "type Todo = { id: number, title: string, done: boolean, };",
            r#"type Expr = { "Number": number } | { "Negate": Expr } | { "Add": [Expr, Expr] } | { "Call": { name: string, args: Array<Expr>, } };"#,
            "type Extras = { id: string, } & ({ [key in string]: string });",
            r#"type Job = { id: number, } & ({ "state": "Queued" } | { "state": "Running", progress: number, } | { "state": "Failed", reason: string, });"#,
            "type Maybe = { inner: { a: number, b: string, } | null, };",
        ] {
            let once = formatted(declaration);
            assert_eq!(formatted(&once), once, "{declaration}");
        }
    }

    #[test]
    fn a_parameter_type_reads_as_a_type_or_not_at_all() {
        assert_eq!(
            parse_type("Array<Todo> | null"),
            Some(Type::Union(vec![
                Type::Generic("Array".to_owned(), vec![Type::Atom("Todo".to_owned())]),
                Type::Atom("null".to_owned()),
            ]))
        );
        assert_eq!(parse_type("Array<Todo"), None);
        // A single word takes a shorter way to the same type.
        for word in ["number", "Todo", "_x", "$y", "Ünïcode", "a1", "null"] {
            assert!(is_word(word), "{word}");
            assert_eq!(parse_type(word), parse_tokens(word), "{word}");
            assert_eq!(parse_type(word), Some(Type::Atom(word.to_owned())));
        }
        for other in ["", "1a", "a b", "a.b", "a[]", "-1", "\"s\"", "a<b>", " a"] {
            assert!(!is_word(other), "{other}");
            assert_eq!(parse_type(other), parse_tokens(other), "{other}");
        }
        assert_eq!(parse_type("(x: number) => void"), None);
    }
}
