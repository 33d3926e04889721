//! Where the Solana clients' transactions go: the embedded bank (solana-program-test) or a
//! cluster's JSON-RPC node. The clients build the same instructions for both; only sending,
//! simulating, reading accounts and the clock differ.

// solana-program-test 3.x marks its whole API deprecated-as-unstable.
#![allow(deprecated)]

use std::time::Duration;

use anchor_lang::prelude::{Clock, Pubkey};
use anchor_lang::solana_program::instruction::Instruction;
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;
use solana_rpc_client_api::config::RpcSimulateTransactionConfig;
use tokenrail_solana_test_chain::solana_program_test::BanksClientError;
use tokenrail_solana_test_chain::Chain;

use super::{Keypair, Signer};

pub use solana_account::Account;
pub use solana_transaction_error::TransactionError;

/// A simulated transaction: its outcome, and the return data of the last instruction that set
/// any (how a read-only instruction such as a `can_transfer` dry run answers).
pub type Simulation = (Result<(), TransactionError>, Option<Vec<u8>>);

/// Why a transaction did not land.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The chain ran it and a program (or the runtime) refused.
    #[error("the transaction failed: {0}")]
    Transaction(TransactionError),
    /// It did not get to run: the node was unreachable, the blockhash expired, …
    #[error("{0}")]
    Transport(String),
}

impl SendError {
    /// The custom program error code, if a program refused with one.
    pub fn custom_code(&self) -> Option<u32> {
        use solana_instruction_error::InstructionError;
        match self {
            SendError::Transaction(TransactionError::InstructionError(
                _,
                InstructionError::Custom(code),
            )) => Some(*code),
            _ => None,
        }
    }
}

impl From<BanksClientError> for SendError {
    fn from(e: BanksClientError) -> Self {
        match e {
            BanksClientError::TransactionError(e)
            | BanksClientError::SimulationError { err: e, .. } => SendError::Transaction(e),
            other => SendError::Transport(other.to_string()),
        }
    }
}

/// How long a JSON-RPC request may take before the node counts as unreachable.
pub const RPC_TIMEOUT: Duration = Duration::from_secs(30);

/// A cluster reached over JSON-RPC, with the key that pays every fee.
pub struct RpcLedger {
    client: RpcClient,
    url: String,
    payer: Keypair,
    /// Associated token accounts to create (idempotently) ahead of the next transaction.
    pending: Vec<Instruction>,
    sent: u32,
}

