//! A ledger whose account numbers and amounts need all 64 bits: the router
//! picks the `bigint` policy (docs/wire.md, "64-bit integers"), so the page
//! sends and receives them as `BigInt`s, exactly.
//!
//! The Rust tests (`tests/tests/bigint.rs`) call its router directly; the
//! JavaScript tests (`tests/electron/bigint.test.js`) load it as a Node-API
//! addon behind the generated glue of `ipc-codegen/tests/fixtures/bigint`,
//! whose schema is this service's. Built by
//! `cargo run -p electron-ipc-codegen -- build-addon -p ipc-ledger-addon --out tests/ledger-addon/ipc_ledger_addon.node`.

use std::collections::BTreeMap;

use electron_ipc::schema::Int64;
use electron_ipc::{service, Context, Emitter, Router, Target};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An account's balance, in cents, with its history.
// Its fields are undocumented on purpose: ts-rs writes field docs into the
// declaration as JSDoc on lines of their own, which the golden files'
// formatter check (Biome) would lay out otherwise.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Balance {
    pub account: u64,
    pub cents: i64,
    pub by_day: BTreeMap<u64, i64>,
    pub count: u32,
}

/// One movement of money.
#[allow(missing_docs)] // As `Balance`'s fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Movement {
    pub id: u64,
    pub cents: i64,
    pub day: u32,
}

/// Why money did not move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub enum LedgerError {
    /// The account lacks this much, in cents.
    #[allow(missing_docs)] // As `Balance`'s fields.
    Overdrawn { short_by: u64 },
}

/// Accounts whose numbers and amounts need all 64 bits.
#[service]
pub trait Ledger {
    /// The balance of `account`.
    fn balance(&self, account: u64) -> Balance;
    /// Takes `cents` out of `account`.
    fn withdraw(&self, ctx: &Context, account: u64, cents: i64) -> Result<(), LedgerError>;
    /// Four times the sum of the amounts (an `i128`).
    async fn total(&self, by_day: BTreeMap<u64, i64>) -> i128;
    /// A 32-bit count, a `number` under either policy.
    fn small(&self, count: u32) -> u32;
    /// The last `entries` movements: an answer made mostly of 64-bit
    /// integers, for the benchmark (their values stay within ±(2^53−1), so
    /// the `number` policy can answer them too).
    fn history(&self, entries: u32) -> Vec<Movement>;
    /// Money moved.
    #[ipc(event)]
    fn moved(account: u64, cents: i64);
    /// The balance of the last account withdrawn from, kept by main.
    #[ipc(state)]
    fn last_balance() -> Balance;
}

/// The books behind the ledger: fixed answers, so tests know them.
#[derive(Debug)]
pub struct Books(pub LedgerEvents, pub LedgerStates);

/// A teller at the counter, served by the app's main-process JavaScript
/// (`registerIpc({ handlers })`): Rust only checks what crosses, in both
/// directions, and under the `bigint` policy hands the handlers `BigInt`s.
#[service(implemented_in = "main-js")]
pub trait Teller {
    /// Deposits `cents` into `account`: the movement, or why not.
    fn deposit(&self, account: u64, cents: i64) -> Result<Movement, LedgerError>;
    /// The movements of `by_day`, counted at once (a blocking call).
    #[ipc(sync)]
    fn count(&self, by_day: BTreeMap<u64, i64>) -> u64;
    /// A note for the teller about `account`.
    #[ipc(send)]
    fn note(&self, account: u64);
    /// The teller counted `total` cents.
    #[ipc(event)]
    fn counted(total: i64, account: u64);
    /// The cash in the teller's drawer, in cents.
    #[ipc(state)]
    fn drawer() -> Balance;
}

/// Ticks of the ledger's clock: a stream of 64-bit integers. Served by
/// the addon but kept out of the golden schema (whose generator does not
/// emit streams yet); `tests/electron/bigint-streams.test.js` calls it
/// through a channel table of its own.
#[service]
pub trait Clock {
    /// `count` ticks from `start`, one a step.
    fn ticks(&self, start: u64, count: u32) -> electron_ipc::Stream<Movement>;
}

/// Receipts served by the app's main-process JavaScript, as a stream of
/// 64-bit integers (tests/electron/main-js-streams.test.js); kept out of
/// the golden schema.
#[service(implemented_in = "main-js")]
pub trait Receipts {
    /// The movements of `account`, as the handler yields them.
    fn movements(
        &self,
        account: u64,
    ) -> Result<electron_ipc::Stream<Movement, LedgerError>, LedgerError>;
}

/// The clock behind [`Clock`].
#[derive(Debug)]
pub struct Ticks;

impl Clock for Ticks {
    fn ticks(&self, start: u64, count: u32) -> electron_ipc::Stream<Movement> {
        electron_ipc::Stream::iter((0..count).map(move |i| Movement {
            id: start.wrapping_add(u64::from(i)),
            cents: i64::MIN + i64::from(i),
            day: i,
        }))
    }
}

impl Ledger for Books {
    fn balance(&self, account: u64) -> Balance {
        Balance {
            account,
            cents: i64::MIN,
            by_day: BTreeMap::from([(u64::MAX, -1), (7, 1)]),
            count: 2,
        }
    }

    fn withdraw(&self, ctx: &Context, account: u64, cents: i64) -> Result<(), LedgerError> {
        let target = Target::caller(ctx).unwrap_or(Target::All);
        // Nobody connected (a Rust test without a sink) is not the caller's
        // problem: the answer is the same.
        let _ = self.0.moved(target, &account, &cents);
        let _ = self.1.last_balance.update(|balance| {
            balance.account = account;
            balance.cents = cents;
            balance.count += 1;
        });
        Err(LedgerError::Overdrawn { short_by: u64::MAX })
    }

    async fn total(&self, by_day: BTreeMap<u64, i64>) -> i128 {
        by_day
            .values()
            .map(|&cents| i128::from(cents))
            .sum::<i128>()
            * 4
    }

    fn small(&self, count: u32) -> u32 {
        count
    }

    fn history(&self, entries: u32) -> Vec<Movement> {
        (0..entries)
            .map(|i| Movement {
                id: 4_503_599_627_370_496 + u64::from(i) * 7_919,
                cents: -1_000_000_000_000 * i64::from(i % 1_000) - 17,
                day: 20_000 + i / 100,
            })
            .collect()
    }
}

/// The ledger under `policy`, its events and states through `emitter`,
/// with the teller's argument checks and the clock.
pub fn router_with(policy: Int64, emitter: Emitter) -> Router {
    // The policy first: the states publish their first value as they are
    // created, under the emitter's policy.
    let router = Router::new().with_emitter(emitter.clone()).int64(policy);
    let states = LedgerStates::new(
        router.emitter(),
        Balance {
            account: u64::MAX,
            cents: i64::MIN,
            by_day: BTreeMap::from([(u64::MAX, i64::MAX)]),
            count: 0,
        },
    );
    router
        .service(LedgerService::new(Books(
            LedgerEvents::new(emitter),
            states,
        )))
        .service(TellerService::new())
        .service(ClockService::new(Ticks))
        .service(ReceiptsService::new())
}

/// What the addon serves: the ledger under the `bigint` policy, or under
/// `number` when the environment variable `IPC_LEDGER_INT64` is `number`
/// when the addon is loaded (the baseline of `benches/bridge/bigint.js`).
pub fn router() -> Router {
    let policy = match std::env::var("IPC_LEDGER_INT64").as_deref() {
        Ok("number") => Int64::Number,
        _ => Int64::BigInt,
    };
    router_with(policy, Emitter::new())
}

electron_ipc::node_addon!(router);
