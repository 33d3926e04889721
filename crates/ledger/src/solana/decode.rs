//! A Solana transaction's rows, from the instructions it ran, top-level and inner
//! (cross-program invocations), in execution order; a successful transaction ran every one:
//! - **Token-2022's instructions** on the mint (`MintTo`, `Burn`, `TransferChecked`, `Approve`
//!   and their twins), decoded with `spl-token-2022-interface`, move balances. Every balance
//!   change is one of them, whichever program invoked it. Token accounts are mapped to their
//!   owners with the transaction's token balances, so rows name wallets, as on the other chains.
//! - **The transfer hook's and the issuer's instructions**, decoded with the bindings generated
//!   from their IDLs: investor entries, holder restrictions and rules (whose arguments are the
//!   new values), and the reasons beside a balance move (forced transfer, recovery, redemption),
//!   pause and metadata.
//! - **The escrow, payout and channel programs' events** (`emit_cpi!` self-invocations, inner
//!   instructions signed by each program's event authority: [`super::payments`]), as rows of
//!   the program, naming no token.

use std::collections::HashMap;

use serde_json::{json, Value};
use solana_transaction_status_client_types::option_serializer::OptionSerializer;
use solana_transaction_status_client_types::{
    EncodedConfirmedTransactionWithStatusMeta, UiInstruction, UiTransactionStatusMeta,
};
use spl_token_2022_interface::instruction::TokenInstruction;
use tokenrail_core::token::LEGAL_DOCUMENT;
use tokenrail_core::Amount;
use tokenrail_solana::anchor_lang::prelude::Pubkey;
use tokenrail_solana::anchor_lang::{AnchorDeserialize, Discriminator};
use tokenrail_solana::tokenrail_issuer::{
    self as issuer, client::args as issuer_args, types as issuer_types,
};
use tokenrail_solana::tokenrail_transfer_hook::{
    self as hook, client::args as hook_args, types::InvestorStatus,
};

use super::{payments, SolanaAsset};
use crate::event::{hash_hex, EventData, EventRecord, Family, Position};

/// The legacy SPL Token program: its instructions share Token-2022's encoding.
const SPL_TOKEN: &str = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";

/// One instruction as it ran: its program and accounts (positions in the account keys) and data.
struct Ran {
    program: usize,
    accounts: Vec<usize>,
    data: Vec<u8>,
    /// A top-level instruction (else one a program invoked).
    top: bool,
}

/// What one transaction's rows are made from.
struct Reading<'a> {
    network: &'a str,
    asset: &'a SolanaAsset,
    position: &'a Position,
    signature: &'a str,
    keys: Vec<String>,
    /// Each token account (by position in the keys): its mint and owner.
    token_accounts: HashMap<usize, (String, String)>,
    /// Each token account's balance before the transaction (by position in the keys).
    balances_before: HashMap<usize, u64>,
    rows: Vec<EventRecord>,
    /// The next native event's index.
    index: u64,
    /// An issuer instruction's reason row (forced transfer, recovery, redemption), held until
    /// the balance move it explains has its row: every chain logs the reason after the move,
    /// and the fold relies on it (a seizure cuts the frozen amount to what is left).
    reason: Option<(EventData, Value)>,
}

