//! The bucket, through `object_store`: connecting with credentials from the environment,
//! listing, asking about, uploading and deleting objects below the target's prefix.

use std::collections::BTreeMap;
use std::time::Duration;

use futures_util::StreamExt as _;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{
    Attribute, Attributes, BackoffConfig, GetOptions, ObjectStore, ObjectStoreExt as _, PutOptions, PutPayload,
    RetryConfig,
};

use crate::deploy::plan::{Head, MANIFEST, Manifest, RemoteObject, Upload};
use crate::read::deploy::DeployTarget;

/// The metadata key (`x-amz-meta-patrika-sha256` on S3) holding the SHA-256 of an object's bytes.
pub(crate) const SHA256_METADATA: &str = "patrika-sha256";

/// A connected bucket and the prefix Patrika owns in it.
pub(crate) struct Store {
    s3: AmazonS3,
    prefix: String,
    shown: String,
}

/// Retries for transient failures (timeouts, throttling, 5xx), with exponential backoff:
/// a few seconds of trouble is ridden out; a store that stays down fails the deploy in
/// about a minute, and the next run picks up where it stopped.
fn retries() -> RetryConfig {
    RetryConfig {
        backoff: BackoffConfig {
            init_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(8),
            base: 2.0,
        },
        max_retries: 6,
        retry_timeout: Duration::from_secs(60),
    }
}

impl Store {
    /// Connects to the target with the credentials of the environment (`AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, …); the URL's region and endpoint win
    /// over `AWS_REGION` and `AWS_ENDPOINT`.
    pub(crate) fn connect(target: &DeployTarget) -> Result<Store, String> {
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(&target.bucket).with_retry(retries());
        if let Some(region) = &target.region {
            builder = builder.with_region(region);
        }
        if let Some(endpoint) = &target.endpoint {
            // Plain HTTP only when the target says so, for a store on this machine or network.
            builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
        }
        let s3 = builder.build().map_err(|e| format!("cannot use {}: {e}", target.shown()))?;
        Ok(Store { s3, prefix: target.prefix.clone(), shown: target.shown() })
    }