impl RpcLedger {
    /// Connects to `url` (checking that it answers) with `payer` paying every fee.
    pub fn connect(url: &str, payer: Keypair) -> Result<Self, String> {
        let client = RpcClient::new_with_timeout_and_commitment(
            url.to_string(),
            RPC_TIMEOUT,
            CommitmentConfig::confirmed(),
        );
        client
            .get_version()
            .map_err(|e| format!("cannot reach {url} as a Solana node: {e}"))?;
        // Different from one process to the next, so two identical calls made by two runs of
        // the CLI within one blockhash are still two transactions.
        let sent = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_micros());
        Ok(RpcLedger {
            client,
            url: url.to_string(),
            payer,
            pending: vec![],
            sent,
        })
    }

    /// Another connection to the same endpoint with the same payer (for a second client).
    pub fn reconnect(&self) -> Self {
        RpcLedger {
            client: RpcClient::new_with_timeout_and_commitment(
                self.url.clone(),
                RPC_TIMEOUT,
                CommitmentConfig::confirmed(),
            ),
            url: self.url.clone(),
            payer: self.payer.insecure_clone(),
            pending: vec![],
            sent: self.sent.wrapping_add(10_000),
        }
    }

    /// Moves a development node's clock `seconds` forward, through the program-test front's
    /// own method ([`tokenrail_solana_test_chain::rpc::ADVANCE_CLOCK`]); a cluster refuses.
    pub fn advance(&mut self, seconds: u64) -> Result<(), String> {
        use solana_rpc_client_api::request::RpcRequest;
        let method = tokenrail_solana_test_chain::rpc::ADVANCE_CLOCK;
        self.client
            .send::<u64>(RpcRequest::Custom { method }, serde_json::json!([seconds]))
            .map(|_| ())
            .map_err(|e| {
                format!(
                    "{} keeps its own time: a cluster's clock cannot be moved ({e})",
                    self.url
                )
            })
    }

    /// The cluster's genesis hash (what tells one cluster from another).
    pub fn genesis_hash(&mut self) -> Result<String, String> {
        self.client
            .get_genesis_hash()
            .map(|h| h.to_string())
            .map_err(|e| format!("{}: {e}", self.url))
    }

    /// Whether an executable program is deployed at `id`.
    pub fn program(&mut self, id: &Pubkey) -> Result<bool, String> {
        Ok(self.account(id)?.is_some_and(|a| a.executable))
    }

    /// Creates a mint of `token_program` with `decimals` and the payer as its mint authority,
    /// and mints `credit` into the payer's associated token account.
    pub fn create_mint(
        &mut self,
        token_program: Pubkey,
        decimals: u8,
        credit: u128,
    ) -> Result<Pubkey, SendError> {
        use anchor_lang::solana_program::program_pack::Pack;
        use spl_associated_token_account_interface::{address, instruction};
        use tokenrail_solana_test_chain::spl_token_2022_interface as spl;
        let credit = u64::try_from(credit)
            .map_err(|_| SendError::Transport("Solana amounts are u64".into()))?;
        let mint = Keypair::new();
        let payer = self.payer();
        let space = spl::state::Mint::LEN;
        let rent = self.rent(space).map_err(SendError::Transport)?;
        let ata = address::get_associated_token_address_with_program_id(
            &payer,
            &mint.pubkey(),
            &token_program,
        );
        let bad = |e: anchor_lang::prelude::ProgramError| SendError::Transport(e.to_string());
        let ixs = [
            solana_system_interface::instruction::create_account(
                &payer,
                &mint.pubkey(),
                rent,
                space as u64,
                &token_program,
            ),
            spl::instruction::initialize_mint2(
                &token_program,
                &mint.pubkey(),
                &payer,
                None,
                decimals,
            )
            .map_err(bad)?,
            instruction::create_associated_token_account_idempotent(
                &payer,
                &payer,
                &mint.pubkey(),
                &token_program,
            ),
            spl::instruction::mint_to(&token_program, &mint.pubkey(), &ata, &payer, &[], credit)
                .map_err(bad)?,
        ];
        self.send(&ixs, &[&mint])?;
        Ok(mint.pubkey())
    }

    /// Rent-exempt minimum for `space` bytes, from the cluster's rent sysvar.
    pub fn rent(&mut self, space: usize) -> Result<u64, String> {
        let account = self
            .account(&solana_sdk_ids::sysvar::rent::ID)?
            .ok_or("the cluster has no rent sysvar")?;
        let rent: anchor_lang::prelude::Rent =
            bincode::deserialize(&account.data).map_err(|e| e.to_string())?;
        Ok(rent.minimum_balance(space))
    }

    /// The endpoint's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The fee payer.
    pub fn payer(&self) -> Pubkey {
        self.payer.pubkey()
    }

    /// `ixs` after the pending account creations, signed; the pending list stays until a send
    /// lands.
    fn transaction(
        &self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<solana_transaction::Transaction, SendError> {
        let mut all = self.pending.clone();
        all.extend_from_slice(ixs);
        let blockhash = self
            .client
            .get_latest_blockhash()
            .map_err(|e| SendError::Transport(format!("{}: {e}", self.url)))?;
        let mut keys: Vec<&Keypair> = vec![&self.payer];
        keys.extend(signers.iter().filter(|k| k.pubkey() != self.payer.pubkey()));
        Ok(solana_transaction::Transaction::new_signed_with_payer(
            &all,
            Some(&self.payer.pubkey()),
            &keys,
            blockhash,
        ))
    }

    /// Sends `ixs` signed by `signers` and the payer, and waits for confirmation.
    pub fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), SendError> {
        self.sent = self.sent.wrapping_add(1);
        let mut all = vec![unique_budget(self.sent)];
        all.extend_from_slice(ixs);
        let tx = self.transaction(&all, signers)?;
        match self.client.send_and_confirm_transaction(&tx) {
            Ok(_) => {
                // The accounts exist now.
                self.pending.clear();
                Ok(())
            }
            Err(e) => Err(match e.get_transaction_error() {
                Some(tx_err) => SendError::Transaction(tx_err),
                None => SendError::Transport(format!("{}: {e}", self.url)),
            }),
        }
    }

    fn simulate(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Simulation, String> {
        let tx = self.transaction(ixs, signers).map_err(|e| e.to_string())?;
        let config = RpcSimulateTransactionConfig {
            sig_verify: false,
            replace_recent_blockhash: true,
            commitment: Some(CommitmentConfig::confirmed()),
            ..Default::default()
        };
        let sim = self
            .client
            .simulate_transaction_with_config(&tx, config)
            .map_err(|e| format!("{}: {e}", self.url))?
            .value;
        let result = match sim.err {
            Some(e) => Err(e.into()),
            None => Ok(()),
        };
        let data = match sim.return_data {
            Some(r) => {
                use base64::Engine;
                Some(
                    base64::engine::general_purpose::STANDARD
                        .decode(r.data.0)
                        .map_err(|e| format!("{}: return data: {e}", self.url))?,
                )
            }
            None => None,
        };
        Ok((result, data))
    }

    /// An account, or `None` where there is none.
    pub fn account(&mut self, key: &Pubkey) -> Result<Option<Account>, String> {
        self.client
            .get_account_with_commitment(key, CommitmentConfig::confirmed())
            .map(|r| r.value)
            .map_err(|e| format!("{}: {e}", self.url))
    }
}

