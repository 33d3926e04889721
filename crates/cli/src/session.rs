//! A session: one chain family's clients on one chain (the devnet, or an endpoint), the
//! handles the CLI created there, and every operation and query a command can ask of it. The
//! targets load a session from their record, run one request and record what it created.

use serde_json::{json, Value};
use tokenrail_core::Amount;
use tokenrail_devnet::DEV_ACCOUNTS;
use tokenrail_sdk::channel::{Kind, Message, Signed};
use tokenrail_sdk::Named;
use tokenrail_sdk::{
    ChannelClient, ChannelStatus, ClientError, EscrowClient, EscrowStatus, Investor, LedgerError,
    NewDistribution, NewEscrow, PayoutClient, TokenClient, TokenTerms,
};

use crate::chain::address::ChainAddress;
use crate::chain::chain_name;
use crate::chain::family::{ChannelRef, Distribution, Dn, EscrowRef, Family};
use crate::chain::ops::{Asset, Op, Query};
use crate::chain::record::{Created, RecordedChannel, RecordedDistribution};
use crate::chain::ChainArg;
use crate::error::{BadInput, Failure, OutcomeUnknown};

/// Why an operation failed.
pub enum OpError {
    /// A contract refused, with the spec's code.
    Refused(String),
    /// The request names something that does not exist or is malformed.
    Input(String),
    /// The chain refused outside the spec, or the node could not be reached before anything
    /// was sent.
    Chain(String),
    /// A transaction was sent but its outcome is unknown.
    Unknown(String),
}

impl<E: std::fmt::Debug + std::fmt::Display> From<ClientError<E>> for OpError {
    fn from(e: ClientError<E>) -> Self {
        match e {
            ClientError::Spec(code) => OpError::Refused(format!("the contract refused: {code}")),
            ClientError::Chain(text) => OpError::Chain(text),
            ClientError::Transport(text) => OpError::Chain(format!(
                "{text} (nothing was sent: the command can be run again)"
            )),
            e @ ClientError::Unknown { .. } => OpError::Unknown(format!(
                "{e}; check the chain before running the command again"
            )),
        }
    }
}

/// A request to the chain that failed outside any capability call (its clock, its identity).
impl From<LedgerError> for OpError {
    fn from(e: LedgerError) -> Self {
        ClientError::<std::convert::Infallible>::from(e).into()
    }
}

impl OpError {
    /// The error's text.
    pub fn text(self) -> String {
        match self {
            OpError::Refused(t) | OpError::Input(t) | OpError::Chain(t) | OpError::Unknown(t) => t,
        }
    }

    /// As the CLI's failure (input errors exit with the invalid-input code).
    pub fn into_failure(self) -> Failure {
        match self {
            OpError::Refused(text) | OpError::Chain(text) => anyhow::anyhow!(text).into(),
            OpError::Input(text) => BadInput(text).into(),
            OpError::Unknown(text) => OutcomeUnknown(text).into(),
        }
    }
}

pub type OpResult<T> = Result<T, OpError>;

/// A chain's clients with the handles the CLI created there (escrows, distributions and
/// channels, numbered from 1 in the order they were created).
pub struct Session<F: Family> {
    /// The clients and signers.
    pub dn: Dn<F>,
    /// The escrows.
    pub escrows: Vec<EscrowRef<F>>,
    /// The distributions.
    pub distributions: Vec<Distribution<F>>,
    /// The channels.
    pub channels: Vec<ChannelRef<F>>,
    /// Each channel's parties A and B, spelled as [`Session::show`] does.
    pub channel_parties: Vec<(String, String)>,
    /// An endpoint: one key signs, and accounts are addresses (no development accounts).
    pub endpoint: bool,
    /// An endpoint's account prefix: the bech32 prefix on Cosmos, the SS58 format on ink!.
    pub address_prefix: Option<String>,
}

fn signer_in<'a, S>(signers: &'a Named<S>, name: &str) -> OpResult<&'a S> {
    signers.get(name).ok_or_else(|| unknown_account(name))
}

