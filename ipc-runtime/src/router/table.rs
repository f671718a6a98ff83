//! The channel table: the routes of a [`Router`](super::Router) by channel
//! name, looked up once per call.
//!
//! The table holds only the app's own channels, inserted when the router
//! is built: nothing a renderer sends is ever inserted, so it cannot build
//! colliding chains, only choose what to look up. It has two forms, chosen
//! when a route is added:
//!
//! - **Up to [`SLOTTED`] routes (most apps' tables): a perfect hash.** Each
//!   name maps to its own slot of an array at least twice as large as the
//!   square of the route count, under a mixing function whose seed is tried
//!   in turn, when the table is built, until no two of the table's names
//!   share a slot. A lookup mixes the name (at most two 8-byte words for
//!   a name of up to 16 bytes; every word of a longer one, so linear in its
//!   length), reads one slot and compares the name with the one route
//!   there, if any: one comparison, bounded by the length of that route's
//!   name, whatever the renderer sends. There is no probe sequence to aim
//!   at, so the seed need not be secret.
//! - **Larger tables, or the rare set of names no seed separates:
//!   hashbrown's `HashTable`** (the table behind std's `HashMap`), hashed
//!   with foldhash seeded at random per table. A lookup hashes the name
//!   once (linear in its length) and then compares it with at most the
//!   entries of the table's longest probe sequence, each comparison bounded
//!   by the length of that channel's name. Hash flooding needs a table that
//!   grows with what the attacker sends; this one cannot, so a fast keyed
//!   hash is enough, and the per-table random seed keeps the renderer from
//!   even aiming at the longest sequence. foldhash rather than SipHash: a
//!   few times faster on names this short.
//!
//! The perfect hash is the faster of the two on a call's path: no probe
//! loop, one load fewer, and a mix of two multiplications where foldhash
//! does more work per name.

use std::hash::{BuildHasher, Hasher as _};

use hashbrown::HashTable;

use super::Route;

/// The hasher of the larger tables: foldhash, seeded at random per table.
type Hasher = foldhash::fast::RandomState;

/// The largest table kept as a perfect hash. Its slot array is at least
/// `2 * SLOTTED²` bytes (8 KiB), and a random seed separates that many
/// names at the first try about three times in four.
const SLOTTED: usize = 64;

/// How many seeds are tried before a table falls back to hashbrown.
const SEEDS: u64 = 64;

/// The routes of one kind of channel, by name.
#[derive(Clone, Default)]
pub(super) struct Channels {
    /// Every route, in the order they were added.
    routes: Vec<Route>,
    index: Index,
}

/// How [`Channels`] finds a route's place in `routes`.
#[derive(Clone)]
enum Index {
    /// A perfect hash: `slots[mix(name, seed) >> shift]` is 0, or one more
    /// than the place of the only route whose name can be there.
    Slotted {
        slots: Box<[u8]>,
        seed: u64,
        shift: u32,
    },
    /// A hash table of places in `routes`.
    Hashed {
        table: HashTable<usize>,
        hasher: Hasher,
    },
}

impl Default for Index {
    fn default() -> Self {
        Index::Slotted {
            slots: Box::new([0, 0]),
            seed: 0,
            shift: 63,
        }
    }
}

impl Channels {
    /// The route of `channel`, if the table has one.
    #[inline]
    pub(super) fn get(&self, channel: &str) -> Option<&Route> {
        match &self.index {
            Index::Slotted { slots, seed, shift } => {
                let slot = mix(channel.as_bytes(), *seed) >> shift;
                // Always in range (`shift` leaves the bits of the slot
                // array's length), and 0 (empty) wraps to no place at all.
                let place = usize::from(*slots.get(slot as usize)?).wrapping_sub(1);
                let route = self.routes.get(place)?;
                same_name(route.channel, channel).then_some(route)
            }
            Index::Hashed { table, hasher } => {
                let hash = hash_name(hasher, channel);
                let routes = &self.routes;
                let place = table.find(hash, |&place| {
                    routes
                        .get(place)
                        .is_some_and(|route| same_name(route.channel, channel))
                })?;
                routes.get(*place)
            }
        }
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
        self.routes.push(route);
        match &mut self.index {
            Index::Hashed { table, hasher } => {
                let place = self.routes.len() - 1;
                let hash = hash_name(hasher, self.routes[place].channel);
                let routes = &self.routes;
                table.insert_unique(hash, place, |&place| {
                    hash_name(hasher, routes[place].channel)
                });
            }
            Index::Slotted { .. } => self.index = Index::build(&self.routes),
        }
        true
    }

    /// Every route, in the order they were added.
    pub(super) fn iter(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter()
    }

    /// Every route, taken out, in the order they were added.
    pub(super) fn into_routes(self) -> impl Iterator<Item = Route> {
        self.routes.into_iter()
    }

