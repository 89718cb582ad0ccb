//! Walks a repository's history newest first for the committed version of one
//! file whose `source_hash` is the recorded one, following the file across
//! renames. Reads git objects only; never a `git` binary, never the work tree.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path};

use gix::ObjectId;
use gix::bstr::{BString, ByteSlice};
use gix::object::tree::diff::ChangeDetached;

use super::DiffFailure;
use super::version::Parts;

/// The version a translation was made from, and where it was found.
pub(super) struct Found {
    pub commit: String,
    pub commit_date: String,
    /// Relative to the site root, `/`-separated.
    pub source_path: String,
    pub parts: Parts,
}

/// What a walk of the history ends with.
enum Search {
    Matched {
        commit: ObjectId,
        path: BString,
        parts: Parts,
    },
    /// No version matched; `versions` different ones were seen.
    Unmatched {
        versions: usize,
    },
}

/// Finds the newest committed version of `source_file` (relative to `site_root`) whose
/// hash is `recorded_hash`.
pub(super) fn find_version(site_root: &Path, source_file: &Path, recorded_hash: &str) -> Result<Found, DiffFailure> {
    let mut repo = gix::discover(site_root).map_err(|_| DiffFailure::NoRepository)?;
    // The walk by commit time reads each commit twice; a small cache saves the second read.
    repo.object_cache_size_if_unset(4 * 1024 * 1024);
    let site_in_repo = site_folder_in_repo(&repo, site_root).ok_or(DiffFailure::NoRepository)?;
    let path = join_slash(&site_in_repo, &slash_path(source_file).ok_or(DiffFailure::NotTracked)?);
    // An unborn HEAD (a repository without commits) holds no version of anything.
    if repo.head().map_err(|e| damaged("HEAD", e))?.is_unborn() {
        return Err(DiffFailure::NotTracked);
    }
    let head = repo.head_id().map_err(|e| damaged("HEAD", e))?.detach();
    match search(&repo, head, path, recorded_hash)? {
        Search::Matched { commit, path, parts } => {
            let commit = repo.find_commit(commit).map_err(|e| damaged(format!("commit {commit}"), e))?;
            let source_path = site_relative(&site_in_repo, &path.to_str_lossy());
            Ok(Found { commit: short_id(&commit), commit_date: commit_date(&commit), source_path, parts })
        }
        Search::Unmatched { versions: 0 } => Err(DiffFailure::NotTracked),
        // Older versions may exist beyond the clone's depth: say that rather than "none".
        Search::Unmatched { .. } if repo.is_shallow().unwrap_or(false) => Err(DiffFailure::Shallow),
        Search::Unmatched { versions } => Err(DiffFailure::NoMatchingVersion { versions }),
    }
}

/// The repository could not give an object it refers to: `what` names it, `error` is gix's word.
fn damaged(what: impl std::fmt::Display, error: impl std::fmt::Display) -> DiffFailure {
    DiffFailure::Damaged { object: what.to_string(), error: error.to_string() }
}

/// Walks from `head` newest first, hashing each distinct blob of the file once.
///
/// Each commit is looked at under the path the file had in the child it was reached
/// from, so a rename is followed: where a parent lacks that path, its tree diff with
/// the child (git's rename detection) says where the file was before. A parent
/// without the file under any name is where it was created; the walk does not look
/// further down that line (a file deleted and later re-created starts afresh).
/// An object that cannot be read stops the walk: the history past it is unknown.
fn search(repo: &gix::Repository, head: ObjectId, path: BString, recorded_hash: &str) -> Result<Search, DiffFailure> {
    use gix::revision::walk::Sorting;
    use gix::traverse::commit::simple::CommitTimeOrder;
    // Commits still to look at, with the file's path in each; a child always comes
    // first in this walk, so every commit reached is here by the time it is visited.
    let mut pending: HashMap<ObjectId, BString> = HashMap::from([(head, path)]);
    let mut done: HashSet<ObjectId> = HashSet::new();
    let mut hashed: HashSet<ObjectId> = HashSet::new();
    // A shallow clone's oldest commits name parents it does not have: they are not damage.
    let shallow: HashSet<ObjectId> = match repo.shallow_commits() {
        Ok(Some(commits)) => commits.iter().copied().collect(),
        Ok(None) | Err(_) => HashSet::new(),
    };
    let walk = repo.rev_walk([head]).sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst)).all();
    for info in walk.map_err(|e| damaged(format!("commit {head}"), e))? {
        let info = info.map_err(|e| damaged("a commit of the history", e))?;
        done.insert(info.id);
        let Some(path) = pending.remove(&info.id) else { continue };
        let commit = info.object().map_err(|e| damaged(format!("commit {}", info.id), e))?;
        let tree = commit.tree().map_err(|e| damaged(format!("the tree of commit {}", info.id), e))?;
        if let Some(blob) = blob_at(&tree, &path).map_err(|e| damaged(format!("{path} in commit {}", info.id), e))?
            && hashed.insert(blob)
        {
            let object = repo
                .find_object(blob)
                .map_err(|e| damaged(format!("blob {blob} ({path} in commit {})", info.id), e))?;
            if let Some(parts) = Parts::read(&object.data)
                && parts.hash() == recorded_hash
            {
                return Ok(Search::Matched { commit: info.id, path, parts });
            }
        }
        let parents =
            if shallow.contains(&info.id) { Vec::new() } else { info.parent_ids().map(|p| p.detach()).collect() };
        for parent in parents {
            if !done.contains(&parent)
                && !pending.contains_key(&parent)
                && let Some(before) = path_in_parent(repo, &tree, parent, &path)?
            {
                pending.insert(parent, before);
            }
        }
        if pending.is_empty() {
            break;
        }
    }
    Ok(Search::Unmatched { versions: hashed.len() })
}