fn token_in<T>(token: &mut Option<T>) -> OpResult<&mut T> {
    token.as_mut().ok_or_else(|| {
        OpError::Input("no token is issued on this devnet yet: run `tokenrail token issue`".into())
    })
}

impl<F: Family> Session<F> {
    /// A session on `dn` that knows no handles yet.
    pub fn new(dn: Dn<F>) -> Self {
        Session {
            dn,
            escrows: vec![],
            distributions: vec![],
            channels: vec![],
            channel_parties: vec![],
            endpoint: false,
            address_prefix: None,
        }
    }

    /// The handles `created` records, read back.
    pub fn load(&mut self, created: &Created) -> Result<(), String> {
        for e in &created.escrows {
            self.escrows.push(F::escrow_from(e)?);
        }
        for d in &created.distributions {
            let mut claims = vec![];
            for (who, amount) in &d.claims {
                claims.push((self.recorded_address(who)?, amount.0));
            }
            let h = F::distribution_from(&mut self.dn.payout, &d.handle, claims)?;
            self.distributions.push(h);
        }
        for c in &created.channels {
            let (a, b) = (self.recorded_address(&c.a)?, self.recorded_address(&c.b)?);
            self.channels.push(F::channel_from(&c.id, &a, &b)?);
            self.channel_parties.push((self.show(&a), self.show(&b)));
        }
        Ok(())
    }

    /// The handles the session knows, as recorded (accounts as addresses, never names).
    pub fn record(&self) -> Result<Created, String> {
        let spell = |a: &F::Address| a.show_with(self.address_prefix.as_deref());
        let mut channels = vec![];
        for (c, (a, b)) in self.channels.iter().zip(&self.channel_parties) {
            channels.push(RecordedChannel {
                id: F::channel_record(c),
                a: spell(&self.address(a).map_err(OpError::text)?),
                b: spell(&self.address(b).map_err(OpError::text)?),
            });
        }
        Ok(Created {
            escrows: self.escrows.iter().map(F::escrow_record).collect(),
            distributions: self
                .distributions
                .iter()
                .map(|d| {
                    let (handle, claims) = F::distribution_record(d);
                    RecordedDistribution {
                        handle,
                        claims: claims.iter().map(|(a, m)| (spell(a), Amount(*m))).collect(),
                    }
                })
                .collect(),
            channels,
        })
    }

    /// An address as a record spells it.
    fn recorded_address(&self, text: &str) -> Result<F::Address, String> {
        F::Address::parse_with(text, self.address_prefix.as_deref())
            .map_err(|e| format!("a recorded account `{text}`: {e}"))
    }

    /// Each `(account, amount)` with its account resolved (a development name or an address).
    fn legs(&self, legs: &[(String, Amount)]) -> OpResult<Vec<(F::Address, u128)>> {
        legs.iter()
            .map(|(who, m)| Ok((self.address(who)?, m.0)))
            .collect()
    }

    /// A development account's name or the chain's own address spelling.
    fn address(&self, text: &str) -> OpResult<F::Address> {
        if let Some(s) = self.dn.signers.get(text) {
            return Ok(self.dn.escrow.address_of(s));
        }
        if self.endpoint {
            return F::Address::parse_with(text, self.address_prefix.as_deref())
                .map_err(|e| OpError::Input(format!("`{text}`: {e}")));
        }
        F::Address::parse(text).map_err(|e| {
            OpError::Input(format!(
                "`{text}` is neither a development account ({}) nor {} address: {e}",
                DEV_ACCOUNTS.join(", "),
                match F::CHAIN {
                    ChainArg::Evm => "an EVM",
                    ChainArg::Solana => "a Solana",
                    ChainArg::Cosmwasm => "a CosmWasm",
                    ChainArg::Ink => "an ink!",
                }
            ))
        })
    }

    /// The name of the development account at `a`, else its address.
    pub fn show(&self, a: &F::Address) -> String {
        self.dn
            .signers
            .iter()
            .find(|(_, s)| self.dn.escrow.address_of(s) == *a)
            .map_or_else(
                || a.show_with(self.address_prefix.as_deref()),
                |(n, _)| n.to_string(),
            )
    }