impl Reading<'_> {
    /// Rows of the asset (its token named on each).
    fn push(&mut self, contract: &str, parts: Vec<EventData>, raw: Value) {
        let token = Some(self.asset.mint.clone());
        self.push_rows(contract, token, parts, raw);
    }

    fn push_rows(
        &mut self,
        contract: &str,
        token: Option<String>,
        parts: Vec<EventData>,
        raw: Value,
    ) {
        for (part, data) in parts.into_iter().enumerate() {
            self.rows.push(EventRecord {
                family: Family::Solana,
                network: self.network.to_owned(),
                contract: contract.to_owned(),
                position: self.position.clone(),
                tx: self.signature.to_owned(),
                index: self.index,
                part: part as u32,
                token: token.clone(),
                data,
                raw: raw.to_string(),
            });
        }
        self.index += 1;
    }

    fn key(&self, position: Option<&usize>) -> Option<&str> {
        position.and_then(|p| self.keys.get(*p)).map(String::as_str)
    }

    /// The owner of the token account at key `position`, if it is an account of the asset.
    fn owner(&self, position: Option<&usize>) -> Option<String> {
        let (mint, owner) = self.token_accounts.get(position?)?;
        (*mint == self.asset.mint).then(|| owner.clone())
    }

    /// Whether the token account at key `position` is one of the asset's.
    fn of_asset(&self, position: Option<&usize>) -> bool {
        position
            .and_then(|p| self.token_accounts.get(p))
            .is_some_and(|(mint, _)| *mint == self.asset.mint)
    }

    /// The rows of one Token-2022 (or SPL Token) instruction on the asset's mint. One on the
    /// mint whose accounts the transaction's token balances do not name is kept as `unknown`.
    fn token_instruction(&mut self, ran: &Ran) {
        let Ok(instruction) = TokenInstruction::unpack(&ran.data) else {
            return;
        };
        let a = &ran.accounts;
        let on_mint = |n: usize| self.key(a.get(n)) == Some(self.asset.mint.as_str());
        let amount = |v: u64| Amount(u128::from(v));
        // `None`: not on the asset; `Some(None)`: on it, but the accounts do not resolve.
        let data: Option<Option<EventData>> = match instruction {
            TokenInstruction::MintTo { amount: v }
            | TokenInstruction::MintToChecked { amount: v, .. }
                if on_mint(0) =>
            {
                Some(self.owner(a.get(1)).map(|to| EventData::Minted {
                    to,
                    amount: amount(v),
                }))
            }
            TokenInstruction::Burn { amount: v }
            | TokenInstruction::BurnChecked { amount: v, .. }
                if on_mint(1) =>
            {
                Some(self.owner(a.first()).map(|from| EventData::Burned {
                    from,
                    amount: amount(v),
                }))
            }
            TokenInstruction::TransferChecked { amount: v, .. } if on_mint(1) => Some(
                self.owner(a.first())
                    .zip(self.owner(a.get(2)))
                    .map(|(from, to)| EventData::Transferred {
                        from,
                        to,
                        amount: amount(v),
                    }),
            ),
            // The unchecked forms name no mint: the source account's mint tells.
            #[allow(deprecated)]
            TokenInstruction::Transfer { amount: v } if self.of_asset(a.first()) => Some(
                self.owner(a.first())
                    .zip(self.owner(a.get(1)))
                    .map(|(from, to)| EventData::Transferred {
                        from,
                        to,
                        amount: amount(v),
                    }),
            ),
            TokenInstruction::ApproveChecked { amount: v, .. } if on_mint(1) => {
                Some(self.owner(a.first()).and_then(|owner| {
                    Some(EventData::Approved {
                        owner,
                        spender: self.key(a.get(2))?.to_owned(),
                        amount: amount(v),
                    })
                }))
            }
            TokenInstruction::Approve { amount: v } if self.of_asset(a.first()) => {
                Some(self.owner(a.first()).and_then(|owner| {
                    Some(EventData::Approved {
                        owner,
                        spender: self.key(a.get(1))?.to_owned(),
                        amount: amount(v),
                    })
                }))
            }
            // Freezing and thawing a token account is the Token ACL gate (onboarding), not the
            // compliance freeze, which `set_holder_state` carries; every other instruction moves
            // no balance.
            _ => None,
        };
        if let Some(data) = data {
            let moves = matches!(
                data,
                Some(EventData::Minted { .. } | EventData::Burned { .. })
                    | Some(EventData::Transferred { .. })
            );
            let data = data.unwrap_or_else(|| {
                unknown("a Token-2022 instruction on the mint whose accounts do not resolve")
            });
            let mint = self.asset.mint.clone();
            self.row(&mint, vec![data], ran);
            if moves {
                self.flush_reason();
            }
        }
    }

    /// The row of a payment program's event: its self-invocation, which only the program can
    /// sign (an inner instruction naming its event authority alone).
    fn payment_event(&mut self, ran: &Ran, program: &Pubkey) {
        let accounts: Vec<Option<&str>> = ran.accounts.iter().map(|a| self.key(Some(a))).collect();
        if ran.top || !payments::is_event(program, &accounts) {
            return;
        }
        if let Some(data) = payments::row(program, &ran.data) {
            let raw = self.raw(ran);
            self.push_rows(&program.to_string(), None, vec![data], raw);
        }
    }

    fn raw(&self, ran: &Ran) -> Value {
        json!({
            "program": self.key(Some(&ran.program)),
            "accounts": ran.accounts.iter().map(|p| self.key(Some(p))).collect::<Vec<_>>(),
            "data": bs58::encode(&ran.data).into_string(),
        })
    }

    fn row(&mut self, contract: &str, parts: Vec<EventData>, ran: &Ran) {
        let raw = self.raw(ran);
        self.push(contract, parts, raw);
    }

    /// Writes the held reason row, if any.
    fn flush_reason(&mut self) {
        if let Some((data, raw)) = self.reason.take() {
            let mint = self.asset.mint.clone();
            self.push(&mint, vec![data], raw);
        }
    }

    /// Whether account `n` of `ran` is `key`.
    fn names(&self, ran: &Ran, n: usize, key: &str) -> bool {
        self.key(ran.accounts.get(n)) == Some(key)
    }

    /// The rows of one transfer-hook instruction on the asset's registry or policy (one that
    /// names them but does not decode is kept as `unknown`).
    fn hook_instruction(&mut self, ran: &Ran) {
        let (discriminator, mut body) = ran.data.split_at(ran.data.len().min(8));
        let (registry, policy, mint) = (
            self.asset.registry.clone(),
            self.asset.policy.clone(),
            self.asset.mint.clone(),
        );
        let admin_on_registry = self.names(ran, at::ADMIN_ON, &registry);
        let (contract, parts) = if discriminator == hook_args::UpsertInvestor::DISCRIMINATOR {
            if !self.names(ran, at::UPSERT_REGISTRY, &registry) {
                return;
            }
            let wallet = self.key(ran.accounts.get(at::UPSERT_WALLET));
            let row = match (hook_args::UpsertInvestor::deserialize(&mut body), wallet) {
                (Ok(a), Some(wallet)) => EventData::InvestorUpdated {
                    investor: wallet.to_owned(),
                    status: match a.status {
                        InvestorStatus::Verified => 1,
                        InvestorStatus::Revoked => 2,
                    },
                    jurisdiction: a.jurisdiction,
                    kyc_expiry: u64::try_from(a.kyc_expiry).unwrap_or(0),
                },
                _ => unknown("an upsert_investor that does not decode"),
            };
            (registry, vec![row])
        } else if discriminator == hook_args::RemoveInvestor::DISCRIMINATOR {
            if !self.names(ran, at::REMOVE_REGISTRY, &registry) {
                return;
            }
            let row = match hook_args::RemoveInvestor::deserialize(&mut body) {
                Ok(a) => EventData::InvestorRemoved {
                    investor: a.wallet.to_string(),
                },
                Err(_) => unknown("a remove_investor that does not decode"),
            };
            (registry, vec![row])
        } else if discriminator == hook_args::SetHolderState::DISCRIMINATOR {
            if !self.names(ran, at::HOLDER_STATE_POLICY, &policy) {
                return;
            }
            // The whole restriction: one row per part, as ink!'s `RestrictionSet`.
            let rows = match hook_args::SetHolderState::deserialize(&mut body) {
                Ok(a) => {
                    let account = a.wallet.to_string();
                    vec![
                        EventData::AccountFrozen {
                            account: account.clone(),
                            frozen: a.account_frozen,
                        },
                        EventData::FrozenAmountSet {
                            account: account.clone(),
                            amount: Amount(u128::from(a.frozen_amount)),
                        },
                        EventData::LockupSet {
                            account,
                            until: u64::try_from(a.locked_until).unwrap_or(0),
                        },
                    ]
                }
                Err(_) => vec![unknown("a set_holder_state that does not decode")],
            };
            (mint, rows)
        } else if discriminator == hook_args::SetRules::DISCRIMINATOR {
            if !self.names(ran, at::RULES_POLICY, &policy) {
                return;
            }
            let row = match hook_args::SetRules::deserialize(&mut body) {
                Ok(a) => EventData::RulesUpdated {
                    allowed_jurisdictions: a.rules.allowed_jurisdictions,
                    blocked_jurisdictions: a.rules.blocked_jurisdictions,
                    max_holders: a.rules.max_holders,
                    max_balance: Amount(u128::from(a.rules.max_balance)),
                    expired_kyc_blocks_sending: a.rules.expired_kyc_blocks_sending,
                },
                Err(_) => unknown("a set_rules that does not decode"),
            };
            (mint, vec![row])
        } else if admin_on_registry
            && [
                hook_args::GrantRegistryAgent::DISCRIMINATOR,
                hook_args::RevokeRegistryAgent::DISCRIMINATOR,
            ]
            .contains(&discriminator)
        {
            let granted = discriminator == hook_args::GrantRegistryAgent::DISCRIMINATOR;
            let row = self.role(ran, Some("registry_agent"), granted);
            (registry, vec![row])
        } else if admin_on_registry
            && [
                hook_args::ProposeRegistryAdmin::DISCRIMINATOR,
                hook_args::AcceptRegistryAdmin::DISCRIMINATOR,
            ]
            .contains(&discriminator)
        {
            let proposal = discriminator == hook_args::ProposeRegistryAdmin::DISCRIMINATOR;
            (registry, vec![self.handover(ran, body, proposal)])
        } else {
            // Policy set-up and the per-transfer bookkeeping change no line.
            return;
        };
        self.row(&contract, parts, ran);
    }

    /// The rows of one issuer instruction on the asset: the reasons beside a balance move, pause
    /// and metadata (one that names the asset but does not decode is kept as `unknown`).
    fn issuer_instruction(&mut self, ran: &Ran) {
        let issuer = self.asset.issuer.clone();
        // Every instruction the ledger reads names the asset's issuer PDA.
        let on_asset = self.names(ran, at::ISSUER, &issuer);
        let admin_on_asset = self.names(ran, at::ADMIN_ON, &issuer);
        let (discriminator, mut body) = ran.data.split_at(ran.data.len().min(8));
        let a = &ran.accounts;
        let amount = |v: u64| Amount(u128::from(v));
        let parties = (
            self.owner(a.get(at::SOURCE)),
            self.owner(a.get(at::DESTINATION)),
        );
        let row = if on_asset && discriminator == issuer_args::ForcedTransfer::DISCRIMINATOR {
            match (issuer_args::ForcedTransfer::deserialize(&mut body), parties) {
                (Ok(x), (Some(from), Some(to))) => EventData::ForcedTransfer {
                    from,
                    to,
                    amount: amount(x.amount),
                },
                _ => unknown("a forced_transfer that does not decode"),
            }
        } else if on_asset && discriminator == issuer_args::Recover::DISCRIMINATOR {
            // The whole balance moves: what the lost wallet held before.
            let moved = a
                .get(at::SOURCE)
                .and_then(|p| self.balances_before.get(p))
                .copied();
            match (moved, parties) {
                (Some(moved), (Some(lost), Some(new))) => EventData::Recovered {
                    lost,
                    new,
                    amount: amount(moved),
                },
                _ => unknown("a recover that does not decode"),
            }
        } else if on_asset && discriminator == issuer_args::Redeem::DISCRIMINATOR {
            let by = self.key(a.get(at::SIGNER)).map(str::to_owned);
            match (issuer_args::Redeem::deserialize(&mut body), parties.0, by) {
                (Ok(x), Some(from), Some(by)) => EventData::Redeemed {
                    from,
                    amount: amount(x.amount),
                    by,
                },
                _ => unknown("a redeem that does not decode"),
            }
        } else if on_asset && discriminator == issuer_args::Pause::DISCRIMINATOR {
            EventData::Paused
        } else if on_asset && discriminator == issuer_args::Unpause::DISCRIMINATOR {
            EventData::Unpaused
        } else if admin_on_asset && discriminator == issuer_args::Deactivate::DISCRIMINATOR {
            EventData::Deactivated
        } else if admin_on_asset && discriminator == issuer_args::SetMetadata::DISCRIMINATOR {
            match issuer_args::SetMetadata::deserialize(&mut body) {
                Ok(x) => EventData::MetadataUpdated {
                    uri: x.uri,
                    legal_document_hash: hash_hex(&x.legal_document_hash),
                },
                Err(_) => unknown("a set_metadata that does not decode"),
            }
        } else if admin_on_asset && discriminator == issuer_args::SetDocument::DISCRIMINATOR {
            match issuer_args::SetDocument::deserialize(&mut body) {
                // The document `legal` is the metadata (`docs/spec/token.md`, Documents).
                Ok(x) if x.name == LEGAL_DOCUMENT => EventData::MetadataUpdated {
                    uri: x.uri,
                    legal_document_hash: hash_hex(&x.hash),
                },
                Ok(x) => EventData::DocumentUpdated {
                    name: x.name,
                    uri: x.uri,
                    hash: hash_hex(&x.hash),
                },
                Err(_) => unknown("a set_document that does not decode"),
            }
        } else if admin_on_asset && discriminator == issuer_args::RemoveDocument::DISCRIMINATOR {
            match issuer_args::RemoveDocument::deserialize(&mut body) {
                Ok(x) => EventData::DocumentRemoved { name: x.name },
                Err(_) => unknown("a remove_document that does not decode"),
            }
        } else if admin_on_asset
            && [
                issuer_args::GrantRole::DISCRIMINATOR,
                issuer_args::RevokeRole::DISCRIMINATOR,
            ]
            .contains(&discriminator)
        {
            // Both take the role as their one argument.
            let role = issuer_args::GrantRole::deserialize(&mut body)
                .ok()
                .map(|g| match g.role {
                    issuer_types::Role::Issuer => "issuer",
                    issuer_types::Role::Agent => "agent",
                    issuer_types::Role::Pauser => "pauser",
                });
            let granted = discriminator == issuer_args::GrantRole::DISCRIMINATOR;
            self.role(ran, role, granted)
        } else if admin_on_asset
            && [
                issuer_args::ProposeAdmin::DISCRIMINATOR,
                issuer_args::AcceptAdmin::DISCRIMINATOR,
            ]
            .contains(&discriminator)
        {
            let proposal = discriminator == issuer_args::ProposeAdmin::DISCRIMINATOR;
            self.handover(ran, body, proposal)
        } else {
            // The rest move balances through Token-2022, whose instructions make those rows.
            return;
        };
        let mint = self.asset.mint.clone();
        if matches!(
            row,
            EventData::ForcedTransfer { .. }
                | EventData::Recovered { .. }
                | EventData::Redeemed { .. }
        ) {
            // Written after the balance move it explains (inside this instruction).
            self.reason = Some((row, self.raw(ran)));
        } else {
            self.row(&mint, vec![row], ran);
        }
    }
}

