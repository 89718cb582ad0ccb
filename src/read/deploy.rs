//! Reads `[deploy]` of config.toml: the target URL of `patrika deploy`, checked, and
//! warnings for anything in config.toml that looks like a credential. Does no I/O.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Severity};
use crate::read::tomlread::{Table, TomlSource};

/// Where `patrika deploy` uploads: an S3 bucket (or an S3-compatible store) and a prefix in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployTarget {
    pub bucket: String,
    /// The folder inside the bucket, without leading or trailing `/` (empty: the bucket's root).
    pub prefix: String,
    /// `?region=`: else `AWS_REGION` or `AWS_DEFAULT_REGION`, else `us-east-1`.
    pub region: Option<String>,
    /// `?endpoint=`: an S3-compatible store (R2, MinIO, Ceph); else AWS.
    pub endpoint: Option<String>,
}

impl DeployTarget {
    /// The target as `s3://bucket/prefix`, for messages.
    pub fn shown(&self) -> String {
        if self.prefix.is_empty() {
            format!("s3://{}", self.bucket)
        } else {
            format!("s3://{}/{}", self.bucket, self.prefix)
        }
    }
}

const DEPLOY_KEYS: &[&str] = &["target"];
const QUERY_KEYS: &[&str] = &["region", "endpoint"];

/// A problem with the target URL, at a byte offset of the URL.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TargetError {
    pub at: usize,
    pub message: String,
}

fn fail(at: usize, message: impl Into<String>) -> TargetError {
    TargetError { at, message: message.into() }
}

/// Parses `s3://bucket/prefix?region=…&endpoint=…`.
pub(crate) fn parse_target(url: &str) -> Result<DeployTarget, TargetError> {
    let Some(rest) = url.strip_prefix("s3://") else {
        let scheme = url.split_once("://").map_or("", |(s, _)| s);
        let why = match scheme {
            "gs" | "gcs" | "az" | "azure" | "abfs" => format!(
                "`{scheme}://` is not compiled in: this Patrika uploads to S3 and S3-compatible stores (`s3://`; R2, MinIO, Ceph with `?endpoint=`)"
            ),
            _ => "the deploy target must be an `s3://bucket/prefix` URL (R2, MinIO and other S3-compatible stores take `?endpoint=https://…`)".to_string(),
        };
        return Err(fail(0, why));
    };
    let start = "s3://".len();
    let (location, query) = match rest.split_once('?') {
        Some((l, q)) => (l, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = location.split_once('/').unwrap_or((location, ""));
    // Credentials in the URL are warned about by `credential_warnings`; they are never used.
    let bucket_at = authority.rfind('@').map_or(0, |i| i + 1);
    let bucket = &authority[bucket_at..];
    check_bucket(bucket).map_err(|m| fail(start + bucket_at, m))?;
    let prefix = path.trim_end_matches('/');
    let path_at = start + authority.len() + 1;
    let mut offset = path_at;
    for segment in prefix.split('/') {
        if !prefix.is_empty() && (segment.is_empty() || segment == "." || segment == "..") {
            return Err(fail(offset, "the prefix has an empty, `.` or `..` folder; write it as `folder/subfolder`"));
        }
        offset += segment.len() + 1;
    }
    let mut target =
        DeployTarget { bucket: bucket.to_string(), prefix: prefix.to_string(), region: None, endpoint: None };
    if let Some(query) = query {
        read_query(query, start + location.len() + 1, &mut target)?;
    }
    Ok(target)
}

fn check_bucket(bucket: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-';
    if bucket.is_empty() {
        return Err("the target names no bucket: `s3://bucket/prefix`".into());
    }
    if !(3..=63).contains(&bucket.len()) || !bucket.chars().all(allowed) {
        return Err(format!("`{bucket}` is not a bucket name (3 to 63 lower-case letters, digits, `.` and `-`)"));
    }
    Ok(())
}

/// Reads `region=` and `endpoint=` from the query that starts at byte `at` of the URL.
fn read_query(query: &str, at: usize, target: &mut DeployTarget) -> Result<(), TargetError> {
    let mut offset = at;
    for pair in query.split('&') {
        let here = offset;
        offset += pair.len() + 1;
        if pair.is_empty() {
            continue;
        }
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_encoding::percent_decode_str(raw).decode_utf8_lossy().trim().to_string();
        let value_at = here + key.len() + 1;
        let slot = match key {
            "region" => &mut target.region,
            "endpoint" => &mut target.endpoint,
            _ => {
                let hint = crate::diagnostic::did_you_mean(key, QUERY_KEYS.iter().copied()).map_or_else(
                    || format!("it takes {}", QUERY_KEYS.join(" and ")),
                    |k| format!("did you mean `{k}`?"),
                );
                return Err(fail(here, format!("unknown key `{key}` in the target URL's query ({hint})")));
            }
        };
        if value.is_empty() {
            return Err(fail(here, format!("`{key}=` needs a value")));
        }
        if slot.is_some() {
            return Err(fail(here, format!("`{key}` is given twice")));
        }
        if key == "endpoint" && !(value.starts_with("https://") || value.starts_with("http://")) {
            return Err(fail(value_at, "the endpoint must start with https:// (or http:// for a local server)"));
        }
        if key == "region" && !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(fail(value_at, format!("`{value}` is not a region name (such as ap-south-1, or auto for R2)")));
        }
        *slot = Some(value);
    }
    Ok(())
}

/// Reads `[deploy]`: the target, if one is configured; problems become diagnostics.
pub(crate) fn read_deploy(top: &Table, source: &TomlSource, diags: &mut Vec<Diagnostic>) -> Option<DeployTarget> {
    let deploy = top.table("deploy", diags)?;
    deploy.reject_unknown(DEPLOY_KEYS, diags);
    let url = deploy.string("target", diags)?;
    match parse_target(url.trim()) {
        Ok(target) => Some(target),
        Err(e) => {
            let value_at = deploy.offset_of("target").unwrap_or(0);
            let leading = url.len() - url.trim_start().len();
            let at = offset_in_string(source.file_text, value_at, &url, leading + e.at);
            diags.push(Diagnostic::error_at(source.path, source.file_text, at, e.message));
            None
        }
    }
}

/// The file offset of byte `index` of a string value whose quote is at `value_at`: exact
/// for a string written without escapes, else the start of the value.
fn offset_in_string(file_text: &str, value_at: usize, value: &str, index: usize) -> usize {
    let raw = file_text.get(value_at..).unwrap_or("");
    let quote = ["\"\"\"", "'''", "\"", "'"].into_iter().find(|q| raw.starts_with(q)).map_or(0, str::len);
    if raw.get(quote..).is_some_and(|inner| inner.starts_with(value)) { value_at + quote + index } else { value_at }
}

/// Warnings for values of config.toml that look like credentials, which belong in the
/// environment (config.toml is usually committed). The values themselves are never printed.
pub(crate) fn credential_warnings(doc: &DeTable, file_text: &str, path: &Path) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (key, value) in doc.iter() {
        look_for_credentials(key.get_ref(), value, file_text, &mut found);
    }
    found
        .into_iter()
        .map(|(at, message)| Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error_at(path, file_text, at, message)
        })
        .collect()
}

