//! Generates a bilingual benchmark corpus, deterministic from a seed: N briefings
//! with Hindi originals and English translations (some Hindi-only, some stale),
//! 600–900 words each, with headings, lists, emphasis, a blockquote, numbers and
//! links to other briefings by file path.
//!
//! cargo run --release --example corpus -- --pairs 1000 --seed 1 --out /tmp/corpus

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Parser;
use patrika::plan::translation::hash_parts;

#[derive(Parser)]
struct Args {
    /// Number of briefings (each a Hindi original, most with an English translation).
    #[arg(long, default_value_t = 1000)]
    pairs: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write the site into (config.toml and content/); must not exist.
    #[arg(long)]
    out: PathBuf,
}

const HI_WORDS: &[&str] = &[
    "सरकार",
    "मंत्रालय",
    "रक्षा",
    "नीति",
    "बैठक",
    "समझौता",
    "सहयोग",
    "सुरक्षा",
    "सीमा",
    "क्षेत्र",
    "विकास",
    "अर्थव्यवस्था",
    "बजट",
    "योजना",
    "किसान",
    "उत्पादन",
    "निर्यात",
    "आयात",
    "व्यापार",
    "बाज़ार",
    "निवेश",
    "बैंक",
    "ब्याज",
    "दर",
    "महँगाई",
    "रोज़गार",
    "शिक्षा",
    "स्वास्थ्य",
    "अस्पताल",
    "सड़क",
    "रेलवे",
    "बंदरगाह",
    "हवाई",
    "अड्डा",
    "बिजली",
    "पानी",
    "बारिश",
    "मानसून",
    "सूखा",
    "बाढ़",
    "जलवायु",
    "ऊर्जा",
    "सौर",
    "परमाणु",
    "तकनीक",
    "अंतरिक्ष",
    "उपग्रह",
    "प्रक्षेपण",
    "वैज्ञानिक",
    "संसद",
    "विधेयक",
    "क़ानून",
    "अदालत",
    "फ़ैसला",
    "न्यायालय",
    "चुनाव",
    "मतदान",
    "आयोग",
    "राज्य",
    "केंद्र",
    "प्रधानमंत्री",
    "राष्ट्रपति",
    "मुख्यमंत्री",
    "विदेश",
    "दूतावास",
    "राजदूत",
    "प्रतिनिधिमंडल",
    "वार्ता",
    "संबंध",
    "साझेदारी",
    "रणनीति",
    "सेना",
    "नौसेना",
    "वायुसेना",
    "अभ्यास",
    "हथियार",
    "मिसाइल",
    "विमान",
    "जहाज़",
    "आतंकवाद",
    "हमला",
    "जाँच",
    "रिपोर्ट",
    "आँकड़े",
    "वृद्धि",
    "गिरावट",
    "लक्ष्य",
    "प्रस्ताव",
    "घोषणा",
    "बयान",
    "प्रवक्ता",
    "अधिकारी",
    "विशेषज्ञ",
    "नागरिक",
    "समाज",
    "गाँव",
    "शहर",
    "ज़िला",
    "प्रदेश",
    "देश",
    "दुनिया",
    "पड़ोसी",
    "संगठन",
    "सम्मेलन",
    "मंच",
    "प्रगति",
    "चुनौती",
    "अवसर",
    "संकट",
    "समाधान",
    "सुधार",
    "परियोजना",
    "निर्माण",
    "ढाँचा",
    "डिजिटल",
    "इंटरनेट",
    "मोबाइल",
    "डेटा",
    "निजता",
    "है",
    "हैं",
    "था",
    "थे",
    "ने",
    "को",
    "से",
    "में",
    "पर",
    "का",
    "की",
    "के",
    "और",
    "लेकिन",
    "क्योंकि",
    "इसलिए",
    "भी",
    "नया",
    "नई",
    "बड़ा",
    "अहम",
    "महत्वपूर्ण",
    "तेज़",
    "धीमा",
    "स्थिर",
    "मज़बूत",
    "कमज़ोर",
    "पहला",
    "दूसरा",
    "अगला",
    "कहा",
    "बताया",
    "माना",
    "जताया",
    "किया",
    "हुआ",
    "रहा",
    "रही",
    "गया",
    "गई",
    "लिया",
    "दिया",
    "सकता",
    "चाहिए",
];

