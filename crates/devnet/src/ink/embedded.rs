//! The SDK's ink! seam ([`InkBackend`]) on the devnet's pallet-contracts sandbox. Every client of
//! a devnet holds a handle on the same sandbox, so they share contracts, balances and one clock.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use sp_core::crypto::AccountId32;
use tokenrail_sdk::ink::{CallOutcome, InkBackend, InkCode};
use tokenrail_sdk::LedgerError;

use super::sandbox::Chain;

/// The embedded sandbox as a ledger backend; clones share the sandbox.
#[derive(Clone)]
pub struct EmbeddedSandbox(Rc<RefCell<Chain>>);

impl EmbeddedSandbox {
    /// The backend on `chain`.
    pub fn new(chain: Chain) -> Self {
        EmbeddedSandbox(Rc::new(RefCell::new(chain)))
    }

    /// Runs `f` on the sandbox (for what the seam does not cover: minting native balance).
    pub fn with<R>(&self, f: impl FnOnce(&mut Chain) -> R) -> R {
        f(&mut self.0.borrow_mut())
    }
}

impl InkBackend for EmbeddedSandbox {
    fn call(
        &mut self,
        contract: &AccountId32,
        data: Vec<u8>,
        caller: &AccountId32,
        value: u128,
    ) -> Result<CallOutcome, LedgerError> {
        Ok(self.with(|c| c.call_raw(contract, data, caller, value))?)
    }

    /// A read-only message writes nothing: the sandbox just runs it.
    fn query(
        &mut self,
        contract: &AccountId32,
        data: Vec<u8>,
        reader: &AccountId32,
    ) -> Result<CallOutcome, LedgerError> {
        Ok(self.with(|c| c.call_raw(contract, data, reader, 0))?)
    }

    fn deploy(
        &mut self,
        code: InkCode,
        ctor: Vec<u8>,
        deployer: &AccountId32,
    ) -> Result<AccountId32, LedgerError> {
        let (contract, _) = self.with(|c| match code {
            InkCode::Wasm(wasm) => c.deploy_raw(wasm, ctor, deployer),
            InkCode::Stored(hash) => c.instantiate_raw(hash, ctor, deployer),
        })?;
        Ok(contract)
    }

    fn upload(&mut self, wasm: Vec<u8>, who: &AccountId32) -> Result<[u8; 32], LedgerError> {
        Ok(self.with(|c| c.upload(wasm, who))?)
    }

    fn free_balance(&mut self, who: &AccountId32) -> Result<u128, LedgerError> {
        Ok(self.with(|c| c.free_balance(who)))
    }

    fn now_ms(&mut self) -> Result<u64, LedgerError> {
        Ok(self.with(|c| c.timestamp_ms()))
    }

    fn advance(&mut self, seconds: u64) -> Result<(), LedgerError> {
        self.with(|c| {
            let now = c.timestamp_ms();
            c.set_timestamp_ms(now + seconds * 1000);
        });
        Ok(())
    }

    fn network(&mut self) -> [u8; 32] {
        self.with(|c| c.genesis_hash())
    }

    fn sibling(&self) -> Result<Box<dyn InkBackend>, LedgerError> {
        Ok(Box::new(self.clone()))
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
