//! Owns the shortcode syntax of a Markdown body: finds `{{ name(..) }}` and
//! `{% name(..) %}…{% end %}` calls outside code and reports malformed ones at their byte
//! offset; [`crate::read::splice`] puts rendered calls back in.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// The value of one shortcode argument.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ArgValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// One `name=value` argument.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arg {
    pub name: String,
    pub value: ArgValue,
    /// Byte offset of the argument name in the body.
    pub offset: usize,
}

/// One well-formed shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    pub name: String,
    pub name_offset: usize,
    pub args: Vec<Arg>,
    /// The whole call: from `{{`/`{%` to the end of `}}` or of `{% end %}`.
    pub range: Range<usize>,
    /// Block calls only: the Markdown between `%}` and `{% end %}`.
    pub body: Option<Range<usize>>,
    /// Inline calls inside a block body, with offsets into the whole body.
    pub calls_in_body: Vec<Call>,
}

impl Call {
    /// The text of a string argument, if the call has one of that name.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.args.iter().find(|a| a.name == name).and_then(|a| match &a.value {
            ArgValue::Str(s) => Some(s.as_str()),
            _ => None,
        })
    }
}

/// A malformed shortcode, at the byte offset of the offending token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub offset: usize,
    pub message: String,
}

fn problem(offset: usize, message: impl Into<String>) -> Problem {
    Problem { offset, message: message.into() }
}

/// Whether a call's name is one a shortcode may have: ASCII letters, digits, `_` and `-`,
/// not starting with a digit.
pub(crate) fn is_name(name: &str) -> bool {
    let mut cursor = Cursor { s: name, pos: 0 };
    cursor.ident().is_some_and(|ident| ident.len() == name.len())
}

/// Finds every shortcode call outside code, in source order, and every problem in one pass.
pub(crate) fn find(body: &str) -> (Vec<Call>, Vec<Problem>) {
    // A second Markdown parse and the landmarks, so made only once an opener is found: most
    // bodies have none.
    let Some(first) = next_opener(body, 0) else { return (Vec::new(), Vec::new()) };
    let marks = Landmarks::new(body);
    let mut finder = Finder { body, marks: &marks, calls: Vec::new(), problems: Vec::new(), open: None };
    let code = code_ranges(body);
    let (mut pos, mut next_code) = (first, 0);
    while let Some(found) = next_opener(body, pos) {
        // Code spans and blocks show shortcode syntax literally, so jump over them.
        while code.get(next_code).is_some_and(|r| r.end <= found) {
            next_code += 1;
        }
        if let Some(r) = code.get(next_code).filter(|r| r.start <= found) {
            pos = r.end;
            continue;
        }
        pos = match finder.read_piece(found) {
            Piece::Text => found + 1,
            Piece::End { end, reported } => finder.close(found, end, reported),
            Piece::Call { name, block, end, call } => finder.place(found, end, name, block, call),
        };
    }
    finder.finish()
}

/// Byte ranges of code spans and code blocks, in order, as Markdown itself sees them.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    Parser::new_ext(body, Options::all())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

