//! The portal's background work, run by whoever serves it — the host binary or a vendor's own app — with one call:
//! settling unconfirmed payments and releasing expired checkouts, paying AutoPay invoices, delivering queued mail and
//! webhooks, and purging
//! expired sessions and records past their retention. Each job is safe on several processes at once.

use std::future::Future;
use std::time::Duration;

use super::{MailDelivery, Portal};

/// How often each background job runs.
#[derive(Debug, Clone)]
pub struct Background {
    /// How queued mail is delivered: an SMTP relay, or a folder of `.eml` files.
    pub mail: MailDelivery,
    /// Reconciliation of unconfirmed payments and release of expired checkouts (default: every minute).
    pub reconcile_every: Duration,
    /// Mail delivery (default: every 5 seconds).
    pub mail_every: Duration,
    /// Webhook delivery (default: every 2 seconds).
    pub webhooks_every: Duration,
    /// Purges of expired sessions and records past their retention (default: every 5 minutes).
    pub purge_every: Duration,
    /// AutoPay: paying what enrolled accounts owe today (default: every hour).
    pub autopay_every: Duration,
}

impl Background {
    /// The default schedule, delivering mail through `mail` (a folder path, or a [`MailDelivery`]).
    pub fn new(mail: impl Into<MailDelivery>) -> Background {
        Background {
            mail: mail.into(),
            reconcile_every: Duration::from_secs(60),
            mail_every: Duration::from_secs(5),
            webhooks_every: Duration::from_secs(2),
            purge_every: Duration::from_secs(300),
            autopay_every: Duration::from_secs(3600),
        }
    }
}

impl Portal {
    /// Runs the portal's background work on `schedule` until `shutdown` completes: every job once at start-up, then
    /// on its interval. Failures are logged and retried on the next tick. Spawn it beside the server:
    ///
    /// ```no_run
    /// # async fn run(portal: billfold::Portal) {
    /// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    /// let background = portal.clone();
    /// tokio::spawn(async move {
    ///     background
    ///         .run_background(billfold::web::Background::new("mail-outbox"), async {
    ///             let _ = stopped.await;
    ///         })
    ///         .await
    /// });
    /// // … serve `portal.router()`; on shutdown:
    /// let _ = stop.send(());
    /// # }
    /// ```
    pub async fn run_background(&self, schedule: Background, shutdown: impl Future<Output = ()>) {
        let jobs = async {
            tokio::join!(
                self.every(schedule.reconcile_every, |p| async move {
                    match p.reconcile_payments().await {
                        Ok(r) if r == Default::default() => {}
                        Ok(r) => tracing::info!(?r, "reconciled payments"),
                        Err(e) => tracing::warn!(error = %e, "payment reconciliation failed"),
                    }
                }),
                self.every(schedule.mail_every, |p| {
                    let delivery = schedule.mail.clone();
                    async move {
                        if let Err(e) = p.deliver_mail_with(&delivery).await {
                            tracing::warn!(error = %e, "mail delivery failed");
                        }
                    }
                }),
                self.every(schedule.webhooks_every, |p| async move {
                    match p.deliver_webhooks().await {
                        Ok(d) if d == Default::default() => {}
                        Ok(d) => tracing::info!(?d, "webhooks sent"),
                        Err(e) => tracing::warn!(error = %e, "webhook delivery failed"),
                    }
                }),
                self.every(schedule.autopay_every, |p| async move {
                    match p.run_autopay().await {
                        Ok(r) if r == Default::default() => {}
                        Ok(r) => tracing::info!(?r, "AutoPay ran"),
                        Err(e) => tracing::warn!(error = %e, "AutoPay failed"),
                    }
                }),
                self.every(schedule.purge_every, |p| async move {
                    match p.purge_expired_sessions().await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(sessions = n, "purged expired sessions"),
                        Err(e) => tracing::warn!(error = %e, "could not purge expired sessions"),
                    }
                    match p.purge_old_records().await {
                        Ok(p) if p == Default::default() => {}
                        Ok(p) => tracing::info!(?p, "purged records past their retention"),
                        Err(e) => tracing::warn!(error = %e, "could not purge old records"),
                    }
                }),
            )
        };
        tokio::select! {
            _ = jobs => {}
            () = shutdown => {}
        }
    }

    /// Runs `job` now and then every `period`, forever (a tick missed while a job ran is skipped, not queued).
    async fn every<F, Fut>(&self, period: Duration, job: F)
    where
        F: Fn(Portal) -> Fut,
        Fut: Future<Output = ()>,
    {
        let mut ticks = tokio::time::interval(period.max(Duration::from_millis(10)));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            ticks.tick().await;
            job(self.clone()).await;
        }
    }
}
