//! HTTP to addresses a tenant chose (webhook endpoints). On a host shared by many tenants, such a URL must not reach
//! the host's own network — the database, a cloud metadata service, an admin port on loopback — so by default only
//! public addresses are allowed. The check happens where the connection is made: names are resolved by
//! [`PublicOnly`], which drops every non-public address (so a name that resolves differently the second time —
//! DNS rebinding — still can't reach inside), a URL with a literal IP is checked by [`check_url`], redirects are
//! not followed and proxies from the environment are not used.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// Which addresses outbound requests to tenant-chosen URLs may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AddressPolicy {
    /// Public internet addresses only (the default).
    #[default]
    PublicOnly,
    /// Any address, including loopback and private networks: for development and tests, or a host whose network
    /// is fenced off some other way.
    Any,
}

/// Why a URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("url must be an absolute http or https URL")]
    /// Not an absolute http(s) URL.
    NotHttp,
    #[error("url must point to a public internet address, not {0}")]
    /// A literal address that is not public.
    NotPublic(IpAddr),
    #[error("url's host {0:?} does not resolve to a public internet address")]
    /// A name that resolves to no public address.
    NoPublicAddress(String),
}

/// Checks what can be checked without DNS: the scheme, and a literal IP host (`localhost` names are refused as
/// well, since they can only mean this machine).
pub fn check_url(url: &reqwest::Url, policy: AddressPolicy) -> Result<(), AddressError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(AddressError::NotHttp);
    }
    let Some(host) = url.host_str() else {
        return Err(AddressError::NotHttp);
    };
    if policy == AddressPolicy::Any {
        return Ok(());
    }
    // The URL parser has already normalized IPv4 spellings (`0x7f000001`, `2130706433`) to dotted form.
    let Ok(ip) = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    else {
        let name = host.trim_end_matches('.').to_ascii_lowercase();
        if name == "localhost" || name.ends_with(".localhost") {
            return Err(AddressError::NotPublic(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        }
        return Ok(());
    };
    if is_public(ip) {
        Ok(())
    } else {
        Err(AddressError::NotPublic(ip))
    }
}

/// An HTTP client for tenant-chosen URLs under `policy`: no redirects, no proxies from the environment, and names
/// resolved to public addresses only unless the policy allows any.
pub fn client(policy: AddressPolicy) -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    let builder = match policy {
        AddressPolicy::PublicOnly => builder.dns_resolver(Arc::new(PublicOnly)),
        AddressPolicy::Any => builder,
    };
    builder.build().unwrap_or_default()
}

/// A resolver that keeps only public addresses, so the connection is made to an address that was checked.
pub struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(AddressError::NoPublicAddress(host)) as _);
            }
            Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Whether `ip` is a public internet address: not loopback, private, shared (CGNAT), link-local, multicast,
/// documentation, benchmarking, reserved or unspecified — and for IPv6 also not unique-local, and judged by the
/// IPv4 address inside IPv4-mapped, NAT64 and 6to4 forms.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0                                    // "this network"
        || a == 10                              // private
        || a == 127                             // loopback
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 169 && b == 254)               // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))  // private
        || (a == 192 && b == 0 && c == 0)       // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)       // documentation
        || (a == 192 && b == 88 && c == 99)     // 6to4 relay anycast
        || (a == 192 && b == 168)               // private
        || (a == 198 && (18..20).contains(&b))  // benchmarking
        || (a == 198 && b == 51 && c == 100)    // documentation
        || (a == 203 && b == 0 && c == 113)     // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return is_public_v4(Ipv4Addr::new(
            (s[6] >> 8) as u8,
            s[6] as u8,
            (s[7] >> 8) as u8,
            s[7] as u8,
        ));
    }
    // 6to4 (2002::/16) carries one in bits 16..48.
    if s[0] == 0x2002 {
        return is_public_v4(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || s[0..6] == [0, 0, 0, 0, 0, 0]    // IPv4-compatible (deprecated)
        || (s[0] & 0xfe00) == 0xfc00        // unique local
        || (s[0] & 0xffc0) == 0xfe80        // link-local
        || (s[0] & 0xffc0) == 0xfec0        // site-local (deprecated)
        || (s[0] & 0xff00) == 0xff00        // multicast
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || (s[0] == 0x2001 && s[1] < 0x0200) // IETF protocol assignments, Teredo
        || s[0] == 0x0100) // discard-only
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for inside in [
            "0.0.0.0",
            "10.1.2.3",
            "127.0.0.1",
            "100.64.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "192.0.2.10",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "2001::1",
            "::127.0.0.1",
        ] {
            assert!(!is_public(inside.parse().unwrap()), "{inside}");
        }
        for outside in [
            "1.1.1.1",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "192.169.0.1",
            "::ffff:8.8.8.8",
            "2606:4700:4700::1111",
            "2a00:1450:4001::1",
            "2002:808:808::",
        ] {
            assert!(is_public(outside.parse().unwrap()), "{outside}");
        }
    }

    #[tokio::test]
    async fn names_resolve_to_public_addresses_only() {
        use reqwest::dns::Resolve;
        // `localhost` is in every hosts file; it resolves, and nothing it resolves to is kept.
        let name: reqwest::dns::Name = "localhost".parse().unwrap();
        let refused = PublicOnly.resolve(name).await.err().expect("refused");
        assert!(
            refused.to_string().contains("public internet address"),
            "{refused}"
        );
        // And a client under the policy doesn't connect there.
        let client = client(AddressPolicy::PublicOnly);
        let error = client
            .get("http://localhost:9/")
            .send()
            .await
            .expect_err("refused");
        assert!(error.is_connect() || error.is_request(), "{error:?}");
    }

    #[test]
    fn urls_with_inside_hosts_are_refused_up_front() {
        let check =
            |u: &str| check_url(&reqwest::Url::parse(u).unwrap(), AddressPolicy::PublicOnly);
        assert!(check("https://hooks.example.com/billfold").is_ok());
        assert!(check("https://8.8.8.8/x").is_ok());
        for refused in [
            "http://127.0.0.1:8080/",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://0x7f000001/",
            "http://2130706433/",
            "http://localhost:5432/",
            "http://api.localhost/",
            "http://LOCALHOST./",
            "ftp://example.com/",
        ] {
            assert!(check(refused).is_err(), "{refused}");
        }
        let any = |u: &str| check_url(&reqwest::Url::parse(u).unwrap(), AddressPolicy::Any);
        assert!(any("http://127.0.0.1:8080/").is_ok());
        assert!(any("ftp://example.com/").is_err());
    }
}
