//! A solana-program-test bank for Tokenrail's Anchor programs: the programs run natively (no
//! SBF toolchain here), SPL Token and Token-2022 are the real programs running in the SBF VM;
//! funded actors, a mint with a token account per actor, and a settable clock. The programs'
//! own suites and the devnet run on it.

use anchor_lang::prelude::{Clock, Pubkey};
use anchor_lang::AccountDeserialize;
use anchor_spl::token_interface::TokenAccount;
use solana_keypair::Keypair;
use solana_program_test::{BanksClientError, ProgramTest, ProgramTestContext};
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;

use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::program_pack::Pack;
use solana_instruction_error::InstructionError;
use solana_program_test::tokio::runtime::Runtime;

pub use super::history::Landed;
pub use crate::{anchor_processor, anchor_program_test};
pub use anchor_lang;
pub use solana_keypair;
pub use solana_program_test;
pub use solana_signer;
pub use spl_token_2022_interface;
pub use spl_token_2022_interface::ID as TOKEN_2022;

/// The SPL Token program.
pub const TOKEN: Pubkey = anchor_spl::token::ID;
/// Unix time at which every scenario starts.
pub const T0: i64 = 1_700_000_000;
/// Decimals of every test mint.
pub const DECIMALS: u8 = 6;
/// Anchor's "account not initialized": how a never-created program account surfaces.
pub const ANCHOR_ACCOUNT_NOT_INITIALIZED: u32 =
    anchor_lang::error::ErrorCode::AccountNotInitialized as u32;

/// The native processor of the Anchor program crate `$krate`, for `ProgramTest::add_program`.
///
/// Anchor's generated `entry` wants one lifetime for the accounts slice and its elements;
/// `processor!` hands over two. The data is the same, only the borrow checker's view differs,
/// so the wrapper unifies the lifetimes.
#[macro_export]
macro_rules! anchor_processor {
    ($krate:ident) => {{
        #[allow(unsafe_code)]
        fn process(
            program_id: &$crate::solana::bank::anchor_lang::prelude::Pubkey,
            accounts: &[$crate::solana::bank::anchor_lang::prelude::AccountInfo],
            data: &[u8],
        ) -> $crate::solana::bank::anchor_lang::solana_program::entrypoint::ProgramResult {
            // SAFETY: the slice and its AccountInfos live for the whole instruction; this only
            // unifies the two lifetimes the native test processor uses.
            let accounts: &[$crate::solana::bank::anchor_lang::prelude::AccountInfo] =
                unsafe { std::mem::transmute(accounts) };
            $krate::entry(program_id, accounts, data)
        }
        $crate::solana::bank::solana_program_test::processor!(process)
    }};
}

/// A `ProgramTest` running the Anchor program crate `$krate` (named `$name`) natively; more
/// programs join with `pt.add_program(name, id, anchor_processor!(krate))`. Where the Solana
/// toolchain built the programs (`anchor build`), `SBF_OUT_DIR=target/deploy` runs the same
/// suites on the `.so` files in the real SBF VM instead ([`runs_sbf`]).
#[macro_export]
macro_rules! anchor_program_test {
    ($name:literal, $krate:ident) => {{
        let mut pt = $crate::solana::bank::solana_program_test::ProgramTest::new(
            $name,
            $krate::ID,
            $crate::anchor_processor!($krate),
        );
        pt.prefer_bpf($crate::solana::bank::runs_sbf());
        pt
    }};
}

/// Whether the programs run as SBF `.so` files in the real VM: solana-program-test's own rule,
/// `SBF_OUT_DIR` (or `BPF_OUT_DIR`) names where `anchor build` put them. No SBF toolchain can be
/// installed on these machines, so here it is always the native build.
pub fn runs_sbf() -> bool {
    std::env::var_os("SBF_OUT_DIR").is_some() || std::env::var_os("BPF_OUT_DIR").is_some()
}

/// A Token-2022 extension a test mint carries ([`Chain::use_mint_with`]).
#[derive(Clone, Copy, Debug)]
pub enum MintExtension {
    /// A transfer fee of this many basis points.
    TransferFee(u16),
    /// A permanent delegate.
    PermanentDelegate(Pubkey),
    /// A transfer hook calling this program.
    TransferHook(Pubkey),
    /// Tokens that can never be transferred.
    NonTransferable,
}

