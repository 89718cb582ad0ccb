use proptest::prelude::*;

use super::*;
use crate::read::splice::expand;

fn problems(body: &str) -> Vec<(usize, String)> {
    find(body).1.into_iter().map(|p| (p.offset, p.message)).collect()
}

/// Asserts `body` has exactly one problem, with `message`, at the first `at` after `after`.
fn one_problem(body: &str, after: &str, at: &str, message: &str) {
    let from = body.find(after).unwrap();
    let offset = from + body[from..].find(at).unwrap();
    assert_eq!(problems(body), vec![(offset, message.to_string())], "in {body:?}");
}

#[test]
fn reads_every_kind_of_value() {
    let body = r#"Text {{ figure(src="a.png", n=3, neg = -2, ok=true, no=false, r=1.5,) }} end"#;
    let (calls, problems) = find(body);
    assert!(problems.is_empty(), "{problems:?}");
    let call = &calls[0];
    assert_eq!(call.name, "figure");
    assert_eq!(call.name_offset, body.find("figure").unwrap());
    assert_eq!(call.range, body.find("{{").unwrap()..body.find("}}").unwrap() + 2);
    assert_eq!(call.body, None);
    let values: Vec<_> = call.args.iter().map(|a| (a.name.as_str(), a.value.clone())).collect();
    assert_eq!(
        values,
        [
            ("src", ArgValue::Str("a.png".into())),
            ("n", ArgValue::Int(3)),
            ("neg", ArgValue::Int(-2)),
            ("ok", ArgValue::Bool(true)),
            ("no", ArgValue::Bool(false)),
            ("r", ArgValue::Float(1.5)),
        ]
    );
    assert_eq!(call.args[1].offset, body.find("n=3").unwrap());
}