const EN_WORDS: &[&str] = &[
    "government",
    "ministry",
    "defence",
    "policy",
    "meeting",
    "agreement",
    "cooperation",
    "security",
    "border",
    "region",
    "development",
    "economy",
    "budget",
    "scheme",
    "farmers",
    "production",
    "exports",
    "imports",
    "trade",
    "market",
    "investment",
    "bank",
    "interest",
    "rate",
    "inflation",
    "jobs",
    "education",
    "health",
    "hospital",
    "road",
    "railways",
    "port",
    "airport",
    "power",
    "water",
    "rain",
    "monsoon",
    "drought",
    "flood",
    "climate",
    "energy",
    "solar",
    "nuclear",
    "technology",
    "space",
    "satellite",
    "launch",
    "scientists",
    "parliament",
    "bill",
    "law",
    "court",
    "ruling",
    "election",
    "vote",
    "commission",
    "state",
    "centre",
    "minister",
    "president",
    "embassy",
    "ambassador",
    "delegation",
    "talks",
    "relations",
    "partnership",
    "strategy",
    "army",
    "navy",
    "air force",
    "exercise",
    "weapons",
    "missile",
    "aircraft",
    "ship",
    "terrorism",
    "attack",
    "inquiry",
    "report",
    "figures",
    "growth",
    "decline",
    "target",
    "proposal",
    "announcement",
    "statement",
    "spokesperson",
    "officials",
    "experts",
    "citizens",
    "society",
    "village",
    "city",
    "district",
    "province",
    "country",
    "world",
    "neighbour",
    "organisation",
    "summit",
    "forum",
    "progress",
    "challenge",
    "opportunity",
    "crisis",
    "solution",
    "reform",
    "project",
    "construction",
    "infrastructure",
    "digital",
    "internet",
    "mobile",
    "data",
    "privacy",
    "is",
    "are",
    "was",
    "were",
    "the",
    "a",
    "of",
    "to",
    "in",
    "on",
    "for",
    "and",
    "but",
    "because",
    "so",
    "also",
    "new",
    "large",
    "key",
    "important",
    "rapid",
    "slow",
    "stable",
    "strong",
    "weak",
    "first",
    "second",
    "next",
    "said",
    "explained",
    "agreed",
    "expressed",
    "made",
    "happened",
    "remained",
    "went",
    "took",
    "gave",
    "could",
    "should",
];

/// 30 topics: key, Hindi name, English name.
const TOPICS: &[(&str, &str, &str)] = &[
    ("defence", "रक्षा", "Defence"),
    ("economy", "अर्थव्यवस्था", "Economy"),
    ("trade", "व्यापार", "Trade"),
    ("energy", "ऊर्जा", "Energy"),
    ("climate", "जलवायु", "Climate"),
    ("space", "अंतरिक्ष", "Space"),
    ("health", "स्वास्थ्य", "Health"),
    ("education", "शिक्षा", "Education"),
    ("agriculture", "कृषि", "Agriculture"),
    ("railways", "रेलवे", "Railways"),
    ("elections", "चुनाव", "Elections"),
    ("parliament", "संसद", "Parliament"),
    ("courts", "अदालतें", "Courts"),
    ("diplomacy", "कूटनीति", "Diplomacy"),
    ("terrorism", "आतंकवाद", "Terrorism"),
    ("technology", "तकनीक", "Technology"),
    ("privacy", "निजता", "Privacy"),
    ("banking", "बैंकिंग", "Banking"),
    ("inflation", "महँगाई", "Inflation"),
    ("jobs", "रोज़गार", "Jobs"),
    ("water", "जल", "Water"),
    ("monsoon", "मानसून", "Monsoon"),
    ("cities", "शहर", "Cities"),
    ("villages", "गाँव", "Villages"),
    ("navy", "नौसेना", "Navy"),
    ("air-force", "वायुसेना", "Air Force"),
    ("neighbours", "पड़ोसी", "Neighbours"),
    ("sco", "शंघाई सहयोग संगठन", "SCO"),
    ("infrastructure", "ढाँचा", "Infrastructure"),
    ("digital", "डिजिटल", "Digital"),
];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The language-neutral shape of one briefing; both languages are written from it.
struct Plan {
    sections: Vec<Vec<Block>>,
    heading_words: Vec<usize>,
}

