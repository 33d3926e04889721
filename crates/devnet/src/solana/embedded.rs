//! The SDK's Solana seam ([`SolanaBackend`]) on the devnet's program-test bank. Every client of
//! a devnet holds a handle on the same bank, so they share accounts and one clock.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use tokenrail_sdk::solana::{Account, SendError, Simulation, SolanaBackend};
use tokenrail_sdk::LedgerError;

use super::bank::{Chain, T0};

/// The embedded bank as a ledger backend; clones share the bank.
#[derive(Clone)]
pub struct EmbeddedBank(Rc<RefCell<Chain>>);

impl EmbeddedBank {
    /// The backend on `chain`.
    pub fn new(chain: Chain) -> Self {
        EmbeddedBank(Rc::new(RefCell::new(chain)))
    }

    /// Runs `f` on the bank (for what the seam does not cover: minting, reading raw state).
    pub fn with<R>(&self, f: impl FnOnce(&mut Chain) -> R) -> R {
        f(&mut self.0.borrow_mut())
    }
}

/// The network an embedded devnet's channel states bind: SHA-256 of
/// `tokenrail:solana:embedded-devnet`. program-test draws a new genesis on every boot, and a
/// devnet is one development network whatever its boot.
pub fn network() -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(b"tokenrail:solana:embedded-devnet").into()
}

/// A program-test error as the SDK's: a refusal is the transaction's error, anything else did
/// not get to run.
pub fn send_error(e: BanksClientError) -> SendError {
    match e {
        BanksClientError::TransactionError(e)
        | BanksClientError::SimulationError { err: e, .. } => SendError::Transaction(e),
        other => SendError::Rejected(other.to_string()),
    }
}

impl SolanaBackend for EmbeddedBank {
    fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), SendError> {
        self.with(|c| c.send(ixs, signers)).map_err(send_error)
    }

    fn simulate(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Simulation, LedgerError> {
        Ok(self.with(|c| c.simulate(ixs, signers)))
    }

    fn account(&mut self, key: &Pubkey) -> Result<Option<Account>, LedgerError> {
        self.with(|c| {
            c.rt.block_on(c.ctx.banks_client.get_account(*key))
                .map_err(|e| LedgerError::Rejected(e.to_string()))
        })
    }

    /// The first token account the bank created for `owner` in `mint`, else their associated
    /// token account, created now.
    fn token_account_of(&mut self, mint: Pubkey, _program: Pubkey, owner: &Pubkey) -> Pubkey {
        self.with(|c| c.token_account_of(mint, owner))
    }

    fn advance(&mut self, seconds: u64) -> Result<(), LedgerError> {
        self.with(|c| {
            let clock: anchor_lang::prelude::Clock =
                c.rt.block_on(c.ctx.banks_client.get_sysvar())
                    .map_err(|e| LedgerError::Rejected(format!("the clock sysvar: {e}")))?;
            let offset = u64::try_from(clock.unix_timestamp - T0)
                .map_err(|e| LedgerError::Rejected(format!("the clock's time: {e}")))?;
            c.set_time(offset + seconds);
            Ok(())
        })
    }

    fn network(&mut self) -> Result<[u8; 32], LedgerError> {
        Ok(network())
    }

    /// Derived from a counter, so the same steps create the same accounts.
    fn fresh_keypair(&mut self) -> Keypair {
        self.with(Chain::fresh_keypair)
    }

    fn sibling(&self) -> Option<Box<dyn SolanaBackend>> {
        Some(Box::new(self.clone()))
    }

    fn is_remote(&self) -> bool {
        false
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