#[test]
fn double_quoted_escapes_and_single_quotes() {
    let body = r#"{{ q(e="say \"hi\" \\ \n", s='a "b" \ c') }}"#;
    let (calls, problems) = find(body);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(calls[0].args[0].value, ArgValue::Str(r#"say "hi" \ \n"#.into()));
    assert_eq!(calls[0].args[1].value, ArgValue::Str(r#"a "b" \ c"#.into()));
}

#[test]
fn empty_args_whitespace_and_trailing_comma() {
    let body = "{{toc()}} and {{  box (\n  a = 1 ,\n  b='x' ,\n) }} and {% note ( ) %}hi{% end %}";
    let (calls, problems) = find(body);
    assert!(problems.is_empty(), "{problems:?}");
    let names: Vec<_> = calls.iter().map(|c| (c.name.as_str(), c.args.len())).collect();
    assert_eq!(names, [("toc", 0), ("box", 2), ("note", 0)]);
    assert_eq!(calls[0].range, 0..9);
    assert_eq!(calls[1].args[1].offset, body.find("b='x'").unwrap());
}

#[test]
fn text_that_is_not_a_call_is_left_alone() {
    for body in [
        "{{ not a call",
        "{{}}",
        "{{ }}",
        "{% if x %}yes{% endif %}",
        "{{ page.title }}",
        "{{ क्षेत्र }} and {{ 3 }}",
        "{{ name }} and {{{ }}}",
        "{{ end }} with no block open",
    ] {
        assert_eq!(find(body), (vec![], vec![]), "in {body:?}");
    }
}

#[test]
fn a_call_with_a_name_in_another_script_or_of_digits_is_still_a_call() {
    // The name is judged where the shortcodes are known, with "did you mean".
    for (body, name) in
        [("{{ चित्र(src=\"a.jpg\") }}", "चित्र"), ("{{ 3d() }}", "3d"), ("{% क्षेत्र() %}x{% end %}", "क्षेत्र")]
    {
        let (calls, problems) = find(body);
        assert_eq!(problems, vec![], "{body}");
        assert_eq!(calls.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), [name], "{body}");
        assert!(!is_name(name));
    }
    assert!(is_name("figure") && is_name("fact-box_2") && !is_name("2d") && !is_name(""));
}

#[test]
fn code_spans_and_blocks_are_left_alone() {
    let body =
        "Use `{{ x() }}` or ``{% b() %}``.\n\n```\n{{ y(a=) }}\n{% end %}\n```\n\n    {{ z() }}\n\nReal {{ w() }}";
    let (calls, problems) = find(body);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].name, "w");
    assert_eq!(calls[0].range.start, body.find("{{ w").unwrap());
}

#[test]
fn an_end_inside_code_in_a_block_body_does_not_close_it() {
    let body = "{% box() %}\nwrite `{% end %}` to close\n{% end %}";
    let (calls, problems) = find(body);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(calls[0].range, 0..body.len());
    assert_eq!(calls[0].body, Some(11..body.rfind("{%").unwrap()));
}

#[test]
fn argument_syntax_errors_point_at_the_token() {
    one_problem(r#"{{ figure(src="a" alt="b") }}"#, "alt", "alt", "expected `,` or `)` after the argument `src`");
    one_problem(r#"{{ x(a "b") }}"#, "a ", "\"", "expected `=` after the argument name `a`");
    one_problem("{{ x(a) }}", "(a", ")", "expected `=` after the argument name `a`");
    one_problem("{{ x(a=, b=1) }}", "=", ",", "the argument `a` has no value after `=`");
    one_problem("{{ x(a=) }}", "=", ")", "the argument `a` has no value after `=`");
    one_problem(r#"{{ x(a="abc) }}"#, "(", "\"", "this string is never closed: end it with `\"`");
    one_problem("{{ x(a='abc) }}\n\nlater 'quote'", "(", "'", "this string is never closed: end it with `'`");
    let positional = "this value has no argument name: write it as `name=value`";
    one_problem(r#"{{ x("v") }}"#, "(", "\"", positional);
    one_problem("{{ x(a=1, 42) }}", ",", "42", positional);
    one_problem("{{ x(true) }}", "(", "true", positional);
    one_problem("{{ x(-3) }}", "(", "-3", positional);
    one_problem(r#"{{ figure(alt="a", alt="b") }}"#, "\",", "alt", "`alt` is given twice");
    one_problem("{{ x(a=hello) }}", "=", "hello", "`hello` is not a value: put text in quotes, as in `\"hello\"`");
    one_problem("{{ x(a=#) }}", "=", "#", "expected a value for `a`: quoted text, a number, `true` or `false`");
    one_problem("{{ x(a=1,,b=2) }}", "", ",b", "expected an argument name or `)`");
    one_problem("{{ x(a=99999999999999999999) }}", "=", "9", "`99999999999999999999` is too large a number");
    one_problem("{{ x(a=3px) }}", "3", "px", "expected `,` or `)` after the argument `a`");
}

#[test]
fn missing_closers_point_at_the_opener() {
    one_problem("Text {{ x(a=1) and more", "", "{{", "the shortcode `x` is missing its closing `}}`");
    one_problem("Text {% x(a=1) }} body {% end %}", "", "{%", "the shortcode `x` is missing its closing `%}`");
    one_problem("Text {{ x(a=1", "", "{{", "the shortcode `x` is cut off: it needs `)` and then `}}`");
    one_problem("Text {{ x(a=", "", "{{", "the shortcode `x` is cut off: it needs `)` and then `}}`");
}

#[test]
fn scanning_goes_on_after_an_error() {
    let body = r#"{{ a(x "y") }} then {{ b(n=1) }} and {{ c(n=1 n=2) }} {{ d() }}"#;
    let (calls, problems) = find(body);
    let names: Vec<_> = calls.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["b", "d"]);
    let offsets: Vec<_> = problems.iter().map(|p| p.offset).collect();
    assert_eq!(offsets, [body.find("\"y").unwrap(), body.find("n=2").unwrap()]);
}

#[test]
fn block_errors() {
    let unclosed = "{% factbox(title=\"x\") %}\nbody";
    one_problem(unclosed, "", "{%", "`{% factbox %}` is never closed: end it with `{% end %}`");
    one_problem("text {% end %} more", "", "{%", "`{% end %}` has no open block to close");
    one_problem("{% box() %}a{{ end }}", "a", "{{", "`{{ end }}` does not close a block: write `{% end %}`");
    let no_parens = "`end` takes no parentheses: close a block with `{% end %}`";
    one_problem("{% box() %}a{% end() %}", "a", "{%", no_parens);
    one_problem("text {{ end() }}", "", "{{", no_parens);
}

#[test]
fn a_block_inside_a_block_is_one_error_not_a_cascade() {
    let body = "{% factbox() %}\na\n{% pullquote(by=\"x\") %}\nb\n{% end %}\nc\n{% end %}\nafter {{ x() }}";
    let (calls, problems) = find(body);
    let message = "`{% pullquote %}` cannot be opened inside `{% factbox %}`: close the first with `{% end %}`";
    assert_eq!(problems, vec![Problem { offset: body.find("{% pull").unwrap(), message: message.into() }]);
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].range, 0..body.rfind("{% end %}").unwrap() + 9);
    assert_eq!(calls[1].name, "x");
}

#[test]
fn a_broken_block_opener_still_pairs_with_its_end() {
    let body = "{% box(a=) %}\ninner {{ y() }}\n{% end %}";
    let (calls, problems) = find(body);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].offset, body.find(") %}").unwrap());
    // The body of a broken block is plain Markdown, so its inline calls still count.
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].name, "y");
}