/// The next `{{` or `{%` at or after `from`.
fn next_opener(body: &str, from: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut at = from;
    while let Some(i) = memchr::memchr(b'{', bytes.get(at..)?) {
        let i = at + i;
        if matches!(bytes.get(i + 1), Some(b'{' | b'%')) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Where paragraphs end and closers stand in a body, found once, so that each slip in a call
/// costs a lookup rather than a scan to the end of its paragraph (50,000 unclosed calls in
/// one paragraph would otherwise take minutes).
struct Landmarks {
    len: usize,
    /// The `\n` before each blank line, in order.
    paragraph_ends: Vec<usize>,
    /// Where each `}}` starts, and each `%}`, in order (overlapping ones too).
    inline_closers: Vec<usize>,
    block_closers: Vec<usize>,
}

impl Landmarks {
    fn new(body: &str) -> Landmarks {
        let mut paragraph_ends = Vec::new();
        let mut line_start = 0;
        for line in body.split_inclusive('\n') {
            if line_start > 0 && line.trim().is_empty() {
                paragraph_ends.push(line_start - 1);
            }
            line_start += line.len();
        }
        // A body ending in `\n` has an empty last line after it: a blank line, as any other.
        if body.ends_with('\n') {
            paragraph_ends.push(body.len() - 1);
        }
        let bytes = body.as_bytes();
        let at = |pair: &[u8; 2]| (0..bytes.len().saturating_sub(1)).filter(|&i| bytes[i..i + 2] == *pair).collect();
        Landmarks { len: body.len(), paragraph_ends, inline_closers: at(b"}}"), block_closers: at(b"%}") }
    }

    /// Where the paragraph holding `from` ends: the first blank line, else the end of the body.
    /// A missing quote or closer is looked for no further, so one slip can't swallow the page.
    fn paragraph_end(&self, from: usize) -> usize {
        let next = self.paragraph_ends.partition_point(|&end| end < from);
        self.paragraph_ends.get(next).copied().unwrap_or(self.len)
    }

    /// After a problem inside a call, where its closer ends in the same paragraph, if it has
    /// one there, so the rest of the call isn't read again as text or as further calls.
    fn recover(&self, from: usize, closer: &str) -> usize {
        let limit = self.paragraph_end(from);
        let closers = if closer == "%}" { &self.block_closers } else { &self.inline_closers };
        let next = closers.partition_point(|&at| at < from);
        closers.get(next).filter(|&&at| at + closer.len() <= limit).map_or(from, |&at| at + closer.len())
    }
}

/// What one `{{` or `{%` turned out to be.
enum Piece {
    /// Not a call attempt (Tera-looking prose, `{{ }}`…): left as text.
    Text,
    /// `{% end %}`, or a misused `{{ end }}`/`end()` already reported.
    End { end: usize, reported: bool },
    /// A call attempt; `call` is `None` when its problem was already reported. A broken
    /// block opener still opens a block, so that its `{% end %}` pairs up quietly.
    Call { name: String, block: bool, end: usize, call: Option<Call> },
}

/// A block whose `{% end %}` has not been seen yet.
struct Frame {
    opener: usize,
    name: String,
    call: Option<Call>,
    inner: Vec<Call>,
    /// Misplaced blocks opened inside this one, whose `{% end %}`s must not close it.
    nested: usize,
}

struct Finder<'a> {
    body: &'a str,
    marks: &'a Landmarks,
    calls: Vec<Call>,
    problems: Vec<Problem>,
    open: Option<Frame>,
}

impl Finder<'_> {
    fn read_piece(&mut self, start: usize) -> Piece {
        let block = self.body.as_bytes()[start + 1] == b'%';
        let closer = if block { "%}" } else { "}}" };
        let mut c = Cursor { s: self.body, pos: start + 2 };
        c.skip_ws();
        let name_offset = c.pos;
        // Any word, not only a valid name: `{{ चित्र(…) }}` is a call with a name to correct.
        let Some(name) = c.word() else { return Piece::Text };
        c.skip_ws();
        // `{{ end }}` is prose unless a block is open, when it is surely a mistyped closer.
        if name == "end" && (block || self.open.is_some()) && c.eat(closer) {
            if !block {
                self.problems.push(problem(start, "`{{ end }}` does not close a block: write `{% end %}`"));
            }
            return Piece::End { end: c.pos, reported: !block };
        }
        if !c.eat("(") {
            return Piece::Text;
        }
        if name == "end" {
            // Surely meant as a closer: close with it rather than cascade into "never closed".
            self.problems.push(problem(start, "`end` takes no parentheses: close a block with `{% end %}`"));
            return Piece::End { end: self.marks.recover(c.pos, closer), reported: true };
        }
        let mut parser = ArgParser { c, marks: self.marks, opener: start, name, closer };
        let parsed = parser.call();
        let end = parser.c.pos;
        let call = match parsed {
            Ok(args) => {
                let name = name.to_string();
                Some(Call { name, name_offset, args, range: start..end, body: None, calls_in_body: Vec::new() })
            }
            Err(p) => {
                self.problems.push(p);
                None
            }
        };
        Piece::Call { name: name.to_string(), block, end, call }
    }

    /// Files a call attempt under the open block or the body; returns where scanning resumes.
    fn place(&mut self, start: usize, end: usize, name: String, block: bool, call: Option<Call>) -> usize {
        match (&mut self.open, block) {
            (Some(frame), true) => {
                let message = format!(
                    "`{{% {name} %}}` cannot be opened inside `{{% {} %}}`: close the first with `{{% end %}}`",
                    frame.name
                );
                self.problems.push(problem(start, message));
                frame.nested += 1;
            }
            (None, true) => self.open = Some(Frame { opener: start, name, call, inner: Vec::new(), nested: 0 }),
            (Some(frame), false) => frame.inner.extend(call),
            (None, false) => self.calls.extend(call),
        }
        end
    }

    /// Closes the open block, if any; returns where scanning resumes.
    fn close(&mut self, start: usize, end: usize, reported: bool) -> usize {
        match &mut self.open {
            None if !reported => self.problems.push(problem(start, "`{% end %}` has no open block to close")),
            Some(frame) if frame.nested > 0 => frame.nested -= 1,
            Some(_) => self.close_block(start, end),
            None => {}
        }
        end
    }

    fn close_block(&mut self, start: usize, end: usize) {
        let Some(frame) = self.open.take() else { return };
        match frame.call {
            Some(mut call) => {
                call.body = Some(call.range.end..start);
                call.range.end = end;
                call.calls_in_body = frame.inner;
                self.calls.push(call);
            }
            // The opener was broken, so its body is plain Markdown: keep its inline calls.
            None => self.calls.extend(frame.inner),
        }
    }

    fn finish(mut self) -> (Vec<Call>, Vec<Problem>) {
        if let Some(frame) = self.open.take() {
            let message = format!("`{{% {} %}}` is never closed: end it with `{{% end %}}`", frame.name);
            self.problems.push(problem(frame.opener, message));
            self.calls.extend(frame.inner);
        }
        // Unclosed blocks are found last but belong at their opener; report in body order.
        self.problems.sort_by_key(|p| p.offset);
        (self.calls, self.problems)
    }
}