/// A compute-budget instruction whose limit carries `n`: it makes a transaction unique, so an
/// identical call repeated within one blockhash is executed again rather than deduplicated.
fn unique_budget(n: u32) -> Instruction {
    let mut data = vec![2u8];
    data.extend_from_slice(&(400_000 + n % 1_000_000).to_le_bytes());
    Instruction::new_with_bytes(solana_sdk_ids::compute_budget::ID, &data, vec![])
}

enum Backend {
    Embedded(Box<Chain>),
    Rpc(Box<RpcLedger>),
}

/// The chain one Solana client talks to, and the payment mint its escrow, payout and channel
/// programs move.
pub struct SolanaLedger {
    /// The payment mint.
    pub mint: Pubkey,
    /// The payment mint's token program.
    pub token_program: Pubkey,
    backend: Backend,
}

impl From<Chain> for SolanaLedger {
    fn from(chain: Chain) -> Self {
        SolanaLedger {
            mint: chain.mint,
            token_program: chain.token_program,
            backend: Backend::Embedded(Box::new(chain)),
        }
    }
}

impl SolanaLedger {
    /// A cluster over JSON-RPC, paying in `mint`; its token program is read from the cluster.
    pub fn rpc(mut rpc: RpcLedger, mint: Pubkey) -> Result<Self, String> {
        let token_program = rpc
            .account(&mint)?
            .ok_or_else(|| format!("no mint {mint} on {}", rpc.url))?
            .owner;
        if token_program != super::TOKEN && token_program != super::TOKEN_2022 {
            return Err(format!(
                "{mint} on {} is not a mint of SPL Token or Token-2022",
                rpc.url
            ));
        }
        Ok(SolanaLedger {
            mint,
            token_program,
            backend: Backend::Rpc(Box::new(rpc)),
        })
    }

    /// The embedded chain, if this is one.
    pub fn embedded(&mut self) -> Option<&mut Chain> {
        match &mut self.backend {
            Backend::Embedded(c) => Some(c),
            Backend::Rpc(_) => None,
        }
    }

    /// On a cluster, a second ledger on the same endpoint, payer and payment mint (for another
    /// client); `None` on the embedded chain, whose banks are each client's own.
    pub fn sibling(&self) -> Result<Option<SolanaLedger>, String> {
        Ok(match &self.backend {
            Backend::Embedded(_) => None,
            Backend::Rpc(r) => Some(SolanaLedger {
                mint: self.mint,
                token_program: self.token_program,
                backend: Backend::Rpc(Box::new(r.reconnect())),
            }),
        })
    }

    /// The network: the cluster's genesis hash (what tells one cluster from another, where the
    /// same program ids, keys and mints can exist). The embedded chain is one development
    /// network whatever its boot (program-test draws a new genesis every time, and a devnet is
    /// rebuilt for every command), so it answers a fixed identifier instead: SHA-256 of
    /// `tokenrail:solana:embedded-devnet`.
    pub fn network(&mut self) -> Result<[u8; 32], String> {
        match &mut self.backend {
            Backend::Embedded(_) => {
                use sha2::Digest as _;
                Ok(sha2::Sha256::digest(b"tokenrail:solana:embedded-devnet").into())
            }
            Backend::Rpc(r) => {
                let hash = r.genesis_hash()?;
                let bytes = bs58::decode(&hash)
                    .into_vec()
                    .map_err(|e| format!("genesis hash {hash}: {e}"))?;
                bytes
                    .try_into()
                    .map_err(|_| format!("genesis hash {hash} is not 32 bytes"))
            }
        }
    }

    /// Whether this is a cluster reached over JSON-RPC.
    pub fn is_rpc(&self) -> bool {
        matches!(self.backend, Backend::Rpc(_))
    }