const ENVIRONMENT: &str =
    "credentials belong in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never in config.toml";

fn look_for_credentials(key: &str, value: &toml::Spanned<DeValue>, file_text: &str, found: &mut Vec<(usize, String)>) {
    match value.get_ref() {
        DeValue::Table(table) => {
            for (k, v) in table.iter() {
                look_for_credentials(k.get_ref(), v, file_text, found);
            }
        }
        DeValue::Array(items) => {
            for item in items.iter() {
                look_for_credentials(key, item, file_text, found);
            }
        }
        DeValue::String(text) => {
            let at = value.span().start;
            if let Some(i) = aws_key_id_at(text) {
                let where_ = offset_in_string(file_text, at, text, i);
                found.push((where_, format!("`{key}` holds what looks like an AWS access key id; {ENVIRONMENT}")));
            } else if named_like_a_secret(key) && looks_like_a_token(text) {
                found.push((at, format!("`{key}` looks like a secret; {ENVIRONMENT}")));
            } else if let Some(i) = url_credentials_at(text) {
                let where_ = offset_in_string(file_text, at, text, i);
                found.push((
                    where_,
                    format!("`{key}` carries credentials in its URL (`user:password@`); {ENVIRONMENT}"),
                ));
            }
        }
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => {}
    }
}

/// Where an AWS access key id (`AKIA`/`ASIA` and 16 upper-case letters or digits) starts.
fn aws_key_id_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(19)).find(|&i| {
        (bytes[i..].starts_with(b"AKIA") || bytes[i..].starts_with(b"ASIA"))
            && bytes[i + 4..i + 20].iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && bytes.get(i + 20).is_none_or(|b| !b.is_ascii_alphanumeric())
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
    })
}