    /// The signed message in `file`, checked to be this devnet's and this channel's.
    fn signed(&mut self, channel: usize, file: &crate::message::MessageFile) -> OpResult<Signed> {
        let ch = pick(&self.channels, channel, "channel")?;
        let message = file.message().map_err(|e| OpError::Input(e.0))?;
        self.check_message(&ch, channel, file, &message)?;
        let sig = |s: &Option<String>, who: &str| -> OpResult<Vec<u8>> {
            let text = s.as_deref().ok_or_else(|| {
                OpError::Input(format!("the message has no signature of party {who}"))
            })?;
            hex::decode(text.strip_prefix("0x").unwrap_or(text))
                .map_err(|_| OpError::Input(format!("party {who}'s signature is not hex")))
        };
        Ok(Signed {
            message,
            sig_a: sig(&file.signatures.a, "A")?,
            sig_b: sig(&file.signatures.b, "B")?,
        })
    }

    /// A message file must be for this devnet's channel contract and for channel `n`.
    fn check_message(
        &mut self,
        ch: &ChannelRef<F>,
        n: usize,
        file: &crate::message::MessageFile,
        message: &Message,
    ) -> OpResult<()> {
        let domain = file.domain().map_err(|e| OpError::Input(e.0))?;
        if domain != self.dn.channel.domain() {
            return Err(OpError::Input(
                "the message is for another deployment (its domain is not this devnet's channel \
                 contract)"
                    .into(),
            ));
        }
        let expected = self.dn.channel.message(ch, Kind::State, 0, 0, 0)?;
        if channel_id(message) != channel_id(&expected) {
            return Err(OpError::Input(format!(
                "the message is not for channel {n}"
            )));
        }
        Ok(())
    }

    /// The deployment: contracts, accounts, clock.
    pub fn info(&mut self) -> OpResult<Value> {
        let now = self.dn.now().map_err(OpError::from)?;
        Ok(json!({
            "chain": chain_name(F::CHAIN),
            "time": now,
            "token_issued": self.dn.token.is_some(),
            "escrows": self.escrows.len(),
            "distributions": self.distributions.len(),
            "channels": self.channels.len(),
            "channel_domain": format!("{:?}", self.dn.channel.domain()),
        }))
    }

    /// Runs `op` on an endpoint: signed by its one key, relative times resolved against the
    /// chain's clock.
    pub fn apply_on_endpoint(&mut self, op: &mut Op) -> Result<Value, Failure> {
        op.sign_as("key");
        let now = self.dn.now().map_err(|e| anyhow::anyhow!(e))?;
        op.resolve(now);
        self.apply(op).map_err(OpError::into_failure)
    }