/// A running chain.
pub struct Chain {
    /// The runtime driving the banks client.
    pub rt: Runtime,
    /// The program-test context (banks client, payer, blockhash).
    pub ctx: ProgramTestContext,
    /// The token program of the chain's mint.
    pub token_program: Pubkey,
    /// The chain's mint.
    pub mint: Pubkey,
    /// Funded actor keypairs, by actor number.
    pub actors: Vec<Keypair>,
    /// Each actor's token account of `mint`.
    pub token_accounts: Vec<Pubkey>,
    nonce: u32,
    keys_made: u64,
    /// The token account of each `(mint, owner)` this chain created.
    accounts_of: std::collections::HashMap<(Pubkey, Pubkey), Pubkey>,
    /// Every account a transaction named: what a snapshot saves (a transaction must name every
    /// account it reads or writes, those its programs create included).
    touched: std::collections::BTreeSet<Pubkey>,
    /// Every transaction that landed, once [`Chain::keep_history`] asked for it.
    history: Option<Vec<Landed>>,
    /// Each mint's decimals, as a history's token balances report them.
    decimals: std::collections::HashMap<Pubkey, u8>,
}

impl Chain {
    /// The chain's genesis hash (what a cluster answers to `getGenesisHash`).
    pub fn genesis_hash(&self) -> [u8; 32] {
        self.ctx.genesis_config().hash().to_bytes()
    }

    /// Starts `pt` (the program under test, see [`anchor_program_test!`]) with `actors` funded
    /// keypairs, a fresh mint of `token_program` and a token account per actor holding
    /// `balances` (by actor number).
    pub fn start<A: Into<usize> + Copy>(
        pt: ProgramTest,
        actors: usize,
        token_program: Pubkey,
        balances: &[(A, u64)],
    ) -> Self {
        let actors: Vec<Keypair> = (0..actors).map(|_| Keypair::new()).collect();
        Self::start_with_keys(pt, actors, token_program, balances)
    }

    /// [`Chain::start`] with the actors' keypairs given (deterministic accounts, for a chain
    /// that must come out the same every time it is driven through the same steps).
    pub fn start_with_keys<A: Into<usize> + Copy>(
        mut pt: ProgramTest,
        actors: Vec<Keypair>,
        token_program: Pubkey,
        balances: &[(A, u64)],
    ) -> Self {
        let rt = Runtime::new().unwrap();
        for kp in &actors {
            pt.add_account(
                kp.pubkey(),
                solana_account::Account {
                    lamports: 10_000_000_000,
                    owner: anchor_lang::system_program::ID,
                    ..Default::default()
                },
            );
        }
        let ctx = rt.block_on(pt.start_with_context());
        let mut chain = Chain {
            rt,
            ctx,
            token_program,
            mint: Pubkey::default(),
            actors,
            token_accounts: vec![],
            nonce: 0,
            keys_made: 0,
            accounts_of: std::collections::HashMap::new(),
            touched: std::collections::BTreeSet::new(),
            history: None,
            decimals: std::collections::HashMap::new(),
        };
        let actor_keys: Vec<Pubkey> = chain.actors.iter().map(|k| k.pubkey()).collect();
        chain.touched.extend(actor_keys);
        chain.set_time(0);
        chain.mint = chain.create_mint(token_program);
        let owners: Vec<Pubkey> = chain.actors.iter().map(|k| k.pubkey()).collect();
        for (i, owner) in owners.iter().enumerate() {
            let acct = chain.create_token_account(chain.mint, owner);
            chain.token_accounts.push(acct);
            if let Some((_, amount)) = balances.iter().find(|(a, _)| (*a).into() == i) {
                if *amount > 0 {
                    chain.mint_to(acct, *amount);
                }
            }
        }
        chain
    }