/// The id of the file (not a folder or submodule) at `path` in `tree`, if it is there.
fn blob_at(tree: &gix::Tree<'_>, path: &BString) -> gix::Result<Option<ObjectId>> {
    let entry = tree.lookup_entry(path.split_str("/"))?;
    Ok(entry.filter(|e| e.mode().is_blob()).map(|e| e.object_id()))
}

/// Where the file at `path` in `child_tree` was in commit `parent`: the same path, or
/// the source of a rename onto it; `None` when the parent does not have it.
fn path_in_parent(
    repo: &gix::Repository,
    child_tree: &gix::Tree<'_>,
    parent: ObjectId,
    path: &BString,
) -> Result<Option<BString>, DiffFailure> {
    let commit = repo.find_commit(parent).map_err(|e| damaged(format!("commit {parent}"), e))?;
    let parent_tree = commit.tree().map_err(|e| damaged(format!("the tree of commit {parent}"), e))?;
    if blob_at(&parent_tree, path).map_err(|e| damaged(format!("{path} in commit {parent}"), e))?.is_some() {
        return Ok(Some(path.clone()));
    }
    let options = gix::diff::Options::default().with_rewrites(Some(gix::diff::Rewrites::default()));
    let changes = repo
        .diff_tree_to_tree(Some(&parent_tree), Some(child_tree), Some(options))
        .map_err(|e| damaged(format!("the changes of the child of commit {parent}"), e))?;
    Ok(changes.into_iter().find_map(|change| match change {
        ChangeDetached::Rewrite { source_location, location, copy: false, .. } if &location == path => {
            Some(source_location)
        }
        _ => None,
    }))
}

/// The site folder relative to the repository's work tree (`""` when they are the same).
fn site_folder_in_repo(repo: &gix::Repository, site_root: &Path) -> Option<String> {
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let site = site_root.canonicalize().ok()?;
    slash_path(site.strip_prefix(&workdir).ok()?)
}

/// A relative path with `/` separators, as git stores it; `None` if it leaves its folder.
fn slash_path(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(name) => parts.push(name.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// A repository path relative to the site folder (with `../` if it was outside it then).
fn site_relative(site_in_repo: &str, repo_path: &str) -> String {
    if site_in_repo.is_empty() {
        return repo_path.to_string();
    }
    match repo_path.strip_prefix(site_in_repo).and_then(|rest| rest.strip_prefix('/')) {
        Some(inside) => inside.to_string(),
        None => format!("{}{repo_path}", "../".repeat(site_in_repo.split('/').count())),
    }
}

fn join_slash(folder: &str, path: &str) -> BString {
    if folder.is_empty() { path.into() } else { format!("{folder}/{path}").into() }
}

fn short_id(commit: &gix::Commit<'_>) -> String {
    match commit.short_id() {
        Ok(prefix) => prefix.to_string(),
        Err(_) => commit.id.to_hex_with_len(7).to_string(),
    }
}

/// The commit's date in the committer's own time zone, as `YYYY-MM-DD`.
fn commit_date(commit: &gix::Commit<'_>) -> String {
    let Ok(time) = commit.time() else { return String::new() };
    let Some(utc) = chrono::DateTime::from_timestamp(time.seconds, 0) else { return String::new() };
    match chrono::FixedOffset::east_opt(time.offset) {
        Some(zone) => utc.with_timezone(&zone).format("%Y-%m-%d").to_string(),
        None => utc.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_paths_are_made_relative_to_the_site_folder() {
        assert_eq!(site_relative("", "content/x.hi.md"), "content/x.hi.md");
        assert_eq!(site_relative("site", "site/content/x.hi.md"), "content/x.hi.md");
        assert_eq!(site_relative("site", "sitemap/x.hi.md"), "../sitemap/x.hi.md");
        assert_eq!(site_relative("a/site", "drafts/x.hi.md"), "../../drafts/x.hi.md");
        assert_eq!(slash_path(Path::new("./content/x.hi.md")).as_deref(), Some("content/x.hi.md"));
        assert_eq!(slash_path(Path::new("../x.hi.md")), None);
    }
}
