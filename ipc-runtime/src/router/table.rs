//! The channel table: the routes of a [`Router`](super::Router) by channel
//! name, looked up once per call.
//!
//! A hash table (hashbrown's `HashTable`, the table behind std's
//! `HashMap`) keyed by the name each route holds, hashed with foldhash.
//!
//! The name comes from the renderer, so the lookup's worst case matters.
//! The table holds only the app's own channels, inserted when the router is
//! built: nothing a renderer sends is ever inserted, so it cannot build
//! colliding chains, only choose what to look up. A lookup hashes the name
//! once (linear in its length) and then compares it with at most the
//! entries of the table's longest probe sequence, each comparison bounded
//! by the length of that channel's name. Hash flooding needs a table that
//! grows with what the attacker sends; this one cannot, so a fast keyed
//! hash is enough, and the per-table random seed keeps the renderer from
//! even aiming at the longest sequence. foldhash rather than SipHash: a
//! few times faster on names this short.

use std::hash::{BuildHasher, Hasher as _};

use hashbrown::HashTable;

use super::Route;

/// The hasher: foldhash, seeded at random per table.
type Hasher = foldhash::fast::RandomState;

/// The routes of one kind of channel, by name.
#[derive(Clone, Default)]
pub(super) struct Channels {
    table: HashTable<Route>,
    hasher: Hasher,
}

impl Channels {
    /// The route of `channel`, if the table has one.
    #[inline]
    pub(super) fn get(&self, channel: &str) -> Option<&Route> {
        let hash = self.hash(channel);
        self.table
            .find(hash, |route| same_name(route.channel, channel))
    }

    /// Whether the table has a route for `channel`.
    pub(super) fn contains(&self, channel: &str) -> bool {
        self.get(channel).is_some()
    }

    /// Adds `route`, unless the table has one for its channel already:
    /// answers whether it was added.
    pub(super) fn insert(&mut self, route: Route) -> bool {
        if self.contains(route.channel) {
            return false;
        }
        let hash = self.hash(route.channel);
        let hasher = &self.hasher;
        self.table
            .insert_unique(hash, route, |route| hash_name(hasher, route.channel));
        true
    }

    /// Every route, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &Route> {
        self.table.iter()
    }

    /// Every route, taken out, in no particular order.
    pub(super) fn into_routes(self) -> impl Iterator<Item = Route> {
        self.table.into_iter()
    }

    #[inline]
    fn hash(&self, channel: &str) -> u64 {
        hash_name(&self.hasher, channel)
    }
}

/// The hash of a channel name: its bytes alone. `Hash for str` adds a
/// terminator byte, which keeps the strings of a composite key apart; a
/// key here is one name, and foldhash mixes the length in.
#[inline]
fn hash_name(hasher: &Hasher, channel: &str) -> u64 {
    let mut state = hasher.build_hasher();
    state.write(channel.as_bytes());
    state.finish()
}

/// Whether two channel names are the same: the comparison of the lookup.
///
/// Names of 8 to 16 bytes (most channels: `todos:add`, `files:readText`)
/// are compared as two overlapping 8-byte words, in line; others as
/// slices. The same answer as `a == b`, without a call to `memcmp` on the
/// path of every call.
#[inline]
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    match (word_ends(a), word_ends(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// The first and the last 8 bytes of a name of 8 to 16 bytes, which
/// together cover it.
#[inline]
fn word_ends(name: &[u8]) -> Option<(u64, u64)> {
    if !(8..=16).contains(&name.len()) {
        return None;
    }
    let first: [u8; 8] = name.first_chunk::<8>().copied()?;
    let last: [u8; 8] = name.last_chunk::<8>().copied()?;
    Some((u64::from_ne_bytes(first), u64::from_ne_bytes(last)))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::args::Args;
    use crate::context::Context;
    use crate::schema::{ServiceSchema, TypeRegistry};
    use crate::service::{ChannelDef, Reply, Service};

    /// A service the table's tests route to and never call.
    struct Unused;

    impl Service for Unused {
        const NAMESPACE: &'static str = "t";
        const CHANNELS: &'static [ChannelDef] = &[];
        fn describe(_: &mut TypeRegistry) -> ServiceSchema {
            unreachable!("the table's tests describe nothing")
        }
        fn call(&self, _: u32, _: Args<'_>, _: Context) -> Reply {
            unreachable!("the table's tests call nothing")
        }
    }

    fn route(channel: &str, method: u32) -> Route {
        Route {
            service: Arc::new(Unused),
            channel: Box::leak(channel.to_owned().into_boxed_str()),
            method,
            params: &[],
            stream: false,
        }
    }

    /// `count` names of every length the lookup treats differently: short,
    /// 8 to 16 bytes (compared as two words), long, and long names alike
    /// but in their middle.
    fn names(count: usize) -> Vec<String> {
        (0..count)
            .map(|i| match i % 4 {
                0 => format!("a{i}"),
                1 => format!("todos:m{i}"),
                2 => format!("files:{i}:a-rather-long-name-of-a-method"),
                _ => format!("files:aaaaaaaaaaaaaaaaaaaaa{i:04}bbbbbbbbbbbbbbbbbbbbbbb"),
            })
            .collect()
    }

    #[test]
    fn every_route_is_found_and_nothing_else() {
        for count in [0, 1, 2, 3, 4, 10, 33, 64, 65, 300] {
            let names = names(count);
            let mut table = Channels::default();
            for (i, name) in names.iter().enumerate() {
                assert!(table.insert(route(name, i as u32)), "{name}");
            }
            for (i, name) in names.iter().enumerate() {
                let found = table.get(name).map(|route| route.method);
                assert_eq!(found, Some(i as u32), "{name} among {count}");
                // The same name again is refused.
                assert!(!table.insert(route(name, 0)), "{name} twice");
                // Near misses are not found (no name of the table holds `~`
                // or a capital).
                for miss in [
                    format!("{name}~"),
                    format!("{}~", &name[..name.len() - 1]),
                    format!("~{}", &name[1..]),
                    name.to_uppercase(),
                ] {
                    assert!(table.get(&miss).is_none(), "{miss:?} among {count}");
                }
            }
            let long = "x".repeat(100_000);
            for miss in ["", ":", "ä", "todos:", long.as_str()] {
                assert!(table.get(miss).is_none(), "{miss:?} among {count}");
            }
            assert_eq!(table.iter().count(), count);
        }
    }

    #[test]
    fn names_compare_as_strings_do() {
        let names = [
            "",
            "a",
            "todos:a",
            "todos:ab",
            "todos:add",
            "todos:adb",
            "todos:add1234567",
            "todos:add1234568",
            "uodos:add1234567",
            "todos:add12345678",
            "todos:add12345679",
            "ätodos:add",
        ];
        for a in names {
            for b in names {
                assert_eq!(same_name(a, b), a == b, "{a:?} against {b:?}");
            }
        }
    }
}