    /// A keypair for a new account (a mint, a token account). Derived from a counter, so a
    /// chain driven through the same steps creates the same accounts; their secrets protect
    /// nothing, only the actors sign.
    pub fn fresh_keypair(&mut self) -> Keypair {
        self.keys_made += 1;
        let mut seed = [0x5a; 32];
        seed[..8].copy_from_slice(&self.keys_made.to_le_bytes());
        seed[8..24].copy_from_slice(b"tokenrail-chain:");
        Keypair::new_from_array(seed)
    }

    /// The token account of `owner` in `mint`: the first one this chain created for them, or
    /// their associated token account (created now), as a wallet would have.
    pub fn token_account_of(&mut self, mint: Pubkey, owner: &Pubkey) -> Pubkey {
        match self.accounts_of.get(&(mint, *owner)) {
            Some(acct) => *acct,
            None => {
                let acct = self.associated_token_account(mint, owner);
                self.accounts_of.insert((mint, *owner), acct);
                acct
            }
        }
    }

    /// Creates (if missing) `owner`'s associated token account of `mint` through the associated
    /// token account program, as wallets do: on Token-2022 it carries `ImmutableOwner`, and on a
    /// mint whose accounts start frozen it starts frozen.
    pub fn associated_token_account(&mut self, mint: Pubkey, owner: &Pubkey) -> Pubkey {
        use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
        let token_program = self.owner_of(&mint);
        let payer = self.ctx.payer.pubkey();
        let ix = create_associated_token_account_idempotent(&payer, owner, &mint, &token_program);
        self.send(&[ix], &[]).unwrap();
        anchor_spl::associated_token::get_associated_token_address_with_program_id(
            owner,
            &mint,
            &token_program,
        )
    }

    /// The public key of actor `a`.
    pub fn key(&self, a: impl Into<usize>) -> Pubkey {
        self.actors[a.into()].pubkey()
    }

    /// A signing copy of actor `a`'s keypair.
    pub fn signer(&self, a: impl Into<usize>) -> Keypair {
        self.actors[a.into()].insecure_clone()
    }

    /// Actor `a`'s token account of the chain's mint.
    pub fn token_account(&self, a: impl Into<usize>) -> Pubkey {
        self.token_accounts[a.into()]
    }

    /// Sets the clock to `offset` seconds after [`T0`].
    pub fn set_time(&mut self, offset: u64) {
        let mut clock: Clock = self
            .rt
            .block_on(self.ctx.banks_client.get_sysvar())
            .unwrap();
        clock.unix_timestamp = T0 + offset as i64;
        self.ctx.set_sysvar(&clock);
    }