    /// Runs one operation; the value describes what it did.
    pub fn apply(&mut self, op: &Op) -> OpResult<Value> {
        let now = self.dn.now().map_err(OpError::from)?;
        Ok(match op {
            Op::Deploy => self.info()?,
            Op::Issue {
                issuer,
                name,
                symbol,
                decimals,
                cap,
                uri,
                legal_document_hash,
            } => {
                if self.dn.token.is_some() {
                    return Err(OpError::Input(
                        "a token is already issued on this devnet".into(),
                    ));
                }
                signer_in(&self.dn.signers, issuer)?;
                let hash = parse_hash(legal_document_hash).map_err(OpError::Input)?;
                let terms = TokenTerms {
                    name: name.clone(),
                    symbol: symbol.clone(),
                    decimals: *decimals,
                    cap: cap.0,
                    uri: uri.clone(),
                    legal_document_hash: hash,
                };
                F::issue(&mut self.dn, &terms, issuer)?;
                json!({ "issued": name, "symbol": symbol, "cap": cap.0.to_string(), "issuer": issuer })
            }
            Op::Register {
                by,
                investor,
                jurisdiction,
                kyc_expiry,
            } => {
                let who = self.address(investor)?;
                let s = signer_in(&self.dn.signers, by)?;
                let entry = Investor {
                    jurisdiction: *jurisdiction,
                    kyc_expiry: kyc_expiry.at(now),
                };
                token_in(&mut self.dn.token)?.register(s, &who, entry)?;
                json!({ "registered": investor, "jurisdiction": jurisdiction, "kyc_expiry": entry.kyc_expiry })
            }
            Op::Mint { by, to, amount } => {
                let who = self.address(to)?;
                let s = signer_in(&self.dn.signers, by)?;
                let t = token_in(&mut self.dn.token)?;
                t.mint(s, &who, amount.0)?;
                json!({ "minted": amount.0.to_string(), "to": to, "balance": t.balance(&who)?.to_string() })
            }
            Op::Transfer { by, to, amount } => {
                let who = self.address(to)?;
                let s = signer_in(&self.dn.signers, by)?;
                let t = token_in(&mut self.dn.token)?;
                t.transfer(s, &who, amount.0)?;
                json!({ "transferred": amount.0.to_string(), "from": by, "to": to })
            }
            Op::Freeze {
                by,
                account,
                frozen,
            } => {
                let who = self.address(account)?;
                let s = signer_in(&self.dn.signers, by)?;
                token_in(&mut self.dn.token)?.set_frozen(s, &who, *frozen)?;
                json!({ "account": account, "frozen": frozen })
            }
            Op::Pause { by, paused } => {
                let s = signer_in(&self.dn.signers, by)?;
                token_in(&mut self.dn.token)?.set_paused(s, *paused)?;
                json!({ "paused": paused })
            }
            Op::Deactivate { by } => {
                let s = signer_in(&self.dn.signers, by)?;
                token_in(&mut self.dn.token)?.deactivate(s)?;
                json!({ "deactivated": true })
            }
            Op::SetDocument {
                by,
                name,
                uri,
                hash,
            } => {
                let hash = parse_hash(hash).map_err(OpError::Input)?;
                let s = signer_in(&self.dn.signers, by)?;
                token_in(&mut self.dn.token)?.set_document(s, name, uri, hash)?;
                json!({ "document": name, "uri": uri, "hash": format!("0x{}", hex::encode(hash)) })
            }
            Op::RemoveDocument { by, name } => {
                let s = signer_in(&self.dn.signers, by)?;
                token_in(&mut self.dn.token)?.remove_document(s, name)?;
                json!({ "removed": name })
            }
            Op::ForcedTransfer {
                by,
                from,
                to,
                amount,
            } => {
                let (f, t) = (self.address(from)?, self.address(to)?);
                let s = signer_in(&self.dn.signers, by)?;
                token_in(&mut self.dn.token)?.forced_transfer(s, &f, &t, amount.0)?;
                json!({ "forced": amount.0.to_string(), "from": from, "to": to })
            }
            Op::EscrowCreate {
                by,
                beneficiary,
                arbiter,
                milestones,
                deadline,
            } => {
                let b = self.address(beneficiary)?;
                let a = arbiter.as_deref().map(|x| self.address(x)).transpose()?;
                let s = signer_in(&self.dn.signers, by)?;
                let r = self.dn.escrow.create(
                    s,
                    NewEscrow {
                        beneficiary: b,
                        arbiter: a,
                        milestones: milestones.iter().map(|m| m.0).collect(),
                        deadline: deadline.at(now),
                    },
                )?;
                self.escrows.push(r);
                json!({ "escrow": self.escrows.len(), "deadline": deadline.at(now),
                        "milestones": milestones.iter().map(|m| m.0.to_string()).collect::<Vec<_>>() })
            }
            Op::EscrowRelease {
                by,
                escrow,
                milestone,
            } => {
                let r = pick(&self.escrows, *escrow, "escrow")?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.escrow.release(s, &r, *milestone)?;
                json!({ "escrow": escrow, "released": milestone })
            }
            Op::EscrowRefund { by, escrow } => {
                let r = pick(&self.escrows, *escrow, "escrow")?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.escrow.refund(s, &r)?;
                json!({ "escrow": escrow, "refunded": true })
            }
            Op::EscrowCancel { by, escrow } => {
                let r = pick(&self.escrows, *escrow, "escrow")?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.escrow.cancel(s, &r)?;
                json!({ "escrow": escrow, "cancelled": true })
            }
            Op::PayoutSend { by, legs } => {
                let legs_a = self.legs(legs)?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.payout.multisend(s, &legs_a)?;
                let total: u128 = legs.iter().map(|(_, m)| m.0).sum();
                json!({ "sent": legs.len(), "total": total.to_string() })
            }
            Op::PayoutDistribute {
                by,
                claims,
                start,
                expiry,
                clawback_to,
            } => {
                let claims_a = self.legs(claims)?;
                let back = self.address(clawback_to)?;
                let s = signer_in(&self.dn.signers, by)?;
                let d = self.dn.payout.create_distribution(
                    s,
                    NewDistribution {
                        claims: claims_a,
                        start: start.at(now),
                        expiry: expiry.at(now),
                        clawback_to: back,
                    },
                )?;
                self.distributions.push(d);
                json!({ "distribution": self.distributions.len(), "claims": claims.len(),
                        "expiry": expiry.at(now) })
            }
            Op::PayoutClaim {
                by,
                distribution,
                index,
            } => {
                let d = pick(&self.distributions, *distribution, "distribution")?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.payout.claim(s, &d, *index)?;
                json!({ "distribution": distribution, "claimed": index })
            }
            Op::PayoutClawback { by, distribution } => {
                let d = pick(&self.distributions, *distribution, "distribution")?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.payout.clawback(s, &d)?;
                json!({ "distribution": distribution, "clawed_back": true })
            }
            Op::ChannelOpen {
                by,
                counterparty,
                amount,
                period,
            } => {
                let b = self.address(counterparty)?;
                let q = signer_in(&self.dn.parties, by)?;
                let a = self.dn.channel.address_of(q);
                let ch = self.dn.channel.open(q, &b, amount.0, *period)?;
                let parties = (self.show(&a), self.show(&b));
                let opened = self.dn.channel.channel(&ch)?;
                let existing = self.channels.iter().position(|c| *c == ch);
                let n = match existing {
                    Some(i) => i + 1,
                    None => {
                        self.channels.push(ch);
                        self.channel_parties.push(parties);
                        self.channels.len()
                    }
                };
                json!({ "channel": n, "epoch": opened.epoch, "a": by, "b": counterparty,
                        "deposit": amount.0.to_string(), "period": period })
            }
            Op::ChannelDeposit {
                by,
                channel,
                amount,
            } => {
                let ch = pick(&self.channels, *channel, "channel")?;
                let q = signer_in(&self.dn.parties, by)?;
                self.dn.channel.deposit(q, &ch, amount.0)?;
                json!({ "channel": channel, "deposited": amount.0.to_string() })
            }
            Op::ChannelClose {
                by,
                channel,
                message,
            } => {
                let signed = self.signed(*channel, message)?;
                let ch = pick(&self.channels, *channel, "channel")?;
                let q = signer_in(&self.dn.parties, by)?;
                match signed.message {
                    Message::Close(_) => self.dn.channel.close_cooperative(q, &ch, &signed)?,
                    Message::State(_) => self.dn.channel.close_unilateral(q, &ch, &signed)?,
                }
                self.channel_json(*channel)?
            }
            Op::ChannelCloseWithoutState { by, channel } => {
                let ch = pick(&self.channels, *channel, "channel")?;
                let q = signer_in(&self.dn.parties, by)?;
                self.dn.channel.close_without_state(q, &ch)?;
                self.channel_json(*channel)?
            }
            Op::ChannelChallenge {
                by,
                channel,
                message,
            } => {
                let signed = self.signed(*channel, message)?;
                let ch = pick(&self.channels, *channel, "channel")?;
                let q = signer_in(&self.dn.parties, by)?;
                self.dn.channel.challenge(q, &ch, &signed)?;
                self.channel_json(*channel)?
            }
            Op::ChannelSettle { by, channel } => {
                let ch = pick(&self.channels, *channel, "channel")?;
                let q = signer_in(&self.dn.parties, by)?;
                self.dn.channel.settle(q, &ch)?;
                self.channel_json(*channel)?
            }
            Op::Advance { seconds } => {
                self.dn.advance(*seconds).map_err(OpError::from)?;
                json!({ "advanced": seconds, "time": self.dn.now().map_err(OpError::from)? })
            }
        })
    }

