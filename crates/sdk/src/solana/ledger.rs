//! Where the Solana clients' transactions go: one seam, [`SolanaBackend`] (send, simulate, read
//! accounts, the clock, the network), with a cluster's JSON-RPC node ([`RpcLedger`]) here and the
//! embedded bank in `tokenrail-devnet`. The clients build the same instructions for both.

use std::any::Any;
use std::time::Duration;

use anchor_lang::prelude::{Clock, Pubkey};
use anchor_lang::solana_program::instruction::Instruction;
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;
use solana_rpc_client_api::config::RpcSimulateTransactionConfig;

use super::{Keypair, Signer};
use crate::LedgerError;

pub use solana_account::Account;
pub use solana_transaction_error::TransactionError;

/// A simulated transaction: its outcome, and the return data of the last instruction that set
/// any (how a read-only instruction such as a `can_transfer` dry run answers).
pub type Simulation = (Result<(), TransactionError>, Option<Vec<u8>>);

/// Why a transaction did not land.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The chain ran it (or its preflight) and a program or the runtime refused.
    #[error("the transaction failed: {0}")]
    Transaction(TransactionError),
    /// It could not be built, or the node refused it for a reason outside any program (a
    /// malformed transaction, an unknown blockhash): nothing ran.
    #[error("{0}")]
    Rejected(String),
    /// The node could not be reached before the transaction was handed to it: nothing was
    /// sent, a retry is safe.
    #[error("{0}")]
    Transport(String),
    /// The transaction was handed to the node but its confirmation did not come (the node
    /// stopped answering, or the wait ran out): look `signature` up before sending again.
    #[error("transaction {signature} was sent, but its outcome is unknown: {detail}")]
    Unknown {
        /// The transaction's signature (its id).
        signature: String,
        /// What happened.
        detail: String,
    },
}

impl From<SendError> for crate::LedgerError {
    fn from(e: SendError) -> Self {
        match e {
            SendError::Transport(text) => crate::LedgerError::Transport(text),
            SendError::Unknown { signature, detail } => {
                crate::LedgerError::unknown(signature, detail)
            }
            other => crate::LedgerError::Rejected(other.to_string()),
        }
    }
}

/// A failed read before a send: the node's refusal, or a node that did not answer (nothing was
/// sent either way; a read's outcome is never unknown, so a signature-less `Unknown` cannot
/// come here).
impl From<LedgerError> for SendError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Transport(text) => SendError::Transport(text),
            LedgerError::Unknown {
                tx: Some(signature),
                detail,
            } => SendError::Unknown { signature, detail },
            other => SendError::Rejected(other.to_string()),
        }
    }
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

/// The development nodes' method that moves their clock (`[seconds]`); clusters do not have it.
pub const ADVANCE_CLOCK: &str = "tokenrail_advanceClock";