    /// Sends `ixs` paid by the test payer and signed by `signers`. A compute-budget instruction
    /// with a running number makes every transaction unique, so repeating an identical call is
    /// executed again rather than deduplicated.
    pub fn send(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<(), BanksClientError> {
        self.nonce += 1;
        let mut data = vec![2u8];
        data.extend_from_slice(&(400_000 + self.nonce).to_le_bytes());
        let budget = Instruction::new_with_bytes(
            "ComputeBudget111111111111111111111111111111"
                .parse()
                .unwrap(),
            &data,
            vec![],
        );
        let mut all = vec![budget];
        all.extend_from_slice(ixs);
        self.touched.insert(self.ctx.payer.pubkey());
        for ix in ixs {
            self.touched.insert(ix.program_id);
            self.touched
                .extend(ix.accounts.iter().map(|meta| meta.pubkey));
        }
        let payer = self.ctx.payer.insecure_clone();
        let mut keys: Vec<&Keypair> = vec![&payer];
        keys.extend_from_slice(signers);
        // The latest, not the context's first: program-test retires blockhashes as real time
        // passes, and a long test outlives the one it started with.
        let blockhash = self
            .rt
            .block_on(self.ctx.banks_client.get_latest_blockhash())
            .expect("latest blockhash");
        let tx = Transaction::new_signed_with_payer(&all, Some(&payer.pubkey()), &keys, blockhash);
        if self.history.is_some() {
            return self.land(tx.into());
        }
        self.rt
            .block_on(self.ctx.banks_client.process_transaction(tx))
    }

    /// Keeps every transaction that lands from now on ([`Chain::history`]): each is simulated
    /// first on the same state (for its logs and inner instructions) and its token accounts
    /// read before and after, which costs a second execution per transaction.
    pub fn keep_history(&mut self) {
        self.history.get_or_insert_with(Vec::new);
    }

    /// The transactions that landed since [`Chain::keep_history`], one per slot: the `n`th in
    /// slot `n` (empty when no history is kept).
    pub fn history(&self) -> &[Landed] {
        self.history.as_deref().unwrap_or_default()
    }

    /// Runs `tx` as a validator does (a transaction whose simulation fails is refused and does
    /// not land) and, with a history kept, records it when it lands, succeeding or failing.
    pub fn land(
        &mut self,
        tx: solana_transaction::versioned::VersionedTransaction,
    ) -> Result<(), BanksClientError> {
        use solana_transaction_status_client_types::option_serializer::OptionSerializer;
        use solana_transaction_status_client_types::{
            UiCompiledInstruction, UiInnerInstructions, UiInstruction, UiTransactionStatusMeta,
        };
        if self.history.is_none() {
            return self
                .rt
                .block_on(self.ctx.banks_client.process_transaction_with_preflight(tx));
        }
        let keys = tx.message.static_account_keys().to_vec();
        self.touched.extend(keys.iter().copied());
        let simulated = self
            .rt
            .block_on(self.ctx.banks_client.simulate_transaction(tx.clone()))?;
        let pre_token_balances = self.token_balances(&keys);
        let outcome = self.rt.block_on(
            self.ctx
                .banks_client
                .process_transaction_with_preflight(tx.clone()),
        );
        let err = match outcome {
            Ok(()) => None,
            Err(BanksClientError::TransactionError(e)) => Some(e),
            Err(e) => return Err(e),
        };
        let post_token_balances = self.token_balances(&keys);
        let clock: Clock = self.rt.block_on(self.ctx.banks_client.get_sysvar())?;
        let (logs, units, inner) = match simulated.simulation_details {
            Some(d) => (d.logs, d.units_consumed, d.inner_instructions),
            None => (vec![], 0, None),
        };
        let inner = inner
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(index, list)| UiInnerInstructions {
                index: index as u8,
                instructions: list
                    .iter()
                    .map(|ix| {
                        UiInstruction::Compiled(UiCompiledInstruction::from(
                            &ix.instruction,
                            Some(u32::from(ix.stack_height)),
                        ))
                    })
                    .collect(),
            })
            .collect();
        let meta = UiTransactionStatusMeta {
            err: err.clone().map(Into::into),
            status: err.clone().map_or(Ok(()), |e| Err(e.into())),
            fee: 5_000 * u64::from(tx.message.header().num_required_signatures),
            pre_balances: vec![],
            post_balances: vec![],
            inner_instructions: OptionSerializer::Some(inner),
            log_messages: OptionSerializer::Some(logs),
            pre_token_balances: OptionSerializer::Some(pre_token_balances),
            post_token_balances: OptionSerializer::Some(post_token_balances),
            rewards: OptionSerializer::None,
            loaded_addresses: OptionSerializer::Skip,
            return_data: OptionSerializer::Skip,
            compute_units_consumed: OptionSerializer::Some(units),
            cost_units: OptionSerializer::Skip,
        };
        let signature = tx.signatures[0].to_string();
        let history = self.history.as_mut().expect("a history is kept");
        let previous = history
            .last()
            .map_or_else(super::history::genesis_blockhash, |l| l.blockhash.clone());
        let blockhash = super::history::next_blockhash(&previous, &signature);
        let failed = err.clone();
        history.push(Landed {
            signature,
            transaction: tx,
            meta,
            err,
            block_time: clock.unix_timestamp,
            blockhash,
        });
        match failed {
            Some(e) => Err(BanksClientError::TransactionError(e)),
            None => Ok(()),
        }
    }