    /// The target as `s3://bucket/prefix`.
    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }

    fn path(&self, key: &str) -> Result<Path, String> {
        let full = if self.prefix.is_empty() { key.to_string() } else { format!("{}/{key}", self.prefix) };
        Path::parse(&full).map_err(|e| format!("{key} cannot be an object key: {e}"))
    }

    fn failed(&self, doing: &str, e: object_store::Error) -> String {
        let hint = if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
            " (AWS_ACCESS_KEY_ID is not set: credentials come from the environment)"
        } else {
            ""
        };
        format!("cannot {doing} {}: {e}{hint}", self.shown)
    }

    /// Every object below the prefix, by its key relative to the prefix.
    pub(crate) async fn list(&self) -> Result<BTreeMap<String, RemoteObject>, String> {
        let prefix = if self.prefix.is_empty() { None } else { Some(self.path("")?) };
        let mut listing = self.s3.list(prefix.as_ref());
        let mut objects = BTreeMap::new();
        while let Some(meta) = listing.next().await {
            let meta = meta.map_err(|e| self.failed("list", e))?;
            let full = meta.location.as_ref();
            let key = if self.prefix.is_empty() {
                full
            } else {
                full.strip_prefix(&format!("{}/", self.prefix)).unwrap_or(full)
            };
            objects.insert(key.to_string(), RemoteObject { size: meta.size, etag: meta.e_tag });
        }
        Ok(objects)
    }

    /// The manifest of the last complete deploy; an empty one when there is none or it does
    /// not read (the plan then asks the store about each object instead).
    pub(crate) async fn manifest(&self) -> Manifest {
        let Ok(path) = self.path(MANIFEST) else { return Manifest::default() };
        match self.s3.get(&path).await {
            Ok(found) => match found.bytes().await {
                Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
                Err(_) => Manifest::default(),
            },
            Err(_) => Manifest::default(),
        }
    }

    /// What the store says of one object: our content hash, its headers and ETag.
    pub(crate) async fn head(&self, key: &str) -> Result<Head, String> {
        let options = GetOptions { head: true, ..GetOptions::default() };
        let found = match self.s3.get_opts(&self.path(key)?, options).await {
            Ok(found) => found,
            // Gone since the listing: nothing there to compare, so it is uploaded.
            Err(object_store::Error::NotFound { .. }) => return Ok(Head::default()),
            Err(e) => return Err(self.failed(&format!("read {key} on"), e)),
        };
        let attribute = |a: &Attribute| found.attributes.get(a).map(|v| v.to_string());
        Ok(Head {
            sha256: attribute(&Attribute::Metadata(SHA256_METADATA.into())),
            content_type: attribute(&Attribute::ContentType),
            cache_control: attribute(&Attribute::CacheControl),
            etag: found.meta.e_tag,
        })
    }

    /// Uploads one file with its headers and content hash; returns the ETag the store gave it.
    pub(crate) async fn put(&self, upload: &Upload) -> Result<Option<String>, String> {
        let key = &upload.file.key;
        let bytes = tokio::fs::read(&upload.file.path)
            .await
            .map_err(|e| format!("cannot read {}: {e}", upload.file.path.display()))?;
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, upload.headers.content_type.clone().into());
        attributes.insert(Attribute::CacheControl, upload.headers.cache_control.into());
        attributes.insert(Attribute::Metadata(SHA256_METADATA.into()), upload.file.sha256.clone().into());
        let options = PutOptions { attributes, ..PutOptions::default() };
        let done = self
            .s3
            .put_opts(&self.path(key)?, PutPayload::from(bytes), options)
            .await
            .map_err(|e| self.failed(&format!("upload {key} to"), e))?;
        Ok(done.e_tag)
    }

    /// Deletes objects by key, many per request; returns each key with its result.
    pub(crate) async fn delete(&self, keys: &[String]) -> Vec<(String, Result<(), String>)> {
        let mut paths = Vec::with_capacity(keys.len());
        let mut results = Vec::new();
        for key in keys {
            match self.path(key) {
                Ok(path) => paths.push(Ok(path)),
                Err(e) => results.push((key.clone(), Err(e))),
            }
        }
        let full_prefix = if self.prefix.is_empty() { String::new() } else { format!("{}/", self.prefix) };
        let mut done = self.s3.delete_stream(futures_util::stream::iter(paths).boxed());
        let mut remaining: std::collections::BTreeSet<&String> = keys.iter().collect();
        while let Some(result) = done.next().await {
            match result {
                Ok(path) => {
                    let key = path.as_ref().strip_prefix(&full_prefix).unwrap_or(path.as_ref()).to_string();
                    remaining.remove(&key);
                    results.push((key, Ok(())));
                }
                Err(e) => results.push((String::new(), Err(self.failed("delete from", e)))),
            }
        }
        // A failed batch does not always say which keys it held: those are failed too.
        let error = results.iter().find_map(|(k, r)| r.as_ref().err().filter(|_| k.is_empty()).cloned());
        results.retain(|(k, _)| !k.is_empty());
        if let Some(error) = error {
            results.extend(remaining.into_iter().map(|k| (k.clone(), Err(error.clone()))));
        }
        results
    }

    /// Writes the manifest: the last step of a complete deploy.
    pub(crate) async fn put_manifest(&self, manifest: &Manifest) -> Result<(), String> {
        let json = serde_json::to_vec(manifest).map_err(|e| e.to_string())?;
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, "application/json; charset=utf-8".into());
        attributes.insert(Attribute::CacheControl, "no-store".into());
        let options = PutOptions { attributes, ..PutOptions::default() };
        self.s3
            .put_opts(&self.path(MANIFEST)?, PutPayload::from(json), options)
            .await
            .map(drop)
            .map_err(|e| self.failed("write the deploy manifest to", e))
    }
}