#[test]
fn block_with_inline_call_inside() {
    let body =
        "Intro {{ a() }}\n\n{% factbox(title=\"Facts\") %}\nSee {{ figure(src=\"f.png\") }} here.\n{% end %}\n\nOutro";
    let (calls, problems) = find(body);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(calls.len(), 2);
    let block = &calls[1];
    let open = body.find("{%").unwrap();
    let end = body.find("{% end %}").unwrap();
    assert_eq!(block.range, open..end + "{% end %}".len());
    assert_eq!(block.body, Some(body.find("%}").unwrap() + 2..end));
    assert_eq!(block.args[0].value, ArgValue::Str("Facts".into()));
    let inner = &block.calls_in_body[0];
    assert_eq!(inner.name, "figure");
    assert_eq!(inner.name_offset, body.find("figure").unwrap());
    assert_eq!(&body[inner.range.clone()], "{{ figure(src=\"f.png\") }}");
}

#[test]
fn devanagari_offsets_are_bytes() {
    let body = "क्षेत्रीय समाचार {{ figure(caption=\"क्षेत्रीय\", src=\"a.png\") }} और {{ b(a=1 क) }}";
    let (calls, problems) = find(body);
    let call = &calls[0];
    assert_eq!(call.range.start, body.find("{{").unwrap());
    assert_eq!(call.name_offset, body.find("figure").unwrap());
    assert_eq!(call.args[0].value, ArgValue::Str("क्षेत्रीय".into()));
    assert_eq!(call.args[1].offset, body.find("src").unwrap());
    assert_eq!(&body[call.range.clone()], "{{ figure(caption=\"क्षेत्रीय\", src=\"a.png\") }}");
    let expected = "expected `,` or `)` after the argument `a`";
    assert_eq!(problems, vec![Problem { offset: body.rfind('क').unwrap(), message: expected.into() }]);
}

#[test]
fn expand_maps_offsets_back() {
    let body = "नमस्ते {{ a() }} middle {% b() %}x{% end %} tail";
    let (calls, _) = find(body);
    let rendered = vec!["<A/>".to_string(), String::new()];
    let expanded = expand(body, &calls, &rendered);
    assert_eq!(expanded.text, "नमस्ते <A/> middle  tail");
    for word in ["नमस्ते", " middle", "tail"] {
        let at = expanded.text.find(word).unwrap();
        assert_eq!(expanded.original_offset(at), body.find(word).unwrap(), "{word}");
    }
    let inside = expanded.text.find("A/>").unwrap();
    assert_eq!(expanded.original_offset(inside), calls[0].range.start);
    assert_eq!(expanded.original_offset(expanded.text.len()), body.len());
    // Right after an empty replacement is untouched text, so it maps past the call.
    let after_b = expanded.text.find(" tail").unwrap();
    assert_eq!(expanded.original_offset(after_b), calls[1].range.end);
}

#[test]
fn expand_with_no_calls_is_the_identity() {
    let expanded = expand("plain", &[], &[]);
    assert_eq!(expanded.text, "plain");
    assert_eq!(expanded.original_offset(3), 3);
}

fn check_calls(body: &str, calls: &[Call], mut after: usize) -> usize {
    for call in calls {
        let ranges = [Some(call.range.clone()), call.body.clone()];
        for r in ranges.iter().flatten() {
            assert!(body.is_char_boundary(r.start) && body.is_char_boundary(r.end) && r.start <= r.end);
        }
        assert!(call.range.start >= after && call.range.end <= body.len(), "{body:?}: {calls:?}");
        assert!(body[call.name_offset..].starts_with(&call.name));
        if let Some(inner) = &call.body {
            let end = check_calls(body, &call.calls_in_body, inner.start);
            assert!(end <= inner.end);
        }
        after = call.range.end;
    }
    after
}

proptest! {
    #[test]
    fn find_never_panics_and_ranges_are_sane(
        body in proptest::collection::vec(
            prop::sample::select(vec![
                "{", "}", "%", "(", ")", "\"", "'", "=", ",", " ", "\n", "`", "a", "end", "x", "1", "-", "क्षे", "त्र",
                "{{ f(", "{% b(", "{% end %}", ") }}", ") %}", "true", "\\",
            ]),
            0..40,
        ).prop_map(|parts| parts.concat())
    ) {
        let (calls, problems) = find(&body);
        check_calls(&body, &calls, 0);
        for p in &problems {
            prop_assert!(body.is_char_boundary(p.offset) && p.offset <= body.len());
        }
        prop_assert!(problems.windows(2).all(|w| w[0].offset <= w[1].offset));
        let rendered: Vec<String> = calls.iter().map(|c| format!("<{}>", c.name)).collect();
        let expanded = expand(&body, &calls, &rendered);
        for at in 0..=expanded.text.len() {
            prop_assert!(expanded.original_offset(at) <= body.len());
        }
    }
}