    /// The token accounts among `keys` (by position) with their mint, owner and amount: a
    /// transaction's `preTokenBalances` or `postTokenBalances`.
    fn token_balances(
        &mut self,
        keys: &[Pubkey],
    ) -> Vec<solana_transaction_status_client_types::UiTransactionTokenBalance> {
        use solana_account_decoder_client_types::token::{
            real_number_string_trimmed, UiTokenAmount,
        };
        use solana_transaction_status_client_types::option_serializer::OptionSerializer;
        use spl_token_2022_interface::extension::StateWithExtensions;
        use spl_token_2022_interface::state::{Account, Mint};
        let legacy = anchor_spl::token::ID;
        let mut out = vec![];
        for (index, key) in keys.iter().enumerate() {
            let Ok(Some(account)) = self.rt.block_on(self.ctx.banks_client.get_account(*key))
            else {
                continue;
            };
            if account.owner != TOKEN_2022 && account.owner != legacy {
                continue;
            }
            let Ok(state) = StateWithExtensions::<Account>::unpack(&account.data) else {
                continue;
            };
            let (mint, owner, amount) = (state.base.mint, state.base.owner, state.base.amount);
            let decimals = match self.decimals.get(&mint) {
                Some(d) => *d,
                None => {
                    let data = self
                        .rt
                        .block_on(self.ctx.banks_client.get_account(mint))
                        .ok()
                        .flatten()
                        .map(|a| a.data)
                        .unwrap_or_default();
                    let Ok(m) = StateWithExtensions::<Mint>::unpack(&data) else {
                        continue;
                    };
                    self.decimals.insert(mint, m.base.decimals);
                    m.base.decimals
                }
            };
            out.push(
                solana_transaction_status_client_types::UiTransactionTokenBalance {
                    account_index: index as u8,
                    mint: mint.to_string(),
                    ui_token_amount: UiTokenAmount {
                        ui_amount: Some(amount as f64 / 10f64.powi(i32::from(decimals))),
                        decimals,
                        amount: amount.to_string(),
                        ui_amount_string: real_number_string_trimmed(amount, decimals),
                    },
                    owner: OptionSerializer::Some(owner.to_string()),
                    program_id: OptionSerializer::Some(account.owner.to_string()),
                },
            );
        }
        out
    }

    /// Simulates `ixs` (paid by the test payer, signed by `signers`) without committing: the
    /// outcome and the return data of the last instruction that set any (how a read-only
    /// instruction such as a `can_transfer` dry run answers).
    pub fn simulate(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> (Result<(), TransactionError>, Option<Vec<u8>>) {
        let payer = self.ctx.payer.insecure_clone();
        let mut keys: Vec<&Keypair> = vec![&payer];
        keys.extend_from_slice(signers);
        let blockhash = self
            .rt
            .block_on(self.ctx.banks_client.get_latest_blockhash())
            .expect("latest blockhash");
        let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &keys, blockhash);
        let sim = self
            .rt
            .block_on(self.ctx.banks_client.simulate_transaction(tx))
            .expect("simulation ran");
        let result = sim.result.expect("simulation has a result");
        let data = sim
            .simulation_details
            .and_then(|d| d.return_data)
            .map(|r| r.data);
        (result, data)
    }

    /// Creates a mint of `token_program` with the test payer as mint authority.
    pub fn create_mint(&mut self, token_program: Pubkey) -> Pubkey {
        let mint = self.fresh_keypair();
        let space = spl_token_2022_interface::state::Mint::LEN;
        let rent = self.rent(space);
        let payer = self.ctx.payer.pubkey();
        let ixs = [
            solana_system_interface::instruction::create_account(
                &payer,
                &mint.pubkey(),
                rent,
                space as u64,
                &token_program,
            ),
            spl_token_2022_interface::instruction::initialize_mint2(
                &token_program,
                &mint.pubkey(),
                &payer,
                None,
                DECIMALS,
            )
            .unwrap(),
        ];
        self.send(&ixs, &[&mint]).unwrap();
        mint.pubkey()
    }

    /// Creates a Token-2022 mint with a transfer fee of `basis_points` and makes it the chain's
    /// mint, re-creating every actor's token account for it (with room for the fee extension).
    pub fn use_transfer_fee_mint(&mut self, basis_points: u16) -> Pubkey {
        self.use_mint_with(MintExtension::TransferFee(basis_points))
    }

