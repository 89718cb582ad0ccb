//! Which `Host` the development server answers: the address it listens on (on all
//! interfaces, any address of this machine it serves) or `localhost`, with its
//! port. A web page that points a DNS name of its own at this machine (DNS
//! rebinding) sends that name, so it is refused and cannot read the preview or
//! the desk. Also lists the addresses served, for the command to print.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::RwLock;

/// The addresses a listener serves, and the port every allowed `Host` must name.
#[derive(Debug)]
pub(crate) struct Listening {
    bound: SocketAddr,
    /// Canonical addresses (IPv4-mapped IPv6 as IPv4); looked up again when a request
    /// names an address not in it, as an interface may have gained one since.
    served: RwLock<Vec<IpAddr>>,
}

/// What a `Host` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Localhost,
    Address(IpAddr),
}

impl Listening {
    /// The listener bound at `bound`.
    pub(crate) fn new(bound: SocketAddr) -> Listening {
        Listening { bound, served: RwLock::new(served_addresses(bound.ip())) }
    }

    /// The port listened on.
    pub(crate) fn port(&self) -> u16 {
        self.bound.port()
    }

    /// Whether the listener serves other machines: it is not bound to a loopback address.
    pub(crate) fn is_exposed(&self) -> bool {
        !self.bound.ip().to_canonical().is_loopback()
    }

    /// The addresses served that a browser can be pointed at, loopback first.
    pub(crate) fn addresses(&self) -> Vec<IpAddr> {
        let mut shown: Vec<IpAddr> = self
            .served
            .read()
            .map(|s| s.clone())
            .unwrap_or_default()
            .into_iter()
            // An IPv6 link-local address needs its interface named in the URL, which browsers refuse.
            .filter(|ip| !matches!(ip, IpAddr::V6(v6) if v6.is_unicast_link_local()))
            .collect();
        shown.sort_by_key(|ip| (!ip.is_loopback(), ip.is_ipv6(), *ip));
        shown
    }

    /// Whether a request may be answered: exactly one `Host` header naming an allowed host
    /// and the port listened on, and no other authority in the request line.
    pub(crate) fn allows(&self, hosts: &[&[u8]], authority: Option<&str>) -> bool {
        let [host] = hosts else { return false };
        let Some(host) = std::str::from_utf8(host).ok() else { return false };
        [Some(host), authority].into_iter().flatten().all(|h| self.allows_host(h))
    }

    fn allows_host(&self, host: &str) -> bool {
        match parse_host(host) {
            Some((_, port)) if port != self.bound.port() => false,
            Some((Named::Localhost, _)) => true,
            Some((Named::Address(ip), _)) => {
                let ip = ip.to_canonical();
                if self.served.read().is_ok_and(|s| s.contains(&ip)) {
                    return true;
                }
                if !self.bound.ip().is_unspecified() {
                    return false;
                }
                let now = served_addresses(self.bound.ip());
                let found = now.contains(&ip);
                if let Ok(mut served) = self.served.write() {
                    *served = now;
                }
                found
            }
            None => false,
        }
    }
}

/// `Host` as `name[:port]` or `[ipv6][:port]`; the port is 80 when not given. Only
/// `localhost` and address literals are names at all; anything else is `None`.
fn parse_host(host: &str) -> Option<(Named, u16)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            let address: Ipv6Addr = inside.parse().ok()?;
            (Named::Address(IpAddr::V6(address)), after)
        }
        None => {
            let (name, port) = host.find(':').map_or((host, ""), |at| host.split_at(at));
            let named = if name.eq_ignore_ascii_case("localhost") {
                Named::Localhost
            } else {
                Named::Address(IpAddr::V4(name.parse().ok()?))
            };
            (named, port)
        }
    };
    let port = match port.strip_prefix(':') {
        None if port.is_empty() => 80,
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => digits.parse().ok()?,
        _ => return None,
    };
    Some((name, port))
}

