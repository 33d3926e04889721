//! One chain's four capability clients together, with the accounts that sign on it by name: what
//! the CLI and `tokenrail demo` drive, on a real network (each family's `deploy` module connects
//! one) or on a development chain (`tokenrail-devnet` starts one).

use std::any::Any;

use crate::Clock;

/// Named signers, in the order they were added.
#[derive(Clone, Debug)]
pub struct Named<S>(Vec<(String, S)>);

impl<S> Named<S> {
    /// The signer called `name`.
    pub fn get(&self, name: &str) -> Option<&S> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    /// The names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }

    /// `(name, signer)` pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &S)> {
        self.0.iter().map(|(n, s)| (n.as_str(), s))
    }

    /// One signer called `name`.
    pub fn one(name: &str, signer: S) -> Self {
        Named(vec![(name.to_string(), signer)])
    }
}

impl<S> FromIterator<(String, S)> for Named<S> {
    fn from_iter<I: IntoIterator<Item = (String, S)>>(iter: I) -> Self {
        Named(iter.into_iter().collect())
    }
}

/// One chain's four capability clients, all on the same chain (so on one clock), and the
/// accounts that sign as each client's signer type. The token exists once issued.
pub struct Suite<T, E, P, C, S, Q> {
    /// The asset token and its registry, once issued.
    pub token: Option<T>,
    /// The escrow contract, in the payment token.
    pub escrow: E,
    /// The payout contracts, in the payment token.
    pub payout: P,
    /// The channel contract, in the payment token.
    pub channel: C,
    /// The accounts as token, escrow and payout signers.
    pub signers: Named<S>,
    /// The accounts as channel parties (transaction signer and state key).
    pub parties: Named<Q>,
    /// What must live as long as the clients (an EVM suite's runtime, a development node) and
    /// what issuing needs (the stored token codes).
    keep: Vec<Box<dyn Any>>,
}

impl<T, E, P, C, S, Q> Suite<T, E, P, C, S, Q> {
    /// The suite of these clients and signers.
    pub fn new(escrow: E, payout: P, channel: C, signers: Named<S>, parties: Named<Q>) -> Self {
        Suite {
            token: None,
            escrow,
            payout,
            channel,
            signers,
            parties,
            keep: vec![],
        }
    }

    /// Keeps `value` alive as long as the suite (and findable by [`Self::kept`]).
    pub fn keep(&mut self, value: impl Any) {
        self.keep.push(Box::new(value));
    }

    /// The first kept value of type `K`.
    pub fn kept<K: Any>(&self) -> Option<&K> {
        self.keep.iter().find_map(|k| k.downcast_ref::<K>())
    }

    /// The first kept value of type `K`, mutably.
    pub fn kept_mut<K: Any>(&mut self) -> Option<&mut K> {
        self.keep.iter_mut().find_map(|k| k.downcast_mut::<K>())
    }

    /// The signer called `name`, or an error naming it.
    pub fn signer<Err: std::fmt::Debug + std::fmt::Display>(
        &self,
        name: &str,
    ) -> crate::Result<&S, Err> {
        self.signers
            .get(name)
            .ok_or_else(|| crate::ClientError::Chain(format!("no account `{name}`")))
    }
}

impl<T, E: Clock, P, C, S, Q> Suite<T, E, P, C, S, Q> {
    /// Moves the chain's clock forward by `seconds` (all four clients are on one chain).
    pub fn advance(&mut self, seconds: u64) -> Result<(), crate::LedgerError> {
        self.escrow.advance(seconds)
    }

    /// The chain's time.
    pub fn now(&mut self) -> Result<u64, crate::LedgerError> {
        self.escrow.now()
    }
}