/// A read position in the body; every position it stops at is a char boundary.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    fn skip_ws(&mut self) {
        self.take_while(char::is_whitespace);
    }

    /// A word in any script that could be meant as a name: letters, digits and their marks,
    /// `_` and `-`, starting with a letter or digit.
    fn word(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let is_word_char = |ch: char| {
            ch.is_alphanumeric()
                || unicode_normalization::char::is_combining_mark(ch)
                || matches!(ch, '_' | '-' | '\u{200c}' | '\u{200d}')
        };
        if !rest.chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        let len = rest.find(|ch: char| !is_word_char(ch)).unwrap_or(rest.len());
        self.pos += len;
        Some(&rest[..len])
    }

    /// A name: ASCII letters, digits, `_` and `-`, not starting with a digit.
    fn ident(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let is_name_char = |ch: char| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-';
        if !rest.chars().next().is_some_and(|ch| is_name_char(ch) && !ch.is_ascii_digit()) {
            return None;
        }
        let len = rest.find(|ch: char| !is_name_char(ch)).unwrap_or(rest.len());
        self.pos += len;
        Some(&rest[..len])
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> usize {
        let len = self.rest().find(|ch: char| !keep(ch)).unwrap_or(self.rest().len());
        self.pos += len;
        len
    }
}

/// Reads the argument list after `name(`, up to and including `)`.
struct ArgParser<'a> {
    c: Cursor<'a>,
    marks: &'a Landmarks,
    opener: usize,
    name: &'a str,
    closer: &'static str,
}