/// The addresses a socket bound to `ip` accepts connections on, canonical.
fn served_addresses(ip: IpAddr) -> Vec<IpAddr> {
    if !ip.is_unspecified() {
        return vec![ip.to_canonical()];
    }
    // `::` also takes IPv4 connections where the system makes IPv6 sockets dual-stack.
    let with_v4 = ip.is_ipv4() || dual_stack();
    let mut found: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|interface| interface.ip().to_canonical())
        .filter(|a| if a.is_ipv4() { with_v4 } else { ip.is_ipv6() })
        .collect();
    // Loopback answers even where interfaces cannot be listed.
    found.extend(
        [IpAddr::from([127, 0, 0, 1]), IpAddr::V6(Ipv6Addr::LOCALHOST)]
            .into_iter()
            .filter(|a| if a.is_ipv4() { with_v4 } else { ip.is_ipv6() }),
    );
    found.sort();
    found.dedup();
    found
}

/// Whether an IPv6 socket bound to `::` also accepts IPv4: Linux says so in
/// `bindv6only`; Windows never does; the BSDs and macOS do by default.
fn dual_stack() -> bool {
    if cfg!(target_os = "linux") {
        std::fs::read_to_string("/proc/sys/net/ipv6/bindv6only").map(|v| v.trim() == "0").unwrap_or(true)
    } else {
        !cfg!(windows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listening(addr: &str) -> Listening {
        Listening::new(addr.parse().unwrap())
    }

    fn allows(l: &Listening, host: &str) -> bool {
        l.allows(&[host.as_bytes()], None)
    }

    #[test]
    fn loopback_answers_its_address_and_localhost_with_its_port_only() {
        let l = listening("127.0.0.1:1111");
        for host in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111"] {
            assert!(allows(&l, host), "{host}");
        }
        for host in [
            "127.0.0.1:1112",
            "127.0.0.1",
            "localhost",
            "127.0.0.1.nip.io:1111",
            "evil.example:1111",
            "localhost.:1111",
            "sub.localhost:1111",
            "[::1]:1111",
            "127.0.0.2:1111",
            "127.1:1111",
            "0x7f.0.0.1:1111",
            "127.0.0.1:+1111",
            "127.0.0.1:1111:1",
            "127.0.0.1:",
            "[::ffff:127.0.0.1]:1112",
            "",
        ] {
            assert!(!allows(&l, host), "{host}");
        }
        assert!(allows(&l, "[::ffff:127.0.0.1]:1111"), "the same address, IPv4-mapped");
        assert!(!l.allows(&[], None), "no Host");
        assert!(!l.allows(&[b"127.0.0.1:1111", b"127.0.0.1:1111"], None), "two Hosts");
        assert!(!l.allows(&[b"127.0.0.1:1111"], Some("evil.example:1111")), "another authority in the request line");
        assert!(!l.allows(&[b"127.0.0.1:1111\xff"], None), "not UTF-8");
        assert!(!l.is_exposed());
    }

    #[test]
    fn ipv6_loopback_and_port_80() {
        let l = listening("[::1]:80");
        for host in ["[::1]:80", "[::1]", "localhost", "localhost:80", "[0:0:0:0:0:0:0:1]:80"] {
            assert!(allows(&l, host), "{host}");
        }
        for host in ["127.0.0.1:80", "[::1]:8080", "[::1", "[fe80::1%25eth0]:80", "::1"] {
            assert!(!allows(&l, host), "{host}");
        }
        assert_eq!(l.addresses(), [IpAddr::V6(Ipv6Addr::LOCALHOST)]);
    }

    #[test]
    fn all_interfaces_answer_every_address_of_the_machine_and_nothing_else() {
        let l = listening("0.0.0.0:2222");
        assert!(l.is_exposed());
        let addresses = l.addresses();
        assert_eq!(addresses.first(), Some(&IpAddr::from([127, 0, 0, 1])), "{addresses:?}");
        for ip in &addresses {
            assert!(allows(&l, &format!("{ip}:2222")), "{ip}");
            assert!(!allows(&l, &format!("{ip}:2223")), "{ip}");
        }
        assert!(allows(&l, "localhost:2222"));
        assert!(!allows(&l, "203.0.113.9:2222"), "an address of another machine");
        assert!(!allows(&l, "attacker.example:2222"));
        assert!(!allows(&l, "0.0.0.0:2222"), "the wildcard is no address of the machine");
    }
}