impl Reading<'_> {
    /// The row of a role grant (`granted`) or revocation on the issuer PDA or the registry:
    /// `role` and the account at [`at::ROLE_ACCOUNT`].
    fn role(&self, ran: &Ran, role: Option<&str>, granted: bool) -> EventData {
        match (role, self.key(ran.accounts.get(at::ROLE_ACCOUNT))) {
            (Some(role), Some(account)) => role_row(role, account, granted),
            _ => unknown("a role grant or revocation that does not decode"),
        }
    }

    /// The row of an admin handover on the issuer PDA or the registry: a proposal (its
    /// argument, `None` to cancel, as EVM's `address(0)`) or its acceptance (the signer).
    fn handover(&self, ran: &Ran, mut body: &[u8], proposal: bool) -> EventData {
        if proposal {
            match Option::<Pubkey>::deserialize(&mut body) {
                Ok(new) => EventData::AdminProposed {
                    account: new.map(|k| k.to_string()).unwrap_or_default(),
                },
                Err(_) => unknown("a propose_admin that does not decode"),
            }
        } else {
            match self.key(ran.accounts.get(at::SIGNER)) {
                Some(a) => EventData::AdminTransferred {
                    account: a.to_owned(),
                },
                None => unknown("an accept_admin that does not decode"),
            }
        }
    }
}