enum Block {
    Paragraph(Vec<Sentence>),
    List(Vec<usize>),
    Quote(Sentence),
}

struct Sentence {
    words: usize,
    number: Option<u64>,
    link: Option<usize>,
    emphasis: bool,
}

fn plan(rng: &mut Rng, index: usize) -> Plan {
    let section_count = 4 + rng.below(2);
    let mut sections = Vec::new();
    let mut heading_words = Vec::new();
    let sentence = |rng: &mut Rng| Sentence {
        words: 9 + rng.below(8),
        number: (rng.below(4) == 0)
            .then(|| [26, 400, 30, 2025, 19000, 1_234_567, 12, 75][rng.below(8)] as u64 + rng.below(3) as u64),
        link: (index > 1 && rng.below(12) == 0).then(|| rng.below(index)),
        emphasis: rng.below(6) == 0,
    };
    for s in 0..section_count {
        heading_words.push(2 + rng.below(3));
        let mut blocks = Vec::new();
        for _ in 0..(2 + rng.below(2)) {
            blocks.push(Block::Paragraph((0..(3 + rng.below(3))).map(|_| sentence(rng)).collect()));
        }
        if s == 1 {
            blocks.push(Block::List((0..(3 + rng.below(2))).map(|_| 4 + rng.below(5)).collect()));
        }
        if s == 2 {
            blocks.push(Block::Quote(sentence(rng)));
        }
        sections.push(blocks);
    }
    Plan { sections, heading_words }
}

fn words(rng: &mut Rng, vocabulary: &[&str], n: usize) -> Vec<String> {
    (0..n).map(|_| vocabulary[rng.below(vocabulary.len())].to_string()).collect()
}