    /// Creates a Token-2022 mint with `extension` and makes it the chain's mint, re-creating every
    /// actor's token account for it (with room for what the extension needs of accounts).
    pub fn use_mint_with(&mut self, extension: MintExtension) -> Pubkey {
        use spl_token_2022_interface::extension::ExtensionType;
        use spl_token_2022_interface::extension::{
            transfer_fee::instruction::initialize_transfer_fee_config, transfer_hook,
        };
        use spl_token_2022_interface::instruction as token_ix;
        let mint = self.fresh_keypair();
        let payer = self.ctx.payer.pubkey();
        let (kind, init) = match extension {
            MintExtension::TransferFee(basis_points) => (
                ExtensionType::TransferFeeConfig,
                initialize_transfer_fee_config(
                    &TOKEN_2022,
                    &mint.pubkey(),
                    Some(&payer),
                    Some(&payer),
                    basis_points,
                    u64::MAX,
                ),
            ),
            MintExtension::PermanentDelegate(delegate) => (
                ExtensionType::PermanentDelegate,
                token_ix::initialize_permanent_delegate(&TOKEN_2022, &mint.pubkey(), &delegate),
            ),
            MintExtension::TransferHook(program) => (
                ExtensionType::TransferHook,
                transfer_hook::instruction::initialize(
                    &TOKEN_2022,
                    &mint.pubkey(),
                    None,
                    Some(program),
                ),
            ),
            MintExtension::NonTransferable => (
                ExtensionType::NonTransferable,
                token_ix::initialize_non_transferable_mint(&TOKEN_2022, &mint.pubkey()),
            ),
        };
        let space =
            ExtensionType::try_calculate_account_len::<spl_token_2022_interface::state::Mint>(&[
                kind,
            ])
            .unwrap();
        let rent = self.rent(space);
        let ixs = [
            solana_system_interface::instruction::create_account(
                &payer,
                &mint.pubkey(),
                rent,
                space as u64,
                &TOKEN_2022,
            ),
            init.unwrap(),
            spl_token_2022_interface::instruction::initialize_mint2(
                &TOKEN_2022,
                &mint.pubkey(),
                &payer,
                None,
                DECIMALS,
            )
            .unwrap(),
        ];
        self.send(&ixs, &[&mint]).unwrap();
        self.mint = mint.pubkey();
        self.token_program = TOKEN_2022;
        let owners: Vec<Pubkey> = self.actors.iter().map(|k| k.pubkey()).collect();
        self.token_accounts = owners
            .iter()
            .map(|o| self.create_token_account(mint.pubkey(), o))
            .collect();
        mint.pubkey()
    }

    /// Creates a token account of `mint` owned by `owner`.
    pub fn create_token_account(&mut self, mint: Pubkey, owner: &Pubkey) -> Pubkey {
        use spl_token_2022_interface::extension::{
            BaseStateWithExtensions, ExtensionType, StateWithExtensions,
        };
        let account = self.fresh_keypair();
        // Room for whatever extensions the mint requires of its accounts (none for SPL Token).
        let mint_data = self
            .rt
            .block_on(self.ctx.banks_client.get_account(mint))
            .unwrap()
            .expect("mint exists")
            .data;
        let mint_state =
            StateWithExtensions::<spl_token_2022_interface::state::Mint>::unpack(&mint_data)
                .unwrap();
        let required = ExtensionType::get_required_init_account_extensions(
            &mint_state.get_extension_types().unwrap(),
        );
        let space = ExtensionType::try_calculate_account_len::<
            spl_token_2022_interface::state::Account,
        >(&required)
        .unwrap();
        let rent = self.rent(space);
        let payer = self.ctx.payer.pubkey();
        let program = self.owner_of(&mint);
        let ixs = [
            solana_system_interface::instruction::create_account(
                &payer,
                &account.pubkey(),
                rent,
                space as u64,
                &program,
            ),
            spl_token_2022_interface::instruction::initialize_account3(
                &program,
                &account.pubkey(),
                &mint,
                owner,
            )
            .unwrap(),
        ];
        self.send(&ixs, &[&account]).unwrap();
        self.accounts_of
            .entry((mint, *owner))
            .or_insert(account.pubkey());
        account.pubkey()
    }