/// `role` granted to or revoked from `account`.
fn role_row(role: &str, account: &str, granted: bool) -> EventData {
    let (role, account) = (role.to_owned(), account.to_owned());
    if granted {
        EventData::RoleGranted { role, account }
    } else {
        EventData::RoleRevoked { role, account }
    }
}

/// A row kept raw: what did not decode, and why.
pub(super) fn unknown(why: &str) -> EventData {
    EventData::Unknown { reason: why.into() }
}

/// Where the instructions the ledger reads name their accounts (the IDLs' account order; a
/// test checks each against the committed IDLs).
mod at {
    /// The hook's `upsert_investor`: its registry and the wallet.
    pub const UPSERT_REGISTRY: usize = 1;
    pub const UPSERT_WALLET: usize = 3;
    /// The hook's `remove_investor`: its registry.
    pub const REMOVE_REGISTRY: usize = 1;
    /// The hook's `set_holder_state`: the mint's policy.
    pub const HOLDER_STATE_POLICY: usize = 2;
    /// The hook's `set_rules`: the mint's policy.
    pub const RULES_POLICY: usize = 1;
    /// The issuer's instructions on holders and supply (`forced_transfer`, `recover`, `redeem`,
    /// `pause`, `unpause`): the signer, the issuer PDA, the source and destination accounts.
    pub const SIGNER: usize = 0;
    pub const ISSUER: usize = 2;
    pub const SOURCE: usize = 4;
    pub const DESTINATION: usize = 5;
    /// The admin's instructions: `set_metadata`, `set_document`, `remove_document`, `deactivate`, role grants and revocations (the issuer's
    /// `grant_role`, `revoke_role`; the hook's `grant_registry_agent`, `revoke_registry_agent`)
    /// and admin handovers (`propose_admin`, `accept_admin`, and the registry's): the issuer
    /// PDA or the registry, and the account a role is granted to or revoked from.
    pub const ADMIN_ON: usize = 1;
    pub const ROLE_ACCOUNT: usize = 2;
}