    fn channel_json(&mut self, n: usize) -> OpResult<Value> {
        let ch = pick(&self.channels, n, "channel")?;
        let c = self.dn.channel.channel(&ch)?;
        let status = match c.status {
            ChannelStatus::Open => "open",
            ChannelStatus::Closing => "closing",
            ChannelStatus::Settled => "settled",
        };
        Ok(json!({
            "channel": n,
            "status": status,
            "epoch": c.epoch,
            "nonce": c.nonce,
            "deposit_a": c.deposit_a.to_string(),
            "deposit_b": c.deposit_b.to_string(),
            "deadline": c.deadline,
        }))
    }

    /// Answers a read-only request.
    pub fn query(&mut self, q: &Query) -> OpResult<Value> {
        Ok(match q {
            Query::Accounts => {
                let rows: Vec<Value> = self
                    .dn
                    .signers
                    .iter()
                    .map(|(n, s)| {
                        let address = self.dn.escrow.address_of(s);
                        let address = address.show_with(self.address_prefix.as_deref());
                        json!({ "name": n, "address": address })
                    })
                    .collect();
                json!({ "chain": chain_name(F::CHAIN), "accounts": rows })
            }
            Query::Info => self.info()?,
            Query::Balance { account, of } => {
                let who = self.address(account)?;
                let (balance, asset) = match of {
                    Asset::Token => (token_in(&mut self.dn.token)?.balance(&who)?, "token"),
                    Asset::Escrow => (self.dn.escrow.balance(&who)?, "payment (escrow)"),
                    Asset::Payout => (self.dn.payout.balance(&who)?, "payment (payout)"),
                    Asset::Channel => (self.dn.channel.balance(&who)?, "payment (channel)"),
                };
                json!({ "account": account, "address": who.show_with(self.address_prefix.as_deref()),
                        "balance": balance.to_string(),
                        "asset": asset })
            }
            Query::CanTransfer { from, to, amount } => {
                let (f, t) = (self.address(from)?, self.address(to)?);
                let token = token_in(&mut self.dn.token)?;
                let reason = token.can_transfer(&f, &t, *amount)?;
                let code = reason.map_or(0, |r| r.code());
                // The chain's own text for the code (ERC-1404 on EVM), as a wallet shows it.
                let message = token.restriction_message(code)?;
                json!({
                    "allowed": reason.is_none(),
                    "code": code,
                    "reason": reason.map(|r| r.name()),
                    "message": message,
                })
            }
            Query::Document { name } => {
                let d = token_in(&mut self.dn.token)?.document(name)?;
                document_json(name, &d)
            }
            Query::Documents => {
                let token = token_in(&mut self.dn.token)?;
                let mut rows = Vec::new();
                for name in token.document_names()? {
                    let d = token.document(&name)?;
                    rows.push(document_json(&name, &d));
                }
                json!({ "documents": rows })
            }
            Query::Escrow { escrow } => {
                let r = pick(&self.escrows, *escrow, "escrow")?;
                let e = self.dn.escrow.escrow(&r)?;
                let status = match e.status {
                    EscrowStatus::Active => "active",
                    EscrowStatus::Completed => "completed",
                    EscrowStatus::Refunded => "refunded",
                    EscrowStatus::Cancelled => "cancelled",
                };
                json!({
                    "escrow": escrow,
                    "status": status,
                    "milestones": e.milestones.iter().map(u128::to_string).collect::<Vec<_>>(),
                    "released": e.released.to_string(),
                    "next_milestone": e.next_milestone,
                })
            }
            Query::Channel { channel } => self.channel_json(*channel)?,
            Query::ChannelSign {
                by,
                channel,
                kind,
                nonce,
                sent_a,
                sent_b,
                existing,
            } => {
                let ch = pick(&self.channels, *channel, "channel")?;
                let message = match existing {
                    Some(file) => {
                        let m = file.message().map_err(|e| OpError::Input(e.0))?;
                        self.check_message(&ch, *channel, file, &m)?;
                        m
                    }
                    None => self
                        .dn
                        .channel
                        .message(&ch, *kind, *nonce, *sent_a, *sent_b)?,
                };
                let q = signer_in(&self.dn.parties, by)?;
                let me = self.dn.channel.address_of(q);
                let sig = self.dn.channel.sign(q, &message)?;
                let domain = self.dn.channel.domain();
                let signer = self.show(&me);
                let (pa, pb) = &self.channel_parties[*channel - 1];
                let party = if signer == *pa {
                    "a"
                } else if signer == *pb {
                    "b"
                } else {
                    return Err(OpError::Input(format!(
                        "{by} is not a party of channel {channel} ({pa} and {pb} are)"
                    )));
                };
                json!({
                    "party": party,
                    "signer": signer,
                    "signature": format!("0x{}", hex::encode(sig)),
                    "message": crate::message::MessageFile::of(F::CHAIN, &domain, &message)
                        .map_err(|e| OpError::Input(e.0))?,
                })
            }
        })
    }
}

