//! [`Credentials`]: who we are to a target. They never enter the database,
//! the target's URL or a log line: the CLI and tests give them in the
//! environment (`PIZHU_SYNC_USER` / `PIZHU_SYNC_PASSWORD`; for S3 the usual
//! `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`; the passphrase of an
//! encrypted target in `PIZHU_SYNC_PASSPHRASE`).

use crate::remote::{Location, TargetUrl};

/// A user name (S3: access key id) and password (S3: secret key).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// User name or access key id.
    pub user: Option<String>,
    /// Password or secret access key.
    pub password: Option<String>,
    /// The passphrase of an end-to-end encrypted target.
    pub passphrase: Option<String>,
}

impl std::fmt::Debug for Credentials {
    // A password never reaches a log through a `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("passphrase", &self.passphrase.as_ref().map(|_| "…"))
            .finish()
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Credentials {
    /// The credentials the environment gives for `url` (none for a folder).
    pub fn from_env(url: &TargetUrl) -> Credentials {
        let passphrase = var("PIZHU_SYNC_PASSPHRASE");
        match url.location {
            Location::Folder(_) => Credentials { passphrase, ..Credentials::default() },
            Location::Webdav { .. } => {
                Credentials { user: var("PIZHU_SYNC_USER"), password: var("PIZHU_SYNC_PASSWORD"), passphrase }
            }
            Location::S3 { .. } => Credentials {
                user: var("AWS_ACCESS_KEY_ID").or_else(|| var("PIZHU_SYNC_USER")),
                password: var("AWS_SECRET_ACCESS_KEY").or_else(|| var("PIZHU_SYNC_PASSWORD")),
                passphrase,
            },
        }
    }
}