    /// Mints `amount` into `account`.
    pub fn mint_to(&mut self, account: Pubkey, amount: u64) {
        let payer = self.ctx.payer.pubkey();
        let mint = self.token_mint_of(&account);
        let program = self.owner_of(&mint);
        let ix = spl_token_2022_interface::instruction::mint_to(
            &program,
            &mint,
            &account,
            &payer,
            &[],
            amount,
        )
        .unwrap();
        self.send(&[ix], &[]).unwrap();
    }

    /// Rent-exempt minimum for `space` bytes.
    pub fn rent(&mut self, space: usize) -> u64 {
        let rent: anchor_lang::prelude::Rent = self
            .rt
            .block_on(self.ctx.banks_client.get_sysvar())
            .unwrap();
        rent.minimum_balance(space)
    }

    /// The owner program of an existing account.
    pub fn owner_of(&mut self, key: &Pubkey) -> Pubkey {
        self.rt
            .block_on(self.ctx.banks_client.get_account(*key))
            .unwrap()
            .expect("account exists")
            .owner
    }

    fn token_mint_of(&mut self, account: &Pubkey) -> Pubkey {
        self.token(account).expect("token account").mint
    }

    /// Token account state, or `None` if the account does not exist.
    pub fn token(&mut self, key: &Pubkey) -> Option<TokenAccount> {
        let acct = self
            .rt
            .block_on(self.ctx.banks_client.get_account(*key))
            .unwrap()?;
        Some(TokenAccount::try_deserialize(&mut acct.data.as_slice()).unwrap())
    }

    /// Token balance of an account (0 if it does not exist).
    pub fn token_balance(&mut self, key: &Pubkey) -> u64 {
        self.token(key).map(|t| t.amount).unwrap_or(0)
    }

    /// An Anchor account's state (panics if it does not exist or does not deserialize).
    pub fn anchor_account<T: AccountDeserialize>(&mut self, key: &Pubkey) -> T {
        let acct = self
            .rt
            .block_on(self.ctx.banks_client.get_account(*key))
            .unwrap()
            .expect("account exists");
        T::try_deserialize(&mut acct.data.as_slice()).unwrap()
    }

    /// Lamports of an account (0 if it does not exist).
    pub fn lamports(&mut self, key: &Pubkey) -> u64 {
        self.rt
            .block_on(self.ctx.banks_client.get_account(*key))
            .unwrap()
            .map_or(0, |a| a.lamports)
    }
}

/// The custom program error code of a failed transaction, if it has one.
pub fn custom_code(err: &BanksClientError) -> Option<u32> {
    match err {
        BanksClientError::TransactionError(e)
        | BanksClientError::SimulationError { err: e, .. } => match e {
            TransactionError::InstructionError(_, InstructionError::Custom(code)) => Some(*code),
            _ => None,
        },
        _ => None,
    }
}

/// A bank's state, saved: every account its transactions named that still exists (programs and
/// sysvars excepted: a restored bank has its own), the clock, and what the harness keeps beside
/// the bank (the payer that is the mints' authority, the actors, the counters that make new
/// accounts reproducible).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct BankSnapshot {
    /// The fee payer and mint authority (its 64-byte keypair, hex; development keys only).
    pub payer: String,
    /// The actors' keypairs (hex).
    pub actors: Vec<String>,
    /// The chain's mint and its token program.
    pub mint: String,
    /// The token program of the chain's mint.
    pub token_program: String,
    /// Each actor's token account of the chain's mint.
    pub token_accounts: Vec<String>,
    /// `(mint, owner, account)` for each token account the chain created.
    pub accounts_of: Vec<(String, String, String)>,
    /// The counters of [`Chain::fresh_keypair`] and of the transactions sent.
    pub keys_made: u64,
    /// See `keys_made`.
    pub nonce: u32,
    /// The clock's Unix time.
    pub unix_timestamp: i64,
    /// The accounts.
    pub accounts: Vec<SavedAccount>,
}

/// One account of a [`BankSnapshot`].
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SavedAccount {
    /// Its address.
    pub key: String,
    /// Its lamports.
    pub lamports: u64,
    /// Its owner.
    pub owner: String,
    /// Its data, base64.
    pub data: String,
}

fn parse_key(text: &str) -> Result<Pubkey, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a base-58 address"))
}

