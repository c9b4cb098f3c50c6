//! The mail outbox: queued mails are delivered to a real SMTP server, once even by two
//! processes, and nothing queued is lost by a restart or a failing server.

use actix_web::web;
use storegister_api::AppState;
use storegister_app::{Mail, MailOutbox};
use storegister_kernel::CompanyId;
use storegister_test_support::{Kind, TestDb, api_tests};
use uuid::Uuid;

use crate::helpers::TestApp;
use crate::mailbox::Mailbox;

fn mail(company: CompanyId, n: usize) -> Mail {
    Mail {
        id: Uuid::new_v4(),
        company_id: company,
        to: format!("tenant{n}@example.com"),
        subject: format!("Message {n}"),
        text: format!("Hello number {n}\n"),
        created_at: chrono::Utc::now().naive_utc(),
    }
}

/// Another API process on the same database, sending through `smtp_url`.
async fn process(app: &TestApp, smtp_url: &str) -> web::Data<AppState> {
    crate::helpers::process(app, &[("STOREGISTER__MAIL__SMTP_URL", smtp_url)]).await
}

fn unsent(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use storegister_persistence::schema::mail_outbox;
    mail_outbox::table
        .filter(mail_outbox::sent_at.is_null())
        .count()
        .get_result(app.repo().connection())
        .unwrap()
}

async fn two_processes_deliver_each_mail_once(db: TestDb) {
    let app = TestApp::new(db).await;
    let (mailbox, url) = Mailbox::start();
    let mut repo = app.repo();
    for n in 0..12 {
        repo.queue_mail(&mail(app.a.company, n)).unwrap();
    }
    drop(repo);
    let (one, two) = (process(&app, &url).await, process(&app, &url).await);
    let (a, b) = futures_util::future::join(one.mail.deliver_due(), two.mail.deliver_due()).await;
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 12);
    let messages = mailbox.wait_for(12);
    assert_eq!(messages.len(), 12, "each mail once");
    for n in 0..12 {
        let subject = format!("Subject: Message {n}");
        let with_it = messages
            .iter()
            .filter(|m| m.lines().any(|line| line.trim_end() == subject))
            .count();
        assert_eq!(with_it, 1, "message {n}: {messages:?}");
    }
    assert_eq!(unsent(&app), 0);
    // nothing more to send
    assert_eq!(one.mail.deliver_due().await.unwrap().sent, 0);
}

async fn a_restart_between_queueing_and_sending_loses_nothing(db: TestDb) {
    let app = TestApp::new(db).await;
    let (mailbox, url) = Mailbox::start();
    // queued by a process that then dies before its sender ran
    let dying = process(&app, &url).await;
    app.repo().queue_mail(&mail(app.a.company, 1)).unwrap();
    drop(dying);
    let restarted = process(&app, &url).await;
    assert_eq!(restarted.mail.deliver_due().await.unwrap().sent, 1);
    let messages = mailbox.wait_for(1);
    assert!(
        messages[0].contains("To: tenant1@example.com"),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("Hello number 1"));
}

async fn a_mail_the_server_refuses_is_retried_later(db: TestDb) {
    use diesel::connection::SimpleConnection;
    let app = TestApp::new(db).await;
    // nothing listens on this port any more
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("smtp://127.0.0.1:{}", listener.local_addr().unwrap().port())
    };
    app.repo().queue_mail(&mail(app.a.company, 7)).unwrap();
    let failing = process(&app, &closed).await;
    let delivered = failing.mail.deliver_due().await.unwrap();
    assert_eq!((delivered.sent, delivered.failed), (0, 1));
    // not due again at once
    assert_eq!(failing.mail.deliver_due().await.unwrap().failed, 0);
    assert_eq!(unsent(&app), 1);

    // once it is due again, a working server gets it
    let due_now = match app.db.kind {
        Kind::Sqlite => "UPDATE mail_outbox SET next_attempt_at = datetime('now', '-1 minute')",
        Kind::Postgres => "UPDATE mail_outbox SET next_attempt_at = now() - interval '1 minute'",
    };
    app.repo().connection().batch_execute(due_now).unwrap();
    let (mailbox, url) = Mailbox::start();
    let working = process(&app, &url).await;
    assert_eq!(working.mail.deliver_due().await.unwrap().sent, 1);
    assert_eq!(mailbox.wait_for(1).len(), 1);
    assert_eq!(unsent(&app), 0);
}

api_tests!(
    two_processes_deliver_each_mail_once,
    a_restart_between_queueing_and_sending_loses_nothing,
    a_mail_the_server_refuses_is_retried_later,
);