/// The rows of one transaction (`tx`, the node's `getTransaction` answer) of `asset` on
/// `network`, at `position`: the instructions it ran on the asset, in execution order. What the
/// sync does with each transaction it finds, and what a chain that keeps its own history (the
/// embedded devnet) can do with its transactions.
pub fn records(
    network: &str,
    asset: &SolanaAsset,
    position: &Position,
    signature: &str,
    tx: &EncodedConfirmedTransactionWithStatusMeta,
) -> Vec<EventRecord> {
    let mut reading = Reading {
        network,
        asset,
        position,
        signature,
        keys: vec![],
        token_accounts: HashMap::new(),
        balances_before: HashMap::new(),
        rows: vec![],
        index: 0,
        reason: None,
    };
    let (Some(decoded), Some(meta)) = (
        tx.transaction.transaction.decode(),
        tx.transaction.meta.as_ref(),
    ) else {
        let mint = asset.mint.clone();
        reading.push(
            &mint,
            vec![EventData::Unknown {
                reason: "a transaction (or its status) that does not decode".into(),
            }],
            json!({ "signature": signature }),
        );
        return reading.rows;
    };
    if meta.err.is_some() {
        return vec![]; // a failed transaction changed nothing
    }
    reading.keys = decoded
        .message
        .static_account_keys()
        .iter()
        .map(ToString::to_string)
        .collect();
    if let OptionSerializer::Some(loaded) = &meta.loaded_addresses {
        reading.keys.extend(loaded.writable.iter().cloned());
        reading.keys.extend(loaded.readonly.iter().cloned());
    }
    for (before, balances) in [
        (true, &meta.pre_token_balances),
        (false, &meta.post_token_balances),
    ] {
        let OptionSerializer::Some(balances) = balances else {
            continue;
        };
        for b in balances {
            let at = usize::from(b.account_index);
            if let OptionSerializer::Some(owner) = &b.owner {
                reading
                    .token_accounts
                    .insert(at, (b.mint.clone(), owner.clone()));
            }
            if before {
                let amount = b.ui_token_amount.amount.parse().unwrap_or(0);
                reading.balances_before.insert(at, amount);
            }
        }
    }
    let top = decoded
        .message
        .instructions()
        .iter()
        .map(|ix| Ran {
            program: usize::from(ix.program_id_index),
            accounts: ix.accounts.iter().map(|a| usize::from(*a)).collect(),
            data: ix.data.clone(),
            top: true,
        })
        .collect();
    let (token_2022, hook_id, issuer_id) = (
        spl_token_2022_interface::ID.to_string(),
        hook::ID.to_string(),
        issuer::ID.to_string(),
    );
    let payment_programs = payments::PROGRAMS.map(|id| (id.to_string(), id));
    for ran in executed(top, meta) {
        if ran.top {
            // A reason whose instruction moved nothing is still written, at its end.
            reading.flush_reason();
        }
        let program = reading.key(Some(&ran.program));
        if let Some((_, id)) = payment_programs
            .iter()
            .find(|(name, _)| Some(name.as_str()) == program)
        {
            reading.payment_event(&ran, id);
            continue;
        }
        match program {
            Some(p) if p == token_2022 || p == SPL_TOKEN => reading.token_instruction(&ran),
            Some(p) if p == hook_id => reading.hook_instruction(&ran),
            Some(p) if p == issuer_id => reading.issuer_instruction(&ran),
            _ => {}
        }
    }
    reading.flush_reason();
    reading.rows
}

