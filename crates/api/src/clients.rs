//! Per-client limits on the password endpoints (login, register).
//!
//! The API key is public, so anyone may call them; the per-user-name attempt limit stops
//! guessing one account's password, these stop one client from spending everybody's: a
//! request budget per client (GCRA, from the `governor` crate: an average per minute with a
//! burst), and a cap on the password checks one client may have waiting or running, so that no
//! single client fills the hashing queue. Both are per process (a client's requests spread
//! over several processes get each process's budget), as the design allows for request limits.
//!
//! The client is the connection's peer, or, when the peer is a trusted proxy
//! (`server.trusted_proxies`), the address that proxy put in `X-Forwarded-For`: the
//! right-most one that is not itself a trusted proxy, since a client can put anything on the
//! left.

use std::collections::HashMap;
use std::future::Ready;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;

use crate::error::ApiError;
use crate::state::AppState;

/// The limits, shared by a process's workers.
pub struct ClientLimits {
    trusted: Vec<IpNet>,
    budget: Option<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
    checks: Arc<Checks>,
}

/// Password checks in flight, per client.
struct Checks {
    cap: usize,
    by_client: Mutex<HashMap<IpAddr, usize>>,
}

/// How the limits are set.
#[derive(Clone, Debug, Default)]
pub struct ClientLimitSettings {
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Requests per minute per client, on average; 0: no budget.
    pub per_minute: u32,
    /// Requests at once before the average applies (at least 1 when the budget is on).
    pub burst: u32,
    /// Password checks in flight per client; 0: no cap.
    pub password_checks: usize,
}

impl ClientLimits {
    /// The limits as configured.
    pub fn new(settings: ClientLimitSettings) -> Self {
        let budget = NonZeroU32::new(settings.per_minute).map(|per_minute| {
            let burst = NonZeroU32::new(settings.burst).unwrap_or(NonZeroU32::MIN);
            RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst))
        });
        Self {
            trusted: settings.trusted_proxies,
            budget,
            clock: DefaultClock::default(),
            checks: Arc::new(Checks {
                cap: settings.password_checks,
                by_client: Mutex::new(HashMap::new()),
            }),
        }
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.trusted.iter().any(|net| net.contains(&address))
    }

    /// The client a request comes from; `None` when the connection has no peer address (a
    /// test request without one).
    pub fn client(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if !self.trusts(peer) {
            return Some(peer);
        }
        let forwarded = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|entry| entry.trim().parse::<IpAddr>())
            .collect::<Vec<_>>();
        // walk from the proxy that reached us back towards the client; an unreadable entry
        // ends the walk at the last address a trusted proxy vouched for
        let mut client = peer;
        for entry in forwarded.into_iter().rev() {
            let Ok(address) = entry else { break };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        Some(client)
    }

    /// Admits a request to a password endpoint: within the client's budget, and below its cap
    /// of password checks in flight. The returned guard holds the client's place until the
    /// request ends.
    pub fn admit(&self, client: IpAddr) -> Result<PasswordClient, ApiError> {
        // the cap first: a request it refuses spends none of the budget
        let place = self.hold_place(client)?;
        if let Some(budget) = &self.budget
            && let Err(not_until) = budget.check_key(&client)
        {
            let wait = not_until.wait_time_from(self.clock.now());
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Err(ApiError::ClientTooManyRequests(seconds.max(1)));
        }
        Ok(place)
    }

    /// One of the client's places for a password check in flight, if it has one left.
    fn hold_place(&self, client: IpAddr) -> Result<PasswordClient, ApiError> {
        let checks = &self.checks;
        if checks.cap == 0 {
            return Ok(PasswordClient(None));
        }
        let Ok(mut by_client) = checks.by_client.lock() else {
            return Ok(PasswordClient(None));
        };
        let in_flight = by_client.entry(client).or_insert(0);
        if *in_flight >= checks.cap {
            return Err(ApiError::ClientTooManyRequests(1));
        }
        *in_flight += 1;
        Ok(PasswordClient(Some((Arc::clone(checks), client))))
    }

    /// Forgets the budgets of clients that have not been seen for a while (their state would
    /// be the same as a new client's), so that the table holds recent clients only.
    pub fn forget_idle(&self) {
        if let Some(budget) = &self.budget {
            budget.retain_recent();
            budget.shrink_to_fit();
        }
    }
}

