//! The mail adapter of the application layer's [`MailTransport`] port: SMTP through `lettre`
//! when `mail.smtp_url` is set, otherwise `.eml` files in a folder (so that a developer's
//! `cargo run` needs no mail server, and the mails can be read in any mail program).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{FileTransport, SmtpTransport, Transport};
use secrecy::{ExposeSecret, SecretString};
use storegister_app::{Mail, MailError, MailTransport};

/// Why the mail transport could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    /// `mail.from` is not an address.
    #[error("mail.from is not a mail address such as \"Acme Storage <no-reply@acme.example>\"")]
    From(#[source] lettre::address::AddressError),
    /// `mail.smtp_url` is not an SMTP URL lettre understands.
    #[error("mail.smtp_url is not an SMTP URL such as smtps://user:pass@smtp.example.com")]
    SmtpUrl(#[source] lettre::transport::smtp::Error),
    /// The mail folder cannot be created.
    #[error("cannot create the mail folder {0}")]
    Folder(PathBuf, #[source] std::io::Error),
}

enum Delivery {
    Smtp(SmtpTransport),
    Files(FileTransport, PathBuf),
}

/// Sends mails over SMTP, or writes them into a folder; cheap to clone.
#[derive(Clone)]
pub struct LettreTransport {
    delivery: Arc<Delivery>,
    from: Mailbox,
}

impl std::fmt::Debug for LettreTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &*self.delivery {
            Delivery::Smtp(_) => "smtp",
            Delivery::Files(..) => "files",
        };
        f.debug_struct("LettreTransport")
            .field("delivery", &kind)
            .finish_non_exhaustive()
    }
}

impl LettreTransport {
    /// SMTP to the server at `url` (`smtp://host:port`, `smtps://user:pass@host:port`); a plain
    /// `smtp://` URL without `tls=` upgrades with STARTTLS where the server offers it.
    pub fn smtp(url: &SecretString, from: &str) -> Result<Self, MailSetupError> {
        let url = url.expose_secret();
        let url = if url.starts_with("smtp://") && !url.contains("tls=") {
            let separator = if url.contains('?') { '&' } else { '?' };
            format!("{url}{separator}tls=opportunistic")
        } else {
            url.to_owned()
        };
        let transport = SmtpTransport::from_url(&url)
            .map_err(MailSetupError::SmtpUrl)?
            .build();
        Ok(Self {
            delivery: Arc::new(Delivery::Smtp(transport)),
            from: from.parse().map_err(MailSetupError::From)?,
        })
    }

    /// `.eml` files in `folder` (created if missing, readable by its owner only: the mails
    /// hold one-time codes).
    pub fn files(folder: &Path, from: &str) -> Result<Self, MailSetupError> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(folder)
            .map_err(|e| MailSetupError::Folder(folder.to_owned(), e))?;
        Ok(Self {
            delivery: Arc::new(Delivery::Files(
                FileTransport::new(folder),
                folder.to_owned(),
            )),
            from: from.parse().map_err(MailSetupError::From)?,
        })
    }

    fn message(&self, mail: &Mail) -> Result<Message, MailError> {
        let to: Mailbox = mail.to.parse().map_err(|e| MailError(Box::new(e)))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .message_id(Some(format!("<{}@storegister>", mail.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text.clone())
            .map_err(|e| MailError(Box::new(e)))
    }
}

impl MailTransport for LettreTransport {
    fn send(&self, mail: Mail) -> impl Future<Output = Result<(), MailError>> + Send {
        let delivery = Arc::clone(&self.delivery);
        let message = self.message(&mail);
        async move {
            let message = message?;
            let sent = tokio::task::spawn_blocking(move || match &*delivery {
                Delivery::Smtp(smtp) => smtp
                    .send(&message)
                    .map(drop)
                    .map_err(|e| MailError(Box::new(e))),
                Delivery::Files(files, folder) => {
                    let file = files.send(&message).map_err(|e| MailError(Box::new(e)))?;
                    // where, so that a developer can open it; never what it says
                    log::info!(
                        "mail {} written to {}",
                        mail.id,
                        folder.join(format!("{file}.eml")).display()
                    );
                    Ok(())
                }
            })
            .await;
            sent.map_err(|e| MailError(Box::new(e)))?
        }
    }
}

#[cfg(test)]
mod tests {
    use storegister_kernel::CompanyId;

    use super::*;

    fn mail(to: &str) -> Mail {
        Mail {
            id: uuid::Uuid::new_v4(),
            company_id: CompanyId::generate(),
            to: to.into(),
            subject: "Your code for Acme Storage".into(),
            text: "Your code:\n\n12345678\n".into(),
            created_at: chrono::Utc::now().naive_utc(),
        }
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn without_smtp_mails_are_eml_files() {
        let folder = tempfile::tempdir().unwrap();
        let transport =
            LettreTransport::files(folder.path(), "Acme <no-reply@acme.example>").unwrap();
        block_on(transport.send(mail("me@example.com"))).unwrap();
        let files: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|f| f.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].extension().unwrap(), "eml");
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert!(text.contains("To: me@example.com"), "{text}");
        assert!(text.contains("12345678"));
    }

    #[test]
    fn a_bad_recipient_or_sender_is_an_error_not_a_panic() {
        let folder = tempfile::tempdir().unwrap();
        let transport = LettreTransport::files(folder.path(), "no-reply@acme.example").unwrap();
        assert!(block_on(transport.send(mail("not an address"))).is_err());
        assert!(LettreTransport::files(folder.path(), "not an address").is_err());
        let url: SecretString = "http://example.com".into();
        assert!(LettreTransport::smtp(&url, "no-reply@acme.example").is_err());
    }
}