fn number_text(n: u64, hindi: bool, devanagari: bool) -> String {
    // Western grouping in English, Indian grouping in Hindi, sometimes in Devanagari digits.
    let digits = n.to_string();
    let grouped = if n < 10_000 {
        digits
    } else if hindi {
        let (head, tail) = digits.split_at(digits.len() - 3);
        let mut groups = Vec::new();
        let mut rest = head;
        while rest.len() > 2 {
            let (a, b) = rest.split_at(rest.len() - 2);
            groups.insert(0, b.to_string());
            rest = a;
        }
        groups.insert(0, rest.to_string());
        format!("{},{tail}", groups.join(","))
    } else {
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    if devanagari {
        grouped.chars().map(|c| c.to_digit(10).map_or(c, |d| char::from_u32(0x0966 + d).unwrap())).collect()
    } else {
        grouped
    }
}

fn write_sentence(out: &mut String, rng: &mut Rng, s: &Sentence, hindi: bool) {
    let vocabulary = if hindi { HI_WORDS } else { EN_WORDS };
    let mut w = words(rng, vocabulary, s.words);
    if !hindi {
        let first = w[0].clone();
        let mut chars = first.chars();
        w[0] = chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default();
    }
    if s.emphasis {
        let i = w.len() / 2;
        w[i] = format!("*{}*", w[i]);
    }
    if let Some(n) = s.number {
        let devanagari = hindi && n % 2 == 0;
        w.insert(w.len() / 3, number_text(n, hindi, devanagari));
    }
    if let Some(target) = s.link {
        let i = w.len() - 2;
        w[i] = format!("[{}](briefing-{target:05}.md)", w[i]);
    }
    out.push_str(&w.join(" "));
    out.push_str(if hindi { "। " } else { ". " });
}

fn body(plan: &Plan, seed: u64, hindi: bool) -> String {
    let mut rng = Rng::new(seed ^ if hindi { 0x68 } else { 0x65 });
    let vocabulary = if hindi { HI_WORDS } else { EN_WORDS };
    let mut out = String::new();
    for (s, blocks) in plan.sections.iter().enumerate() {
        if s > 0 {
            let _ = writeln!(out, "## {}\n", words(&mut rng, vocabulary, plan.heading_words[s]).join(" "));
        }
        for block in blocks {
            match block {
                Block::Paragraph(sentences) => {
                    for sentence in sentences {
                        write_sentence(&mut out, &mut rng, sentence, hindi);
                    }
                    out.truncate(out.trim_end().len());
                    out.push_str("\n\n");
                }
                Block::List(items) => {
                    for &n in items {
                        let _ = writeln!(out, "- {}", words(&mut rng, vocabulary, n).join(" "));
                    }
                    out.push('\n');
                }
                Block::Quote(sentence) => {
                    out.push_str("> ");
                    write_sentence(&mut out, &mut rng, sentence, hindi);
                    out.truncate(out.trim_end().len());
                    out.push_str("\n\n");
                }
            }
        }
    }
    out
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    if args.out.exists() {
        eprintln!("{} exists; choose a new folder", args.out.display());
        std::process::exit(2);
    }
    let content = args.out.join("content/briefings");
    std::fs::create_dir_all(&content)?;
    let mut config = String::from(
        "base_url = \"https://briefings.example.org\"\ndefault_language = \"hi\"\n\n[languages.hi]\nname = \"हिन्दी\"\ntitle = \"पत्रिका\"\n\n[languages.en]\nname = \"English\"\ntitle = \"Patrika\"\n\n",
    );
    for (key, hi, en) in TOPICS {
        let _ = writeln!(config, "[topics.{key}]\nhi = \"{hi}\"\nen = \"{en}\"\n");
    }
    config.push_str("[build]\npaginate = 20\n");
    std::fs::write(args.out.join("config.toml"), config)?;
    std::fs::write(content.join("_index.hi.md"), "+++\ntitle = \"ब्रीफ़िंग\"\n+++\n")?;
    std::fs::write(content.join("_index.en.md"), "+++\ntitle = \"Briefings\"\n+++\n")?;
    let (mut hindi_only, mut stale) = (0, 0);
    for i in 0..args.pairs {
        let seed = args.seed.wrapping_mul(1_000_003).wrapping_add(i as u64);
        let mut rng = Rng::new(seed);
        let plan = plan(&mut rng, i);
        let date = chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + chrono::Days::new(((i * 37) % 2500) as u64);
        let topic_count = 1 + rng.below(3);
        let mut topics: Vec<&str> = (0..topic_count).map(|_| TOPICS[rng.below(TOPICS.len())].0).collect();
        topics.sort_unstable();
        topics.dedup();
        let topics = topics.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
        let mut title_rng = Rng::new(seed ^ 0x7474);
        let hi_title = words(&mut title_rng, HI_WORDS, 6).join(" ");
        let en_title = words(&mut title_rng, EN_WORDS, 7).join(" ");
        let hi_body = body(&plan, seed, true);
        let hi = format!(
            "+++\ntitle = \"{hi_title}\"\ndate = {date}\ntopics = [{topics}]\nauthors = [\"डेस्क\"]\n+++\n\n{hi_body}"
        );
        std::fs::write(content.join(format!("briefing-{i:05}.hi.md")), hi)?;
        // Every tenth briefing waits for its translation; every twentieth translation is stale.
        if i % 10 == 7 {
            hindi_only += 1;
            continue;
        }
        let hash = if i % 20 == 3 {
            stale += 1;
            "sha256:0000000000000000".to_string()
        } else {
            hash_parts(&hi_title, "", &hi_body)
        };
        let en_body = body(&plan, seed, false);
        let en = format!(
            "+++\ntitle = \"{en_title}\"\ndate = {date}\ntopics = [{topics}]\nauthors = [\"Desk\"]\ntranslators = [\"Desk\"]\n\n[translation]\nfrom = \"hi\"\nsource_hash = \"{hash}\"\n+++\n\n{en_body}"
        );
        std::fs::write(content.join(format!("briefing-{i:05}.en.md")), en)?;
    }
    println!(
        "{} briefings in {} ({} Hindi-only, {} stale translations)",
        args.pairs,
        args.out.display(),
        hindi_only,
        stale
    );
    Ok(())
}