impl ArgParser<'_> {
    /// The arguments and the closer; on a problem, the cursor is left where scanning resumes.
    fn call(&mut self) -> Result<Vec<Arg>, Problem> {
        let args = self.args().inspect_err(|_| self.c.pos = self.marks.recover(self.c.pos, self.closer))?;
        self.c.skip_ws();
        if self.c.eat(self.closer) {
            return Ok(args);
        }
        // Not skipping ahead here: the rest of the line may hold well-formed calls.
        Err(problem(self.opener, format!("the shortcode `{}` is missing its closing `{}`", self.name, self.closer)))
    }

    fn args(&mut self) -> Result<Vec<Arg>, Problem> {
        let mut args: Vec<Arg> = Vec::new();
        loop {
            self.c.skip_ws();
            if self.c.eat(")") {
                return Ok(args);
            }
            let arg = self.arg()?;
            if args.iter().any(|a| a.name == arg.name) {
                return Err(problem(arg.offset, format!("`{}` is given twice", arg.name)));
            }
            let message = format!("expected `,` or `)` after the argument `{}`", arg.name);
            args.push(arg);
            self.c.skip_ws();
            if self.c.eat(")") {
                return Ok(args);
            }
            if !self.c.eat(",") {
                return Err(self.unexpected(message));
            }
        }
    }

    /// A problem at the current character, or at the opener when the body ran out.
    fn unexpected(&self, message: String) -> Problem {
        if self.c.peek().is_some() {
            return problem(self.c.pos, message);
        }
        problem(
            self.opener,
            format!("the shortcode `{}` is cut off: it needs `)` and then `{}`", self.name, self.closer),
        )
    }

    fn arg(&mut self) -> Result<Arg, Problem> {
        let offset = self.c.pos;
        let positional = problem(offset, "this value has no argument name: write it as `name=value`");
        let mut ahead = self.c.rest().chars();
        match (ahead.next(), ahead.next()) {
            (Some('"' | '\''), _) | (Some('-'), Some('0'..='9')) => return Err(positional),
            (Some(d), _) if d.is_ascii_digit() => return Err(positional),
            _ => {}
        }
        let Some(name) = self.c.ident() else {
            return Err(self.unexpected("expected an argument name or `)`".to_string()));
        };
        self.c.skip_ws();
        if !self.c.eat("=") {
            if name == "true" || name == "false" {
                return Err(positional);
            }
            return Err(self.unexpected(format!("expected `=` after the argument name `{name}`")));
        }
        self.c.skip_ws();
        let value = self.value(name)?;
        Ok(Arg { name: name.to_string(), value, offset })
    }

    fn value(&mut self, name: &str) -> Result<ArgValue, Problem> {
        let at = self.c.pos;
        match self.c.peek() {
            Some(quote @ ('"' | '\'')) => self.string(quote),
            Some(ch) if ch.is_ascii_digit() || ch == '-' => self.number(name),
            Some(ch) if ch.is_ascii_alphabetic() || ch == '_' => match self.c.ident().unwrap_or_default() {
                "true" => Ok(ArgValue::Bool(true)),
                "false" => Ok(ArgValue::Bool(false)),
                word => Err(problem(at, format!("`{word}` is not a value: put text in quotes, as in `\"{word}\"`"))),
            },
            Some(',' | ')' | '}' | '%') => Err(problem(at, format!("the argument `{name}` has no value after `=`"))),
            _ => {
                Err(self.unexpected(format!("expected a value for `{name}`: quoted text, a number, `true` or `false`")))
            }
        }
    }

    /// A quoted string; only double quotes know escapes, and only `\"` and `\\`.
    fn string(&mut self, quote: char) -> Result<ArgValue, Problem> {
        let open = self.c.pos;
        self.c.bump();
        let limit = self.marks.paragraph_end(open);
        let mut text = String::new();
        while self.c.pos < limit {
            let Some(ch) = self.c.bump() else { break };
            if ch == quote {
                return Ok(ArgValue::Str(text));
            }
            if ch == '\\' && quote == '"' && matches!(self.c.peek(), Some('"' | '\\')) {
                text.extend(self.c.bump());
                continue;
            }
            text.push(ch);
        }
        // Resume just inside the quote so recovery finds this call's own closer.
        self.c.pos = open + 1;
        Err(problem(open, format!("this string is never closed: end it with `{quote}`")))
    }

    fn number(&mut self, name: &str) -> Result<ArgValue, Problem> {
        let start = self.c.pos;
        self.c.eat("-");
        if self.c.take_while(|ch| ch.is_ascii_digit()) == 0 {
            self.c.pos = start;
            return Err(problem(start, format!("expected a number for `{name}` after `-`")));
        }
        let fraction = self.c.rest().strip_prefix('.').is_some_and(|r| r.starts_with(|ch: char| ch.is_ascii_digit()));
        if fraction {
            self.c.eat(".");
            self.c.take_while(|ch| ch.is_ascii_digit());
        }
        let text = &self.c.s[start..self.c.pos];
        let value =
            if fraction { text.parse().map(ArgValue::Float).ok() } else { text.parse().map(ArgValue::Int).ok() };
        value.ok_or_else(|| problem(start, format!("`{text}` is too large a number")))
    }
}

#[cfg(test)]
#[path = "shortcodes_tests.rs"]
mod tests;