/// How long a JSON-RPC request may take before the node counts as unreachable.
pub const RPC_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a sent transaction may take to be confirmed before the client stops waiting (a
/// blockhash lives about 60 to 90 seconds; until it expires the transaction may still land).
pub const CONFIRM_TIMEOUT: Duration = Duration::from_secs(90);

/// The longest wait between two status polls (the first is 25 ms, each next one half again).
pub const CONFIRM_POLL_MAX: Duration = Duration::from_secs(2);

/// A cluster reached over JSON-RPC, with the key that pays every fee.
pub struct RpcLedger {
    client: RpcClient,
    url: String,
    payer: Keypair,
    /// Associated token accounts to create (idempotently) ahead of the next transaction.
    pending: Vec<Instruction>,
    sent: u32,
    confirm_timeout: Duration,
}

impl RpcLedger {
    /// Connects to `url` (checking that it answers) with `payer` paying every fee.
    pub fn connect(url: &str, payer: Keypair) -> Result<Self, LedgerError> {
        let client = RpcClient::new_with_timeout_and_commitment(
            url.to_string(),
            RPC_TIMEOUT,
            CommitmentConfig::confirmed(),
        );
        client.get_version().map_err(|e| {
            let unanswered = is_unanswered(&e);
            let text = format!(
                "cannot reach {url} as a Solana node: {}",
                crate::error::without_url(url, e)
            );
            if unanswered {
                LedgerError::Transport(text)
            } else {
                LedgerError::Rejected(text)
            }
        })?;
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
            confirm_timeout: CONFIRM_TIMEOUT,
        })
    }

    /// Waits up to `timeout` (instead of [`CONFIRM_TIMEOUT`]) for a sent transaction's
    /// confirmation.
    pub fn with_confirm_timeout(mut self, timeout: Duration) -> Self {
        self.confirm_timeout = timeout;
        self
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
            confirm_timeout: self.confirm_timeout,
        }
    }

    /// Moves a development node's clock `seconds` forward, through the development method
    /// [`ADVANCE_CLOCK`] (the program-test front in `tests/` answers it); a cluster refuses.
    pub fn advance(&mut self, seconds: u64) -> Result<(), LedgerError> {
        use solana_rpc_client_api::request::RpcRequest;
        let method = ADVANCE_CLOCK;
        self.client
            .send::<u64>(RpcRequest::Custom { method }, serde_json::json!([seconds]))
            .map(|_| ())
            .map_err(|e| match self.read_failure(e) {
                LedgerError::Rejected(e) => LedgerError::Rejected(format!(
                    "{} keeps its own time: a cluster's clock cannot be moved ({e})",
                    self.url
                )),
                unanswered => unanswered,
            })
    }

    /// The cluster's genesis hash (what tells one cluster from another).
    pub fn genesis_hash(&mut self) -> Result<String, LedgerError> {
        self.client
            .get_genesis_hash()
            .map(|h| h.to_string())
            .map_err(|e| self.read_failure(e))
    }

    /// Whether an executable program is deployed at `id`.
    pub fn program(&mut self, id: &Pubkey) -> Result<bool, LedgerError> {
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
        use spl_token_2022_interface as spl;
        let credit = u64::try_from(credit)
            .map_err(|_| SendError::Rejected("Solana amounts are u64".into()))?;
        let mint = Keypair::new();
        let payer = self.payer();
        let space = spl::state::Mint::LEN;
        let rent = self.rent(space).map_err(SendError::from)?;
        let ata = address::get_associated_token_address_with_program_id(
            &payer,
            &mint.pubkey(),
            &token_program,
        );
        let bad = |e: anchor_lang::prelude::ProgramError| SendError::Rejected(e.to_string());
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

    /// Rent-exempt minimum for `space` bytes, as the cluster computes it
    /// (`getMinimumBalanceForRentExemption`: the cluster's own rule, not a sysvar layout).
    pub fn rent(&mut self, space: usize) -> Result<u64, LedgerError> {
        self.client
            .get_minimum_balance_for_rent_exemption(space)
            .map_err(|e| self.read_failure(e))
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
            .map_err(|e| SendError::from(self.read_failure(e)))?;
        let mut keys: Vec<&Keypair> = vec![&self.payer];
        keys.extend(signers.iter().filter(|k| k.pubkey() != self.payer.pubkey()));
        Ok(solana_transaction::Transaction::new_signed_with_payer(
            &all,
            Some(&self.payer.pubkey()),
            &keys,
            blockhash,
        ))
    }

    /// Sends `ixs` signed by `signers` and the payer (preflighted by the node, so a refusal
    /// comes back before anything lands), then polls the signature's status at a growing
    /// interval until it is confirmed or [`Self::with_confirm_timeout`]'s bound runs out.
    pub fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), SendError> {
        self.sent = self.sent.wrapping_add(1);
        let mut all = vec![unique_budget(self.sent)];
        all.extend_from_slice(ixs);
        let tx = self.transaction(&all, signers)?;
        let signature = tx.signatures[0];
        if let Err(e) = self.client.send_transaction(&tx) {
            return Err(self.send_failure(&signature, e));
        }
        let started = std::time::Instant::now();
        let mut poll = Duration::from_millis(25);
        let mut last_error = None;
        loop {
            match self.client.get_signature_statuses(&[signature]) {
                Ok(answer) => {
                    let status = answer.value.into_iter().next().flatten();
                    if let Some(status) =
                        status.filter(|s| s.satisfies_commitment(CommitmentConfig::confirmed()))
                    {
                        return match status.err {
                            Some(e) => Err(SendError::Transaction(e)),
                            None => {
                                // The accounts exist now.
                                self.pending.clear();
                                Ok(())
                            }
                        };
                    }
                }
                // Asked again at the next poll: the transaction is out, only its status is late.
                Err(e) => last_error = Some(e),
            }
            if started.elapsed() >= self.confirm_timeout {
                let detail = match last_error {
                    Some(e) => format!(
                        "not confirmed after {:?}; {} last answered {e}",
                        self.confirm_timeout, self.url
                    ),
                    None => format!("not confirmed after {:?}", self.confirm_timeout),
                };
                return Err(SendError::Unknown {
                    signature: signature.to_string(),
                    detail,
                });
            }
            std::thread::sleep(poll);
            poll = (poll * 3 / 2).min(CONFIRM_POLL_MAX);
        }
    }

    /// What a failed `sendTransaction` means: a program's refusal (preflight), the node's
    /// refusal, a node that could not be reached (nothing sent), or anything else, after which
    /// the transaction may have reached the node.
    fn send_failure(
        &self,
        signature: &impl std::fmt::Display,
        e: solana_rpc_client_api::client_error::Error,
    ) -> SendError {
        use solana_rpc_client_api::client_error::ErrorKind;
        if let Some(tx_err) = e.get_transaction_error() {
            return SendError::Transaction(tx_err);
        }
        match e.kind() {
            ErrorKind::RpcError(_) => SendError::Rejected(format!("{}: {e}", self.url)),
            ErrorKind::Reqwest(r) if r.is_connect() => {
                SendError::Transport(format!("{}: {e}", self.url))
            }
            _ => SendError::Unknown {
                signature: signature.to_string(),
                detail: format!("{} did not answer: {e}", self.url),
            },
        }
    }

    /// Simulates `ixs` without committing.
    pub fn simulate(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Simulation, LedgerError> {
        let tx = self.transaction(ixs, signers)?;
        let config = RpcSimulateTransactionConfig {
            sig_verify: false,
            replace_recent_blockhash: true,
            commitment: Some(CommitmentConfig::confirmed()),
            ..Default::default()
        };
        let sim = self
            .client
            .simulate_transaction_with_config(&tx, config)
            .map_err(|e| self.read_failure(e))?
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
    pub fn account(&mut self, key: &Pubkey) -> Result<Option<Account>, LedgerError> {
        self.client
            .get_account_with_commitment(key, CommitmentConfig::confirmed())
            .map(|r| r.value)
            .map_err(|e| self.read_failure(e))
    }

    /// What a failed read means: the node's refusal, or a node that did not answer.
    fn read_failure(&self, e: solana_rpc_client_api::client_error::Error) -> LedgerError {
        if is_unanswered(&e) {
            LedgerError::Transport(format!("{}: {e}", self.url))
        } else {
            LedgerError::Rejected(format!("{}: {e}", self.url))
        }
    }
}

/// Whether a request failed because the node did not answer (rather than answering with a
/// refusal).
fn is_unanswered(e: &solana_rpc_client_api::client_error::Error) -> bool {
    use solana_rpc_client_api::client_error::ErrorKind;
    use solana_rpc_client_api::request::RpcError;
    match e.kind() {
        ErrorKind::Io(_) | ErrorKind::Reqwest(_) => true,
        // Some typed reads (`getAccountInfo`) fold the HTTP client's failure into a message for
        // the user; reqwest's wording is what is left of its kind.
        ErrorKind::RpcError(RpcError::ForUser(text)) => text.contains("error sending request"),
        _ => false,
    }
}

/// A compute-budget instruction whose limit carries `n`: it makes a transaction unique, so an
/// identical call repeated within one blockhash is executed again rather than deduplicated.
fn unique_budget(n: u32) -> Instruction {
    let mut data = vec![2u8];
    data.extend_from_slice(&(400_000 + n % 1_000_000).to_le_bytes());
    Instruction::new_with_bytes(solana_sdk_ids::compute_budget::ID, &data, vec![])
}

/// What a Solana client needs of the chain it talks to. Implemented here for a cluster's
/// JSON-RPC node ([`RpcLedger`]) and in `tokenrail-devnet` for the embedded bank.
pub trait SolanaBackend: Any {
    /// Sends `ixs` signed by `signers` (the backend's fee payer signs too) and waits for it.
    fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), SendError>;
    /// Simulates `ixs` without committing.
    fn simulate(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Simulation, LedgerError>;
    /// An account, or `None` where there is none.
    fn account(&mut self, key: &Pubkey) -> Result<Option<Account>, LedgerError>;
    /// The token account `owner` uses for `mint` of `token_program`, created on first use
    /// (at the latest by the next transaction).
    fn token_account_of(&mut self, mint: Pubkey, token_program: Pubkey, owner: &Pubkey) -> Pubkey;
    /// Moves the clock `seconds` forward (where the chain lets a client).
    fn advance(&mut self, seconds: u64) -> Result<(), LedgerError>;
    /// The network's identity (a cluster's genesis hash).
    fn network(&mut self) -> Result<[u8; 32], LedgerError>;
    /// A keypair for a new account (a mint).
    fn fresh_keypair(&mut self) -> Keypair;
    /// Another backend on the same chain and payer, for a second client; `None` where a client
    /// owns its chain.
    fn sibling(&self) -> Option<Box<dyn SolanaBackend>>;
    /// Whether the chain is a remote cluster (sends may take seconds, and account creations
    /// land with the next transaction).
    fn is_remote(&self) -> bool;
    /// The backend itself, for a caller that knows its concrete type.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl SolanaBackend for RpcLedger {
    fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), SendError> {
        RpcLedger::send(self, ixs, signers)
    }

    fn simulate(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Simulation, LedgerError> {
        RpcLedger::simulate(self, ixs, signers)
    }

    fn account(&mut self, key: &Pubkey) -> Result<Option<Account>, LedgerError> {
        RpcLedger::account(self, key)
    }

    /// The associated token account, which the next transaction creates if it does not exist.
    fn token_account_of(&mut self, mint: Pubkey, token_program: Pubkey, owner: &Pubkey) -> Pubkey {
        use spl_associated_token_account_interface::{address, instruction};
        let ata =
            address::get_associated_token_address_with_program_id(owner, &mint, &token_program);
        let exists = matches!(RpcLedger::account(self, &ata), Ok(Some(_)));
        let create = instruction::create_associated_token_account_idempotent(
            &self.payer(),
            owner,
            &mint,
            &token_program,
        );
        if !exists && !self.pending.contains(&create) {
            self.pending.push(create);
        }
        ata
    }

    fn advance(&mut self, seconds: u64) -> Result<(), LedgerError> {
        RpcLedger::advance(self, seconds)
    }

    fn network(&mut self) -> Result<[u8; 32], LedgerError> {
        let hash = self.genesis_hash()?;
        let bytes = bs58::decode(&hash)
            .into_vec()
            .map_err(|e| LedgerError::Rejected(format!("genesis hash {hash}: {e}")))?;
        bytes
            .try_into()
            .map_err(|_| LedgerError::Rejected(format!("genesis hash {hash} is not 32 bytes")))
    }

    /// Random: a cluster's accounts need no reproducible addresses.
    fn fresh_keypair(&mut self) -> Keypair {
        Keypair::new()
    }

    fn sibling(&self) -> Option<Box<dyn SolanaBackend>> {
        Some(Box::new(self.reconnect()))
    }

    fn is_remote(&self) -> bool {
        true
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The chain one Solana client talks to, and the payment mint its escrow, payout and channel
/// programs move.
pub struct SolanaLedger {
    /// The payment mint.
    pub mint: Pubkey,
    /// The payment mint's token program.
    pub token_program: Pubkey,
    backend: Box<dyn SolanaBackend>,
}

impl SolanaLedger {
    /// A ledger on `backend` paying in `mint` of `token_program`.
    pub fn new(backend: Box<dyn SolanaBackend>, mint: Pubkey, token_program: Pubkey) -> Self {
        SolanaLedger {
            mint,
            token_program,
            backend,
        }
    }

    /// A cluster over JSON-RPC, paying in `mint`; its token program is read from the cluster.
    pub fn rpc(mut rpc: RpcLedger, mint: Pubkey) -> Result<Self, LedgerError> {
        let token_program = rpc
            .account(&mint)?
            .ok_or_else(|| LedgerError::Rejected(format!("no mint {mint} on {}", rpc.url)))?
            .owner;
        if token_program != super::TOKEN && token_program != super::TOKEN_2022 {
            return Err(LedgerError::Rejected(format!(
                "{mint} on {} is not a mint of SPL Token or Token-2022",
                rpc.url
            )));
        }
        Ok(Self::new(Box::new(rpc), mint, token_program))
    }

    /// The backend, as its concrete type `B` if it is one.
    pub fn backend_mut<B: SolanaBackend>(&mut self) -> Option<&mut B> {
        self.backend.as_any_mut().downcast_mut::<B>()
    }

    /// A second ledger on the same chain, payer and payment mint (for another client); `None`
    /// where each client owns its chain (the embedded bank).
    pub fn sibling(&self) -> Option<SolanaLedger> {
        let backend = self.backend.sibling()?;
        Some(Self::new(backend, self.mint, self.token_program))
    }

    /// The network: the chain's identity (a cluster's genesis hash), which channel states bind.
    pub fn network(&mut self) -> Result<[u8; 32], LedgerError> {
        self.backend.network()
    }

    /// Whether this is a remote cluster.
    pub fn is_rpc(&self) -> bool {
        self.backend.is_remote()
    }

    /// Sends `ixs` signed by `signers` (the fee payer signs too).
    pub fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), SendError> {
        self.backend.send(ixs, signers)
    }

    /// Simulates `ixs` without committing: the outcome and the return data of the last
    /// instruction that set any.
    pub fn simulate(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Simulation, LedgerError> {
        self.backend.simulate(ixs, signers)
    }

    /// An account, or `None` where there is none.
    pub fn account(&mut self, key: &Pubkey) -> Result<Option<Account>, LedgerError> {
        self.backend.account(key)
    }

    /// The token account of `owner` in `mint`, created on first use.
    pub fn token_account_of(&mut self, mint: Pubkey, owner: &Pubkey) -> Pubkey {
        let program = if mint == self.mint {
            self.token_program
        } else {
            match self.backend.account(&mint) {
                Ok(Some(a)) => a.owner,
                _ => super::TOKEN_2022,
            }
        };
        self.backend.token_account_of(mint, program, owner)
    }

    /// The balance of a token account (0 where there is none).
    pub fn token_balance(&mut self, key: &Pubkey) -> Result<u64, LedgerError> {
        use anchor_lang::solana_program::program_pack::Pack;
        let Some(account) = self.account(key)? else {
            return Ok(0);
        };
        // The base state comes first in SPL Token and Token-2022 accounts alike.
        let base = account
            .data
            .get(..spl_token_2022_interface::state::Account::LEN)
            .ok_or_else(|| format!("{key} is not a token account"))?;
        spl_token_2022_interface::state::Account::unpack(base)
            .map(|a| a.amount)
            .map_err(|e| format!("{key} is not a token account: {e}").into())
    }

    /// The chain's clock, in Unix seconds (the clock sysvar).
    pub fn now(&mut self) -> Result<u64, LedgerError> {
        let account = self
            .account(&solana_sdk_ids::sysvar::clock::ID)?
            .ok_or("the chain has no clock sysvar")?;
        let clock: Clock = bincode::deserialize(&account.data)
            .map_err(|e| LedgerError::Rejected(format!("the clock sysvar: {e}")))?;
        u64::try_from(clock.unix_timestamp)
            .map_err(|e| LedgerError::Rejected(format!("the clock's time: {e}")))
    }

    /// Moves the clock `seconds` forward: the embedded chain's, or a development node's through
    /// [`RpcLedger::advance`] (a cluster's clock is its own).
    pub fn advance(&mut self, seconds: u64) -> Result<(), LedgerError> {
        self.backend.advance(seconds)
    }

    /// A keypair for a new account (a mint): reproducible on the embedded chain, random on a
    /// cluster.
    pub fn fresh_keypair(&mut self) -> Keypair {
        self.backend.fresh_keypair()
    }
}