/// A request admitted to a password endpoint; its client's place is freed when dropped.
pub struct PasswordClient(Option<(Arc<Checks>, IpAddr)>);

impl Drop for PasswordClient {
    fn drop(&mut self) {
        let Some((checks, client)) = self.0.take() else {
            return;
        };
        if let Ok(mut by_client) = checks.by_client.lock()
            && let Some(in_flight) = by_client.get_mut(&client)
        {
            *in_flight = in_flight.saturating_sub(1);
            if *in_flight == 0 {
                by_client.remove(&client);
            }
        }
    }
}

/// Extracted first by the password endpoints, before the body is read: refuses a client over
/// its limits with 429 `TOO_MANY_REQUESTS` and `Retry-After`.
impl FromRequest for PasswordClient {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let admitted = match req.app_data::<web::Data<AppState>>() {
            Some(state) => match state.clients.client(req) {
                Some(client) => state.clients.admit(client),
                None => Ok(PasswordClient(None)),
            },
            None => Err(ApiError::internal("application state missing")),
        };
        std::future::ready(admitted)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn limits(trusted: &[&str]) -> ClientLimits {
        ClientLimits::new(ClientLimitSettings {
            trusted_proxies: trusted.iter().map(|t| t.parse().unwrap()).collect(),
            per_minute: 30,
            burst: 2,
            password_checks: 1,
        })
    }

    fn from(peer: &str, forwarded: Option<&str>) -> HttpRequest {
        let mut request = TestRequest::default().peer_addr(peer.parse().unwrap());
        if let Some(forwarded) = forwarded {
            request = request.insert_header(("X-Forwarded-For", forwarded));
        }
        request.to_http_request()
    }

    #[test]
    fn the_client_is_the_peer_unless_the_peer_is_a_trusted_proxy() {
        let limits = limits(&["10.0.0.0/8"]);
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // a client cannot name itself
        assert_eq!(
            limits.client(&from("203.0.113.9:5000", Some("198.51.100.1"))),
            Some(ip("203.0.113.9"))
        );
        // through a trusted proxy: the right-most untrusted address
        assert_eq!(
            limits.client(&from(
                "10.0.0.2:5000",
                Some("1.2.3.4, 198.51.100.7, 10.0.0.5")
            )),
            Some(ip("198.51.100.7"))
        );
        // a trusted proxy without the header, or with garbage, is its own client
        assert_eq!(
            limits.client(&from("10.0.0.2:5000", None)),
            Some(ip("10.0.0.2"))
        );
        assert_eq!(
            limits.client(&from("10.0.0.2:5000", Some("not an address"))),
            Some(ip("10.0.0.2"))
        );
    }

    #[test]
    fn a_client_gets_its_burst_then_waits_and_holds_at_most_its_checks() {
        let limits = limits(&[]);
        let (a, b): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        let first = limits.admit(a).unwrap();
        // the cap of one check in flight, which spends no budget
        assert!(matches!(
            limits.admit(a),
            Err(ApiError::ClientTooManyRequests(1))
        ));
        drop(first);
        drop(limits.admit(a).unwrap());
        // the burst of two is spent: at 30 a minute the next is two seconds away
        match limits.admit(a) {
            Err(ApiError::ClientTooManyRequests(seconds)) => assert_eq!(seconds, 2),
            Ok(_) => panic!("over budget"),
            Err(other) => panic!("{other:?}"),
        }
        // another client is not concerned
        assert!(limits.admit(b).is_ok());
    }
}