fn parse_keypair(text: &str) -> Result<Keypair, String> {
    let bytes = hex::decode(text).map_err(|e| format!("a saved keypair: {e}"))?;
    Keypair::try_from(bytes.as_slice()).map_err(|e| format!("a saved keypair: {e}"))
}

impl Chain {
    /// The bank's state (see [`BankSnapshot`]).
    pub fn snapshot(&mut self) -> Result<BankSnapshot, String> {
        use base64::Engine as _;
        let sysvar_owner: Pubkey = solana_sdk_ids::sysvar::ID;
        let mut accounts = vec![];
        for key in &self.touched {
            let Some(account) = self
                .rt
                .block_on(self.ctx.banks_client.get_account(*key))
                .map_err(|e| e.to_string())?
            else {
                continue;
            };
            if account.executable || account.owner == sysvar_owner {
                continue;
            }
            accounts.push(SavedAccount {
                key: key.to_string(),
                lamports: account.lamports,
                owner: account.owner.to_string(),
                data: base64::engine::general_purpose::STANDARD.encode(&account.data),
            });
        }
        let clock: Clock = self
            .rt
            .block_on(self.ctx.banks_client.get_sysvar())
            .map_err(|e| e.to_string())?;
        let mut accounts_of: Vec<(String, String, String)> = self
            .accounts_of
            .iter()
            .map(|((m, o), a)| (m.to_string(), o.to_string(), a.to_string()))
            .collect();
        accounts_of.sort();
        Ok(BankSnapshot {
            payer: hex::encode(self.ctx.payer.to_bytes()),
            actors: self
                .actors
                .iter()
                .map(|k| hex::encode(k.to_bytes()))
                .collect(),
            mint: self.mint.to_string(),
            token_program: self.token_program.to_string(),
            token_accounts: self.token_accounts.iter().map(Pubkey::to_string).collect(),
            accounts_of,
            keys_made: self.keys_made,
            nonce: self.nonce,
            unix_timestamp: clock.unix_timestamp,
            accounts,
        })
    }

    /// A bank running `pt`'s programs with the state `snapshot` saved.
    pub fn restore(mut pt: ProgramTest, snapshot: &BankSnapshot) -> Result<Self, String> {
        use base64::Engine as _;
        let mut touched = std::collections::BTreeSet::new();
        for saved in &snapshot.accounts {
            let key = parse_key(&saved.key)?;
            let data = base64::engine::general_purpose::STANDARD
                .decode(&saved.data)
                .map_err(|e| format!("account {key}: {e}"))?;
            pt.add_account(
                key,
                solana_account::Account {
                    lamports: saved.lamports,
                    data,
                    owner: parse_key(&saved.owner)?,
                    executable: false,
                    rent_epoch: 0,
                },
            );
            touched.insert(key);
        }
        let rt = Runtime::new().map_err(|e| e.to_string())?;
        let mut ctx = rt.block_on(pt.start_with_context());
        // The saved payer is the mints' authority; its account came back with the others.
        ctx.payer = parse_keypair(&snapshot.payer)?;
        let mut accounts_of = std::collections::HashMap::new();
        for (m, o, a) in &snapshot.accounts_of {
            accounts_of.insert((parse_key(m)?, parse_key(o)?), parse_key(a)?);
        }
        let mut chain = Chain {
            rt,
            ctx,
            token_program: parse_key(&snapshot.token_program)?,
            mint: parse_key(&snapshot.mint)?,
            actors: snapshot
                .actors
                .iter()
                .map(|k| parse_keypair(k))
                .collect::<Result<_, _>>()?,
            token_accounts: snapshot
                .token_accounts
                .iter()
                .map(|k| parse_key(k))
                .collect::<Result<_, _>>()?,
            nonce: snapshot.nonce,
            keys_made: snapshot.keys_made,
            accounts_of,
            touched,
            history: None,
            decimals: std::collections::HashMap::new(),
        };
        let offset = u64::try_from(snapshot.unix_timestamp - T0)
            .map_err(|_| "the saved clock is before the genesis time".to_string())?;
        chain.set_time(offset);
        Ok(chain)
    }
}