    /// Which form the table has: `true` for the perfect hash.
    #[cfg(test)]
    fn is_slotted(&self) -> bool {
        matches!(self.index, Index::Slotted { .. })
    }
}

impl Index {
    /// The index of `routes`: a perfect hash when they are few enough and a
    /// seed separates them, otherwise a hash table.
    fn build(routes: &[Route]) -> Index {
        if routes.len() <= SLOTTED {
            if let Some(index) = Index::slotted(routes) {
                return index;
            }
        }
        Index::hashed(routes)
    }

    /// The perfect hash of `routes`, if one of the seeds tried separates
    /// their names.
    fn slotted(routes: &[Route]) -> Option<Index> {
        // A power of two at least twice the square of the count: a random
        // seed then separates the names with a probability of about
        // e^(-1/4), so a few tries are enough.
        let bits = (2 * routes.len() * routes.len())
            .max(2)
            .next_power_of_two()
            .trailing_zeros();
        let shift = 64 - bits;
        let mut slots = vec![0u8; 1 << bits].into_boxed_slice();
        'seeds: for attempt in 0..SEEDS {
            let seed = seed_of(attempt);
            slots.fill(0);
            for (place, route) in routes.iter().enumerate() {
                let slot = &mut slots[(mix(route.channel.as_bytes(), seed) >> shift) as usize];
                if *slot != 0 {
                    continue 'seeds;
                }
                *slot = u8::try_from(place + 1).ok()?;
            }
            return Some(Index::Slotted { slots, seed, shift });
        }
        None
    }

    /// The hash table of `routes`.
    fn hashed(routes: &[Route]) -> Index {
        let hasher = Hasher::default();
        let mut table = HashTable::with_capacity(routes.len());
        for (place, route) in routes.iter().enumerate() {
            table.insert_unique(hash_name(&hasher, route.channel), place, |&place| {
                hash_name(&hasher, routes[place].channel)
            });
        }
        Index::Hashed { table, hasher }
    }
}

/// The `attempt`-th seed of the perfect hash (splitmix64's sequence).
fn seed_of(attempt: u64) -> u64 {
    let mut z = attempt.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The perfect hash's mix of a channel name under `seed`; its high bits
/// choose the slot. Every byte of the name counts: a name of up to 16
/// bytes is read as two (overlapping) words, a longer one word by word.
#[inline]
fn mix(name: &[u8], seed: u64) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let (first, last) = match word_ends(name) {
        Some(words) => words,
        None => short_or_long(name, seed),
    };
    let h = (first ^ seed).wrapping_mul(K) ^ last ^ (name.len() as u64);
    (h ^ (h >> 29)).wrapping_mul(K)
}

/// [`mix`]'s two words for a name outside 8 to 16 bytes: the bytes of a
/// shorter one, or, for a longer one, every word but the last folded into
/// the first (the last is read as it is).
#[inline(never)]
fn short_or_long(name: &[u8], seed: u64) -> (u64, u64) {
    if name.len() < 8 {
        let mut word = [0u8; 8];
        word[..name.len()].copy_from_slice(name);
        return (u64::from_le_bytes(word), 0);
    }
    let mut first = seed;
    let (words, _) = name.as_chunks::<8>();
    for word in words {
        first = (first ^ u64::from_le_bytes(*word)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        first ^= first >> 31;
    }
    let last = name
        .last_chunk::<8>()
        .copied()
        .map_or(0, u64::from_le_bytes);
    (first, last)
}

/// The hash of a channel name for the larger tables: its bytes alone.
/// `Hash for str` adds a terminator byte, which keeps the strings of a
/// composite key apart; a key here is one name, and foldhash mixes the
/// length in.
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

    /// `count` names of every length the mix reads differently: short,
    /// 8 to 16 bytes, long, and long names alike but in their middle.
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
        for count in [0, 1, 2, 3, 4, 10, 33, SLOTTED, SLOTTED + 1, 300] {
            let names = names(count);
            let mut table = Channels::default();
            for (i, name) in names.iter().enumerate() {
                assert!(table.insert(route(name, i as u32)), "{name}");
            }
            assert_eq!(table.is_slotted(), count <= SLOTTED, "{count} routes");
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
    fn names_alike_but_in_their_middle_are_told_apart() {
        let a = "files:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let b = "files:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
        let names = [a.to_owned(), b.to_owned(), a.replacen("aaaa", "aaab", 2)];
        let mut table = Channels::default();
        for (i, name) in names.iter().enumerate() {
            assert!(table.insert(route(name, i as u32)));
        }
        assert!(table.is_slotted());
        for (i, name) in names.iter().enumerate() {
            assert_eq!(table.get(name).map(|route| route.method), Some(i as u32));
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
