//! [`SyncError`]: the one error type of sync, one sentence each, in English
//! (`Display`) and Chinese ([`SyncError::zh`]).

use pizhu_store::StoreError;
use thiserror::Error;

/// Why a remote file is refused (the file's path goes with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// Not a Pizhu sync file, or cut short.
    Garbled,
    /// Its checksum does not match its contents.
    Checksum,
    /// Larger than a sync file may be, or unpacks larger.
    TooLarge,
    /// Its header names another device, sequence number or kind than its path.
    Misplaced,
    /// A record in it is not valid (an id that could be a path, a bad value, …).
    BadRecord(String),
    /// On an encrypted target, it cannot be decrypted with the target's key
    /// (tampered with, cut short, or put there by someone without the key).
    Undecryptable,
    /// On an encrypted target, it is not encrypted.
    NotEncrypted,
}

impl Damage {
    fn en(&self) -> String {
        match self {
            Damage::Garbled => "garbled or cut short".into(),
            Damage::Checksum => "checksum mismatch".into(),
            Damage::TooLarge => "too large".into(),
            Damage::Misplaced => "does not belong where it lies".into(),
            Damage::BadRecord(why) => format!("invalid record: {why}"),
            Damage::Undecryptable => "cannot be decrypted with this target's key".into(),
            Damage::NotEncrypted => "not encrypted, on an encrypted target".into(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Damage::Garbled => "内容不完整或已损坏".into(),
            Damage::Checksum => "校验不符".into(),
            Damage::TooLarge => "文件过大".into(),
            Damage::Misplaced => "与所在位置不符".into(),
            Damage::BadRecord(why) => format!("记录无效：{why}"),
            Damage::Undecryptable => "无法用此目标的密钥解密".into(),
            Damage::NotEncrypted => "在加密的目标上却未加密".into(),
        }
    }
}

/// Everything sync can refuse or fail at. A refused remote file changes
/// nothing in the local library.
#[derive(Debug, Error)]
pub enum SyncError {
    /// The target is not a folder path or a URL of a kind Pizhu reaches.
    #[error("{0:?} is not a sync target: give a folder path, file://…, webdav(s)://host/path or s3://bucket/prefix?endpoint=…")]
    BadUrl(String),
    /// A kind of target Pizhu cannot reach.
    #[error("{0}:// targets are not supported; use a folder, webdav(s):// or s3://")]
    Unsupported(String),
    /// A password was written into the target's address.
    #[error("do not put a password in the target's address: give it in the password field (CLI: PIZHU_SYNC_USER and PIZHU_SYNC_PASSWORD; S3: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")]
    PasswordInUrl,
    /// No target given and none remembered.
    #[error("no sync target yet: run `pizhu sync URL` once, then `pizhu sync` remembers it")]
    NoTarget,
    /// The passphrase does not open the target's key.
    #[error("wrong passphrase for this encrypted target; nothing was written")]
    WrongPassphrase,
    /// The target is encrypted and no passphrase was given.
    #[error("this sync target is encrypted: give its passphrase (CLI: PIZHU_SYNC_PASSPHRASE); nothing was changed")]
    NeedPassphrase,
    /// A passphrase was given for a target that is not encrypted.
    #[error("this sync target is not encrypted, so a passphrase cannot apply; to encrypt, sync to a new, empty target with the passphrase; nothing was written")]
    NotEncryptedTarget,
    /// The server refused the credentials (or gave none access).
    #[error("{target} refused the user name or password; nothing was changed")]
    Denied {
        /// The target's canonical address.
        target: String,
    },
    /// The server did not answer (offline, a wrong address, the server down).
    #[error("could not reach {target}: no network, a wrong address, or the server is down; nothing was changed")]
    Unreachable {
        /// The target's canonical address.
        target: String,
    },
    /// Reading or writing the target failed.
    #[error("could not reach the sync target ({path}): {message}")]
    Io {
        /// The file or folder on the target.
        path: String,
        /// What the storage said.
        message: String,
    },
    /// A remote file is garbled, truncated, misplaced or malicious.
    #[error("the file {file} on the sync target is damaged ({}); nothing in the local library was changed", .damage.en())]
    Damaged {
        /// Its path on the target.
        file: String,
        /// What is wrong with it.
        damage: Damage,
    },
    /// A remote file was written by a newer version of Pizhu.
    #[error("the sync target was written by a newer version of Pizhu ({file}); please update Pizhu; nothing in the local library was changed")]
    TooNew {
        /// Its path on the target.
        file: String,
    },
    /// The target is of the other kind: a study group where this reader's
    /// own library was meant, or the other way round.
    #[error("{target} is {}; nothing was changed", if *.group { "a study group's folder, not your own library's: join it as a group" } else { "your own library's sync folder, not a study group's: give the group another folder" })]
    WrongKind {
        /// The target's canonical address.
        target: String,
        /// Whether it is a group's.
        group: bool,
    },
    /// No reader name, or one a group cannot show.
    #[error("give your reader name for the group (1 to 40 characters): your notes show under it")]
    BadName,
    /// The system keychain could not keep or give the credentials.
    #[error("{0}; the credentials could not be kept or read there: type them again (kept until the app quits), or give them in PIZHU_SYNC_USER / PIZHU_SYNC_PASSWORD (S3: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")]
    Keychain(#[from] crate::secret::KeychainError),
    /// The local store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// The message in Chinese, the app's first language.
    pub fn zh(&self) -> String {
        match self {
            SyncError::BadUrl(url) => format!(
                "“{url}”不是同步目标：请给出文件夹路径、file://…、webdav(s)://主机/路径 或 s3://存储桶/前缀?endpoint=…"
            ),
            SyncError::Unsupported(scheme) => {
                format!("不支持 {scheme}:// 同步目标：请用文件夹、webdav(s):// 或 s3://")
            }
            SyncError::PasswordInUrl => "请不要把密码写进地址：请填在“密码”一栏（命令行：设置 PIZHU_SYNC_USER 和 PIZHU_SYNC_PASSWORD；S3：AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY）".into(),
            SyncError::NoTarget => "还没有同步目标：请先运行一次 pizhu sync 地址，之后 pizhu sync 会记住它".into(),
            SyncError::WrongPassphrase => "密码短语不对：没有写入任何内容。".into(),
            SyncError::NeedPassphrase => {
                "此同步目标已加密：请提供密码短语（命令行：PIZHU_SYNC_PASSPHRASE）；没有做任何改动。".into()
            }
            SyncError::NotEncryptedTarget => "此同步目标没有加密，密码短语用不上；如要加密，请带着密码短语同步到一个新的空目标；没有写入任何内容。".into(),
            SyncError::Denied { target } => format!("{target} 拒绝了用户名或密码，没有做任何改动"),
            SyncError::Unreachable { target } => {
                format!("连接不上 {target}：网络断开、地址不对或服务器未开；没有做任何改动")
            }
            SyncError::Io { path, message } => format!("无法访问同步目标（{path}）：{message}"),
            SyncError::Damaged { file, damage } => {
                format!("同步目标中的 {file} 已损坏（{}），本地书库没有任何改动。", damage.zh())
            }
            SyncError::TooNew { file } => {
                format!("同步目标由更新版本的批注写入（{file}），请先升级批注；本地书库没有任何改动。")
            }
            SyncError::WrongKind { target, group: true } => {
                format!("{target} 是学习小组的共享位置，不是“我的同步库”：请以小组身份加入；没有做任何改动")
            }
            SyncError::WrongKind { target, group: false } => {
                format!("{target} 是“我的同步库”，不是学习小组的共享位置：请给小组另用一个位置；没有做任何改动")
            }
            SyncError::BadName => "请填写你在小组里的名字（1 至 40 个字）：你的批注会署这个名字".into(),
            SyncError::Keychain(e) => format!(
                "系统钥匙串不可用（{}），凭据无法在那里保存或读取：请重新输入（保留到退出批注为止），或用 PIZHU_SYNC_USER / PIZHU_SYNC_PASSWORD（S3：AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY）提供",
                e.0
            ),
            SyncError::Store(e) => e.zh(),
        }
    }

    /// A refusal of `file` for `damage`.
    pub(crate) fn damaged(file: &str, damage: Damage) -> SyncError {
        SyncError::Damaged { file: file.to_owned(), damage }
    }
}
