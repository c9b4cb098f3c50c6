//! The local-folder adapter of the file storage port.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use storegister_app::{FileError, FileStore};

/// What went wrong with which file, and the operating system's reason.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {path}")]
struct FileFailure {
    action: &'static str,
    path: PathBuf,
    #[source]
    source: std::io::Error,
}

fn failure(action: &'static str, path: &Path, source: std::io::Error) -> FileError {
    FileError(Box::new(FileFailure {
        action,
        path: path.to_owned(),
        source,
    }))
}

/// Files in a folder on the local disk; keys are relative paths below it.
#[derive(Clone, Debug)]
pub struct LocalFileStore {
    root: PathBuf,
}

impl LocalFileStore {
    /// A store in `root`, created if missing.
    pub fn new(root: impl Into<PathBuf>) -> Result<Self, FileError> {
        let root = root.into();
        std::fs::create_dir_all(&root).map_err(|e| failure("create", &root, e))?;
        Ok(Self { root })
    }

    /// The folder files are stored in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Keys are ours (`profile-images/<uuid>`), but a key can never leave the folder.
    fn path(&self, key: &str) -> Result<PathBuf, FileError> {
        let safe = !key.is_empty()
            && key.split('/').all(|part| {
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            });
        if safe {
            Ok(self.root.join(key))
        } else {
            Err(FileError(format!("unsafe file key {key:?}").into()))
        }
    }
}

impl FileStore for LocalFileStore {
    fn put(&self, key: &str, bytes: &[u8]) -> Result<(), FileError> {
        let path = self.path(key)?;
        let failed = |e| failure("write", &path, e);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        // written under a temporary name and renamed, so a reader never sees half a file
        let partial = path.with_extension("partial");
        let mut file = std::fs::File::create(&partial).map_err(failed)?;
        file.write_all(bytes).map_err(failed)?;
        file.sync_all().map_err(failed)?;
        std::fs::rename(&partial, &path).map_err(failed)
    }

    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, FileError> {
        let path = self.path(key)?;
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(failure("read", &path, e)),
        }
    }

    fn delete(&self, key: &str) -> Result<(), FileError> {
        let path = self.path(key)?;
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(failure("remove", &path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_written_read_and_removed() {
        let folder =
            std::env::temp_dir().join(format!("storegister-files-{}", uuid::Uuid::new_v4()));
        let store = LocalFileStore::new(&folder).unwrap();
        store.put("profile-images/abc", b"bytes").unwrap();
        assert_eq!(
            store.get("profile-images/abc").unwrap().as_deref(),
            Some(&b"bytes"[..])
        );
        store.delete("profile-images/abc").unwrap();
        assert_eq!(store.get("profile-images/abc").unwrap(), None);
        store.delete("profile-images/abc").unwrap();
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn keys_cannot_escape_the_folder() {
        let store = LocalFileStore {
            root: PathBuf::from("/nonexistent"),
        };
        for key in [
            "../etc/passwd",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "",
            "a\\b",
            "a b",
        ] {
            assert!(store.get(key).is_err(), "{key}");
        }
    }
}