/// Every instruction the transaction ran, in order: each of the `top`-level instructions
/// followed by the instructions it invoked.
fn executed(top: Vec<Ran>, meta: &UiTransactionStatusMeta) -> Vec<Ran> {
    let mut inner: HashMap<u8, Vec<Ran>> = HashMap::new();
    if let OptionSerializer::Some(lists) = &meta.inner_instructions {
        for list in lists {
            let ran = list.instructions.iter().filter_map(|ix| match ix {
                UiInstruction::Compiled(c) => Some(Ran {
                    program: usize::from(c.program_id_index),
                    accounts: c.accounts.iter().map(|a| usize::from(*a)).collect(),
                    data: bs58::decode(&c.data).into_vec().unwrap_or_default(),
                    top: false,
                }),
                // Only asked-for `jsonParsed` answers carry parsed ones.
                UiInstruction::Parsed(_) => None,
            });
            inner.entry(list.index).or_default().extend(ran);
        }
    }
    let mut all = vec![];
    for (i, ix) in top.into_iter().enumerate() {
        all.push(ix);
        all.extend(inner.remove(&(i as u8)).unwrap_or_default());
    }
    all
}

#[cfg(test)]
mod tests {
    use super::at;

    /// The position of `account` in `instruction`'s accounts, as the committed IDL lists them.
    fn position(idl: &str, instruction: &str, account: &str) -> usize {
        let idl: serde_json::Value = serde_json::from_str(idl).unwrap();
        let ix = idl["instructions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|ix| ix["name"] == instruction)
            .unwrap_or_else(|| panic!("no instruction {instruction}"));
        ix["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .position(|a| a["name"] == account)
            .unwrap_or_else(|| panic!("{instruction} names no {account}"))
    }

    #[test]
    fn the_account_positions_are_the_idls() {
        let hook = include_str!("../../../../bindings/solana/idls/tokenrail_transfer_hook.json");
        let issuer = include_str!("../../../../bindings/solana/idls/tokenrail_issuer.json");
        assert_eq!(
            position(hook, "upsert_investor", "registry"),
            at::UPSERT_REGISTRY
        );
        assert_eq!(
            position(hook, "upsert_investor", "wallet"),
            at::UPSERT_WALLET
        );
        assert_eq!(
            position(hook, "remove_investor", "registry"),
            at::REMOVE_REGISTRY
        );
        assert_eq!(
            position(hook, "set_holder_state", "policy"),
            at::HOLDER_STATE_POLICY
        );
        assert_eq!(position(hook, "set_rules", "policy"), at::RULES_POLICY);
        for ix in ["forced_transfer", "recover", "redeem", "pause", "unpause"] {
            assert_eq!(position(issuer, ix, "signer"), at::SIGNER, "{ix}");
            assert_eq!(position(issuer, ix, "issuer"), at::ISSUER, "{ix}");
        }
        for ix in ["forced_transfer", "recover", "redeem"] {
            assert_eq!(position(issuer, ix, "source"), at::SOURCE, "{ix}");
        }
        for ix in ["forced_transfer", "recover"] {
            assert_eq!(position(issuer, ix, "destination"), at::DESTINATION, "{ix}");
        }
        for ix in [
            "set_metadata",
            "set_document",
            "remove_document",
            "deactivate",
        ] {
            assert_eq!(position(issuer, ix, "issuer"), at::ADMIN_ON, "{ix}");
        }
        for ix in ["grant_role", "revoke_role"] {
            assert_eq!(position(issuer, ix, "issuer"), at::ADMIN_ON, "{ix}");
            assert_eq!(position(issuer, ix, "account"), at::ROLE_ACCOUNT, "{ix}");
        }
        for ix in ["grant_registry_agent", "revoke_registry_agent"] {
            assert_eq!(position(hook, ix, "registry"), at::ADMIN_ON, "{ix}");
            assert_eq!(position(hook, ix, "agent"), at::ROLE_ACCOUNT, "{ix}");
        }
        for ix in ["propose_admin", "accept_admin"] {
            assert_eq!(position(issuer, ix, "signer"), at::SIGNER, "{ix}");
            assert_eq!(position(issuer, ix, "issuer"), at::ADMIN_ON, "{ix}");
        }
        for ix in ["propose_registry_admin", "accept_registry_admin"] {
            assert_eq!(position(hook, ix, "signer"), at::SIGNER, "{ix}");
            assert_eq!(position(hook, ix, "registry"), at::ADMIN_ON, "{ix}");
        }
    }
}