fn unknown_account(name: &str) -> OpError {
    OpError::Input(format!(
        "`{name}` is not a development account (they are: {})",
        DEV_ACCOUNTS.join(", ")
    ))
}

fn pick<R: Clone>(items: &[R], n: usize, what: &str) -> OpResult<R> {
    n.checked_sub(1)
        .and_then(|i| items.get(i))
        .cloned()
        .ok_or_else(|| {
            OpError::Input(format!(
                "there is no {what} {n} on this devnet ({} so far)",
                items.len()
            ))
        })
}

fn channel_id(m: &Message) -> [u8; 32] {
    match m {
        Message::State(s) => s.channel_id,
        Message::Close(c) => c.channel_id,
    }
}

/// A document as the CLI prints it.
fn document_json(name: &str, d: &tokenrail_sdk::token::Document) -> Value {
    json!({
        "name": name,
        "uri": d.uri,
        "hash": format!("0x{}", hex::encode(d.hash)),
        "last_modified": d.last_modified,
    })
}

fn parse_hash(text: &str) -> Result<[u8; 32], String> {
    let t = text.strip_prefix("0x").unwrap_or(text);
    hex::decode(t)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| format!("`{text}` is not a 32-byte hex hash"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{EXIT_INVALID_INPUT, EXIT_OUTCOME_UNKNOWN};

    fn exit_code(e: ClientError<tokenrail_sdk::EscrowError>) -> (u8, String) {
        let failure = OpError::from(e).into_failure();
        (failure.code, failure.error.to_string())
    }

    /// A script tells from the exit code whether running the command again is safe.
    #[test]
    fn each_kind_of_failure_has_its_exit_code() {
        let (code, text) = exit_code(ClientError::Unknown {
            tx: Some("0xabc".into()),
            detail: "no receipt after 120s".into(),
        });
        assert_eq!(code, EXIT_OUTCOME_UNKNOWN);
        assert!(
            text.contains("0xabc") && text.contains("check the chain"),
            "{text}"
        );

        let (code, text) = exit_code(ClientError::Transport("connection refused".into()));
        assert_eq!(code, 1);
        assert!(text.contains("nothing was sent"), "{text}");

        let (code, text) = exit_code(ClientError::Spec(tokenrail_sdk::EscrowError::NotActive));
        assert_eq!(code, 1);
        assert!(text.contains("NotActive"), "{text}");
        assert_ne!(EXIT_OUTCOME_UNKNOWN, EXIT_INVALID_INPUT);
    }
}