fn named_like_a_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["secret", "password", "passwd", "token", "credential"].iter().any(|w| key.contains(w))
        || key == "key"
        || key.ends_with("_key")
        || key.ends_with("-key")
        || key.ends_with("key_id")
}

/// A long run of base64 or hex characters with no spaces: how generated secrets look.
fn looks_like_a_token(text: &str) -> bool {
    text.len() >= 16 && text.chars().all(|c| c.is_ascii_alphanumeric() || "+/=_-".contains(c))
}

/// Where the `user:password@` of a URL starts, if it has one.
fn url_credentials_at(text: &str) -> Option<usize> {
    let scheme_end = text.find("://")? + 3;
    let authority = &text[scheme_end..];
    let authority = &authority[..authority.find(['/', '?', '#']).unwrap_or(authority.len())];
    authority.contains('@').then_some(scheme_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_has_a_bucket_a_prefix_and_a_query() {
        let t = parse_target("s3://news-site/briefings/live?region=ap-south-1&endpoint=https%3A%2F%2Fx.r2.example")
            .unwrap();
        assert_eq!(t.bucket, "news-site");
        assert_eq!(t.prefix, "briefings/live");
        assert_eq!(t.region.as_deref(), Some("ap-south-1"));
        assert_eq!(t.endpoint.as_deref(), Some("https://x.r2.example"));
        let plain = parse_target("s3://news-site/").unwrap();
        assert_eq!((plain.prefix.as_str(), plain.region, plain.endpoint), ("", None, None));
        let raw_endpoint = parse_target("s3://b12/p?endpoint=http://127.0.0.1:9000").unwrap();
        assert_eq!(raw_endpoint.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(raw_endpoint.shown(), "s3://b12/p");
    }

    #[test]
    fn target_errors_point_into_the_url() {
        let err = |url: &str| parse_target(url).unwrap_err();
        let e = err("s3://bucket/x?region=eu-west-1&regoin=x");
        assert_eq!(
            (e.at, e.message.as_str()),
            (31, "unknown key `regoin` in the target URL's query (did you mean `region`?)")
        );
        assert_eq!(err("s3://Bucket_1/x").at, 5);
        assert!(err("s3://Bucket_1/x").message.contains("is not a bucket name"));
        assert_eq!(err("s3://bucket/a//b").at, 14);
        assert_eq!(err("s3://bucket/a/../b").at, 14);
        assert!(err("gs://bucket/x").message.contains("not compiled in"));
        assert!(err("https://bucket/x").message.contains("must be an `s3://bucket/prefix` URL"));
        assert_eq!(err("s3://bucket?endpoint=ftp://x").at, 21);
        assert_eq!(err("s3://bucket?region=a&region=b").message, "`region` is given twice");
        assert_eq!(err("s3://bucket?region=").message, "`region=` needs a value");
    }

    fn warnings(text: &str) -> Vec<String> {
        let doc = DeTable::parse(text).unwrap().into_inner();
        credential_warnings(&doc, text, Path::new("config.toml")).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn credentials_in_the_config_are_warned_about_where_they_are() {
        let text = "base_url = \"https://x.org\"\n[deploy]\ntarget = \"s3://AKIAABCDEFGHIJKLMNOP:pw@bucket/x\"\n\
                    [extra]\naws_secret_access_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n\
                    api_token = \"short\"\nnote = \"see ASIAQWERTYUIOPASDFGH here\"\n";
        assert_eq!(
            warnings(text),
            [
                format!(
                    "config.toml:3:16: warning: `target` holds what looks like an AWS access key id; {ENVIRONMENT}"
                ),
                format!("config.toml:5:25: warning: `aws_secret_access_key` looks like a secret; {ENVIRONMENT}"),
                format!("config.toml:7:13: warning: `note` holds what looks like an AWS access key id; {ENVIRONMENT}"),
            ]
        );
        let url = "[deploy]\ntarget = \"s3://user:pass@bucket/x\"\n";
        assert_eq!(
            warnings(url),
            [format!(
                "config.toml:2:16: warning: `target` carries credentials in its URL (`user:password@`); {ENVIRONMENT}"
            )]
        );
    }

    #[test]
    fn ordinary_config_values_are_not_credentials() {
        let text = "base_url = \"https://x.org/news/\"\ntheme = \"default\"\n[languages.hi]\ntitle = \"AKIA समाचार\"\n\
                    [deploy]\ntarget = \"s3://bucket/x?endpoint=https://abc.r2.cloudflarestorage.com\"\n\
                    [topics.monkey]\nen = \"Monkeys\"\n";
        assert!(warnings(text).is_empty(), "{:?}", warnings(text));
    }
}