    /// Sends `ixs` signed by `signers` (the fee payer signs too).
    pub fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), SendError> {
        match &mut self.backend {
            Backend::Embedded(c) => c.send(ixs, signers).map_err(SendError::from),
            Backend::Rpc(r) => r.send(ixs, signers),
        }
    }

    /// Simulates `ixs` without committing: the outcome and the return data of the last
    /// instruction that set any.
    pub fn simulate(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Simulation, String> {
        match &mut self.backend {
            Backend::Embedded(c) => Ok(c.simulate(ixs, signers)),
            Backend::Rpc(r) => r.simulate(ixs, signers),
        }
    }

    /// An account, or `None` where there is none.
    pub fn account(&mut self, key: &Pubkey) -> Result<Option<Account>, String> {
        match &mut self.backend {
            Backend::Embedded(c) => {
                c.rt.block_on(c.ctx.banks_client.get_account(*key))
                    .map_err(|e| e.to_string())
            }
            Backend::Rpc(r) => r.account(key),
        }
    }

    /// The token account of `owner` in `mint`. On the embedded chain, the first one it created
    /// for them (or a new one); on a cluster, the associated token account, which the next
    /// transaction creates if it does not exist yet.
    pub fn token_account_of(&mut self, mint: Pubkey, owner: &Pubkey) -> Pubkey {
        match &mut self.backend {
            Backend::Embedded(c) => c.token_account_of(mint, owner),
            Backend::Rpc(r) => {
                let program = if mint == self.mint {
                    self.token_program
                } else {
                    match r.account(&mint) {
                        Ok(Some(a)) => a.owner,
                        _ => super::TOKEN_2022,
                    }
                };
                let ata = spl_associated_token_account_interface::address::get_associated_token_address_with_program_id(
                    owner, &mint, &program,
                );
                let exists = matches!(r.account(&ata), Ok(Some(_)));
                let create = spl_associated_token_account_interface::instruction::create_associated_token_account_idempotent(
                    &r.payer(), owner, &mint, &program,
                );
                if !exists && !r.pending.contains(&create) {
                    r.pending.push(create);
                }
                ata
            }
        }
    }

    /// The balance of a token account (0 where there is none).
    pub fn token_balance(&mut self, key: &Pubkey) -> Result<u64, String> {
        use anchor_lang::solana_program::program_pack::Pack;
        let Some(account) = self.account(key)? else {
            return Ok(0);
        };
        // The base state comes first in SPL Token and Token-2022 accounts alike.
        let base = account
            .data
            .get(..tokenrail_solana_test_chain::spl_token_2022_interface::state::Account::LEN)
            .ok_or_else(|| format!("{key} is not a token account"))?;
        tokenrail_solana_test_chain::spl_token_2022_interface::state::Account::unpack(base)
            .map(|a| a.amount)
            .map_err(|e| format!("{key} is not a token account: {e}"))
    }

    /// The chain's clock, in Unix seconds.
    pub fn now(&mut self) -> Result<u64, String> {
        let clock: Clock = match &mut self.backend {
            Backend::Embedded(c) => {
                c.rt.block_on(c.ctx.banks_client.get_sysvar())
                    .map_err(|e| e.to_string())?
            }
            Backend::Rpc(r) => {
                let account = r
                    .account(&solana_sdk_ids::sysvar::clock::ID)?
                    .ok_or("the cluster has no clock sysvar")?;
                bincode::deserialize(&account.data).map_err(|e| e.to_string())?
            }
        };
        u64::try_from(clock.unix_timestamp).map_err(|e| e.to_string())
    }

    /// Moves the clock `seconds` forward: the embedded chain's, or a development node's through
    /// [`RpcLedger::advance`] (a cluster's clock is its own).
    pub fn advance(&mut self, seconds: u64) -> Result<(), String> {
        let now = self.now()?;
        match &mut self.backend {
            Backend::Embedded(c) => {
                let t0 = tokenrail_solana_test_chain::T0 as u64;
                c.set_time(now + seconds - t0);
                Ok(())
            }
            Backend::Rpc(r) => r.advance(seconds),
        }
    }

    /// A keypair for a new account (a mint): derived from a counter on the embedded chain, so
    /// the same steps create the same accounts; random on a cluster.
    pub fn fresh_keypair(&mut self) -> Keypair {
        match &mut self.backend {
            Backend::Embedded(c) => c.fresh_keypair(),
            Backend::Rpc(_) => Keypair::new(),
        }
    }
}
