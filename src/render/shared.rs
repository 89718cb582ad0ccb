//! What every page shares, and the pieces pages are made of: the `site` variable, a
//! page's common variables (alternates, switcher, navigation), summaries, people and
//! topics. Builds template values from the config, the theme and the planned brand files.

use super::*;
use crate::plan::brand::PlacedLogo;

impl<'a> Shared<'a> {
    pub(super) fn new(site: &'a Site, theme: &'a Theme) -> Shared<'a> {
        let mut shared = Shared {
            config: &site.config,
            theme,
            brand: &site.brand,
            site_contexts: BTreeMap::new(),
            aligned: Default::default(),
        };
        for language in &site.config.languages {
            shared.site_contexts.insert(language.code.clone(), shared.site_context(&language.code));
        }
        shared
    }

    pub(super) fn language(&self, lang: &Lang) -> &'a Language {
        self.config.language(lang)
    }

    pub(super) fn ui(&self, lang: &Lang, key: &str, values: &[(&str, &str)]) -> String {
        self.theme.i18n.fill(lang.as_str(), key, values)
    }

    /// A root-relative URL (with the base path) for a path below the base.
    pub(super) fn url(&self, path: &str) -> String {
        self.config.url(path)
    }

    /// An absolute URL for a path below the base.
    pub(super) fn permalink(&self, path: &str) -> String {
        self.config.permalink(path)
    }

    pub(super) fn topic_name(&self, key: &str, lang: &Lang) -> String {
        let names = self.config.topics.get(key);
        names
            .and_then(|m| m.get(lang).or_else(|| m.get(&self.config.default_language)))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// A name from front matter `authors`/`translators`: a key of `authors.toml` becomes the
    /// person's name in `lang` with a link to their page; anything else stays a plain name.
    pub(super) fn person(&self, name: &str, lang: &Lang) -> Person {
        match self.config.authors.get(name) {
            Some(author) => Person {
                key: name.to_string(),
                name: author.name(lang).to_string(),
                url: self.url(&plan::author_path(lang, name)),
            },
            None => Person { key: String::new(), name: name.to_string(), url: String::new() },
        }
    }

    pub(super) fn author_context(&self, key: &str, lang: &Lang) -> AuthorContext {
        let author = self.config.authors.get(key);
        AuthorContext {
            key: key.to_string(),
            name: author.map_or(key, |a| a.name(lang)).to_string(),
            bio: author.and_then(|a| a.bios.get(lang)).cloned().unwrap_or_default(),
            role: author.and_then(|a| a.roles.get(lang)).cloned().unwrap_or_default(),
            photo: self.brand.photos.get(key).map(|(_, webp, fallback)| PhotoContext {
                src: self.url(&fallback.path),
                srcset: srcset(webp, |p| self.url(p)),
                width: fallback.width,
                height: fallback.height,
            }),
            url: self.url(&plan::author_path(lang, key)),
        }
    }

    pub(super) fn topic_link(&self, key: &str, lang: &Lang) -> TopicLink {
        TopicLink {
            key: key.to_string(),
            name: self.topic_name(key, lang),
            url: self.url(&format!("{lang}/topics/{key}/")),
        }
    }

    pub(super) fn summary(&self, plan: &crate::plan::site::PagePlan, doc: &SourceDoc, body: &RenderedBody) -> Summary {
        let language = self.language(&plan.lang);
        let minutes = reading_minutes(body.word_count, language).to_string();
        Summary {
            title: doc.front.title.clone(),
            url: self.url(&plan.path),
            permalink: self.permalink(&plan.path),
            lang: plan.lang.to_string(),
            section: doc.info.section.clone(),
            date: doc.front.date.as_ref().map(|d| d.day.to_string()).unwrap_or_default(),
            date_display: doc.front.date.as_ref().map(|d| format_date(d.day, language)).unwrap_or_default(),
            summary: match &doc.front.summary {
                Some(s) => format!("<p>{}</p>", escape(s)),
                None => body.summary_html.clone(),
            },
            reading_time: self.ui(&plan.lang, "reading_time", &[("minutes", &digits(&minutes, language))]),
            topics: doc.front.topics.iter().map(|t| self.topic_link(t, &plan.lang)).collect(),
            authors: doc.front.authors.iter().map(|a| self.person(a, &plan.lang)).collect(),
            translators: doc.front.translators.iter().map(|a| self.person(a, &plan.lang)).collect(),
            not_translated: false,
            image: body.picture.as_ref().map(|(webp, fallback)| PageImage {
                src: fallback.path.clone(),
                permalink: self.config.permalink_of_url(&fallback.path),
                width: fallback.width,
                height: fallback.height,
                mime: fallback.mime,
                alt: doc.front.image_alt.clone(),
                srcset: webp.iter().map(|v| format!("{} {}w", v.path, v.width)).collect::<Vec<_>>().join(", "),
            }),
        }
    }

    pub(super) fn site_context(&self, lang: &Lang) -> SiteContext {
        let config = self.config;
        SiteContext {
            base_url: config.base_url.clone(),
            base_path: config.base_path.clone(),
            default_language: config.default_language.to_string(),
            languages: config
                .languages
                .iter()
                .map(|l| LanguageLink {
                    code: l.code.to_string(),
                    name: l.name.clone(),
                    title: l.title.clone(),
                    description: l.description.clone(),
                    direction: l.direction,
                    home_url: self.url(&format!("{}/", l.code)),
                })
                .collect(),
            feed_url: self.url(&format!("{lang}/atom.xml")),
            logo: self.brand.logo.as_ref().map(|(_, placed)| match placed {
                PlacedLogo::Svg { path, width, height } => {
                    LogoContext { src: self.url(path), srcset: String::new(), width: *width, height: *height }
                }
                PlacedLogo::Raster { webp, fallback } => LogoContext {
                    src: self.url(&fallback.path),
                    srcset: srcset(webp, |p| self.url(p)),
                    width: fallback.width,
                    height: fallback.height,
                },
            }),
            icons: IconsContext {
                svg: self.url(&self.brand.icons.svg),
                png: self.brand.icons.png.as_deref().map(|p| self.url(p)).unwrap_or_default(),
                apple_touch: self.brand.icons.apple_touch.as_deref().map(|p| self.url(p)).unwrap_or_default(),
            },
        }
    }

    /// Every language for the switcher: this page in each language that has it, else that
    /// edition's home; nothing on a site of one language.
    pub(super) fn switcher(&self, lang: &Lang, alternates: &[Alternate]) -> Vec<SwitcherEntry> {
        if self.config.languages.len() < 2 {
            return Vec::new();
        }
        let entry = |l: &Language| match alternates.iter().find(|a| a.lang == l.code.as_str()) {
            Some(a) => (a.url.clone(), a.title.clone(), true),
            None => (self.url(&format!("{}/", l.code)), l.title.clone(), false),
        };
        self.config
            .languages
            .iter()
            .map(|l| {
                let (url, title, available) = entry(l);
                SwitcherEntry {
                    lang: l.code.to_string(),
                    name: l.name.clone(),
                    url,
                    title,
                    direction: l.direction,
                    is_current: &l.code == lang,
                    available: available || &l.code == lang,
                }
            })
            .collect()
    }

    /// The home page of every language, as links.
    pub(super) fn home_versions(&self) -> Vec<Link> {
        self.config
            .languages
            .iter()
            .map(|l| Link { lang: l.code.clone(), path: format!("{}/", l.code), title: l.title.clone() })
            .collect()
    }

    /// Builds the shared variables of a page whose language versions are `versions`;
    /// `description` defaults to the language's and `og_type` to `website`.
    pub(super) fn common(
        &'a self,
        lang: &'a Lang,
        path: &str,
        title: Option<&str>,
        versions: &[Link],
        nav: Nav<'a>,
    ) -> Common<'a> {
        let language = self.language(lang);
        let alternates: Vec<Alternate> = versions
            .iter()
            .map(|v| Alternate {
                lang: v.lang.to_string(),
                name: self.language(&v.lang).name.clone(),
                url: self.url(&v.path),
                permalink: self.permalink(&v.path),
                title: v.title.clone(),
                is_current: &v.lang == lang,
            })
            .collect();
        let default = &self.config.default_language;
        let x_default = alternates
            .iter()
            .find(|a| a.lang == default.as_str())
            .or_else(|| alternates.first())
            .map_or_else(|| self.permalink(path), |a| a.permalink.clone());
        let switcher = self.switcher(lang, &alternates);
        Common {
            lang: lang.as_str(),
            language,
            site: SiteView { shared: &self.site_contexts[lang], menu: nav.menu() },
            page_title: match title {
                Some(t) if t != language.title => format!("{t} — {}", language.title),
                _ => language.title.clone(),
            },
            // Never empty: a language without a description is described by its title.
            description: if language.description.trim().is_empty() {
                language.title.clone()
            } else {
                language.description.clone()
            },
            canonical: self.permalink(path),
            og_type: "website",
            alternates,
            switcher,
            x_default,
            home_url: self.url(&format!("{lang}/")),
            topics_url: self.url(&format!("{lang}/topics/")),
            search_url: if self.config.search { self.url(&format!("{lang}/search/")) } else { String::new() },
            nav: nav.items(),
        }
    }
}

/// WebP variants as a `srcset` value, each URL made by `url` from its path.
pub(super) fn srcset(variants: &[crate::plan::bundles::Variant], url: impl Fn(&str) -> String) -> String {
    variants.iter().map(|v| format!("{} {}w", url(&v.path), v.width)).collect::<Vec<_>>().join(", ")
}
