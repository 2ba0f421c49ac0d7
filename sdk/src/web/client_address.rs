//! The client's address, for the sign-in throttle: the socket's peer (the host serves with `ConnectInfo`), or the
//! nearest untrusted address in `X-Forwarded-For` when the peer is one of the configured trusted proxies. Unknown
//! (an embedding app that serves without `ConnectInfo`) means the throttle counts per email only.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use super::error::WebError;
use super::PortalState;

/// The client's address, if it is known.
pub(crate) struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<Arc<PortalState>> for ClientAddress {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<PortalState>,
    ) -> Result<Self, WebError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddress(peer.map(|peer| {
            client_of(peer, forwarded(parts), &state.trusted_proxies)
        })))
    }
}

fn forwarded(parts: &Parts) -> Vec<IpAddr> {
    parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect()
}

/// Walks back from the peer through trusted proxies: the first address not among them is the client.
fn client_of(peer: IpAddr, forwarded: Vec<IpAddr>, trusted: &[IpAddr]) -> IpAddr {
    let mut client = peer;
    for hop in forwarded.into_iter().rev() {
        if !trusted.contains(&client) {
            break;
        }
        client = hop;
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trusted_proxies_may_name_the_client() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        let proxy = ip("10.0.0.1");
        let forged = vec![ip("6.6.6.6"), ip("203.0.113.9")];
        assert_eq!(
            client_of(ip("198.51.100.7"), forged.clone(), &[proxy]),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_of(proxy, forged.clone(), &[proxy]),
            ip("203.0.113.9")
        );
        assert_eq!(client_of(proxy, vec![], &[proxy]), proxy);
    }
}
