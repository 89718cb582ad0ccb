//! Structured data for search engines and aggregators: a schema.org
//! `NewsArticle` in JSON-LD for every briefing, linking each translation to its
//! original (`translationOfWork`) and the original to them (`workTranslation`). Pure.

use serde_json::{Value, json};

use super::Shared;
use super::inputs::{PageInputs, Version};

impl Shared<'_> {
    /// The JSON-LD of a briefing page, ready to sit inside `<script type="application/ld+json">`.
    pub(super) fn news_article(&self, inputs: &PageInputs) -> String {
        let (plan, doc, summary) = (inputs.page.plan, inputs.page.doc, inputs.page.summary);
        let language = self.language(&plan.lang);
        let id = |v: &Version| self.permalink(&v.plan.path);
        let mut article = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": id(&inputs.page),
            "url": id(&inputs.page),
            "mainEntityOfPage": id(&inputs.page),
            "headline": doc.front.title,
            "inLanguage": plan.lang.as_str(),
            "publisher": { "@type": "Organization", "name": language.title, "url": self.permalink(&format!("{}/", plan.lang)) },
        });
        let fields = article.as_object_mut().expect("a JSON object literal");
        if let Some(date) = &doc.front.date {
            fields.insert("datePublished".into(), Value::from(date.rfc3339()));
        }
        if let Some(date) = doc.front.last_changed() {
            fields.insert("dateModified".into(), Value::from(date.rfc3339()));
        }
        // Each correction, as schema.org's CorrectionComment.
        if !doc.front.corrections.is_empty() {
            let corrections =
                doc.front.corrections.iter().map(
                    |c| json!({ "@type": "CorrectionComment", "text": c.text, "datePublished": c.date.rfc3339() }),
                );
            fields.insert("correction".into(), corrections.collect());
        }
        let person = |p: &super::context::Person| {
            let mut v = json!({ "@type": "Person", "name": p.name });
            if !p.url.is_empty() {
                v["url"] = Value::from(self.config.permalink_of_url(&p.url));
            }
            v
        };
        if !summary.authors.is_empty() {
            fields.insert("author".into(), summary.authors.iter().map(person).collect());
        }
        if !summary.translators.is_empty() {
            fields.insert("translator".into(), summary.translators.iter().map(person).collect());
        }
        // The briefing's picture, then its share card.
        let card = self.card_ref(plan, doc).map(|c| c.permalink);
        let images: Vec<&str> = summary.image.iter().map(|i| i.permalink.as_str()).chain(card.as_deref()).collect();
        if !images.is_empty() {
            fields.insert("image".into(), json!(images));
        }
        if let Some(from) = doc.front.translation.as_ref().map(|t| &t.from) {
            if let Some(source) = inputs.versions.iter().find(|v| &v.plan.lang == from) {
                fields.insert("translationOfWork".into(), json!({ "@id": id(source), "inLanguage": from.as_str() }));
            }
        } else {
            let translations: Vec<Value> = inputs
                .versions
                .iter()
                .filter(|v| v.doc.front.translation.as_ref().is_some_and(|t| t.from == plan.lang))
                .map(|v| json!({ "@id": id(v), "inLanguage": v.plan.lang.as_str() }))
                .collect();
            if !translations.is_empty() {
                fields.insert("workTranslation".into(), Value::Array(translations));
            }
        }
        script_data(&article.to_string())
    }
}

/// JSON made safe to sit inside a `<script>` element: `<`, `>` and `&` written as JSON
/// escapes, so no `</script>`, `<!--` or `<script` in a headline can end the element early
/// or change how the browser reads the rest of the page; U+2028 and U+2029, which end a
/// line in older JavaScript, likewise. The value read back is unchanged.
pub(crate) fn script_data(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::script_data;

    #[test]
    fn script_data_escapes_what_could_end_or_reread_the_script() {
        let value = serde_json::json!({ "headline": "<!--<script></script> & a\u{2028}b\u{2029}" });
        let escaped = script_data(&value.to_string());
        assert_eq!(escaped, r#"{"headline":"\u003c!--\u003cscript\u003e\u003c/script\u003e \u0026 a\u2028b\u2029"}"#);
        for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!escaped.contains(bad), "{bad:?}");
        }
        let read_back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(read_back, value);
    }
}
