//! A reference model of `docs/spec/channel.md` in plain Rust: it must pass every shared channel
//! vector, and each deliberately broken variant must fail at least one. It is the executable
//! form of the order of checks and of the deadline edges.

use std::collections::{BTreeMap, HashMap};

use tokenrail_core::channel::ChannelError as E;
use tokenrail_core::vectors::channel::{
    load, record_events, run, Action, ChannelDriver, ChannelStatus, ChannelView, Failure, Kind,
    Party, SignRequest, Tamper,
};
use tokenrail_core::vectors::channel_events::Event;
use tokenrail_core::Amount;

mod bless;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mutation {
    None,
    /// A challenge is still accepted at the deadline.
    ChallengeAtDeadline,
    /// Settle is accepted one second before the deadline.
    SettleEarly,
    /// A challenge with the recorded nonce is accepted.
    EqualNonceChallenges,
    /// An ordinary co-signed State closes cooperatively.
    StateClosesCooperatively,
    /// The epoch is not checked.
    IgnoreEpoch,
    /// Top-ups are accepted during the challenge period.
    TopUpWhileClosing,
    /// Overdrawing states are accepted (payouts saturate).
    NoOverdrawCheck,
    /// Anyone may close unilaterally.
    AnyoneCloses,
    /// Who signed is not checked.
    IgnoreSigners,
    /// Re-opening keeps the epoch.
    ReopenKeepsEpoch,
}

#[derive(Clone, Debug)]
struct Channel {
    a: Party,
    b: Party,
    epoch: u64,
    status: ChannelStatus,
    period: u64,
    deposit_a: u128,
    deposit_b: u128,
    nonce: u64,
    sent: (u128, u128),
    deadline: u64,
}

#[derive(Clone, Debug)]
struct Signed {
    channel: String,
    kind: Kind,
    epoch: u64,
    nonce: u64,
    sent: (u128, u128),
    signers: [Party; 2],
    tamper: Tamper,
}

struct Model {
    m: Mutation,
    now: u64,
    balances: BTreeMap<Party, u128>,
    channels: HashMap<String, Channel>,
    signed: HashMap<String, Signed>,
    /// The events of the last successful call.
    events: Vec<Event>,
}

const MIN_PERIOD: u64 = 3600;
const MAX_PERIOD: u64 = 30 * 24 * 3600;

fn err<T>(e: E) -> Result<T, E> {
    Err(e)
}

impl Model {
    fn new(balances: BTreeMap<Party, u128>, m: Mutation) -> Self {
        Model {
            m,
            now: 0,
            balances,
            channels: HashMap::new(),
            signed: HashMap::new(),
            events: Vec::new(),
        }
    }

    fn take(&mut self, who: Party, amount: u128) -> Result<(), E> {
        let balance = self.balances.entry(who).or_default();
        if *balance < amount {
            return err(E::TransferFailed);
        }
        *balance -= amount;
        Ok(())
    }

    fn channel(&self, label: &str) -> Result<Channel, E> {
        self.channels.get(label).cloned().ok_or(E::ChannelNotFound)
    }

    fn payout(&self, c: &Channel, sent: (u128, u128)) -> Result<(u128, u128), E> {
        match tokenrail_core_balances(c.deposit_a, c.deposit_b, sent.0, sent.1) {
            Some(p) => Ok(p),
            None if self.m == Mutation::NoOverdrawCheck => Ok((
                (c.deposit_a + sent.1).saturating_sub(sent.0),
                (c.deposit_b + sent.0).saturating_sub(sent.1),
            )),
            None => err(E::Overdrawn),
        }
    }

    /// The message checks: channel and epoch (fields the message carries), then the signature,
    /// then who signed.
    fn verify(&self, label: &str, c: &Channel, message: &str, kind: Kind) -> Result<Signed, E> {
        let s = self.signed.get(message).expect("signed earlier").clone();
        let epoch_ok = s.epoch == c.epoch || self.m == Mutation::IgnoreEpoch;
        if s.channel != label || !epoch_ok {
            return err(E::WrongChannel);
        }
        match s.tamper {
            Tamper::HighS => return err(E::InvalidSignature),
            Tamper::OtherDeployment | Tamper::OtherNetwork => return err(E::WrongSigner),
            Tamper::None => {}
        }
        // The kind is only in the signed bytes: a message of the other kind verifies for nobody.
        let kind_ok =
            s.kind == kind || (self.m == Mutation::StateClosesCooperatively && kind == Kind::Close);
        if !kind_ok || (s.signers != [c.a, c.b] && self.m != Mutation::IgnoreSigners) {
            return err(E::WrongSigner);
        }
        Ok(s)
    }

    fn pay(&mut self, label: &str, sent: (u128, u128)) -> Result<(), E> {
        let c = self.channel(label)?;
        let (pay_a, pay_b) = self.payout(&c, sent)?;
        *self.balances.entry(c.a).or_default() += pay_a;
        *self.balances.entry(c.b).or_default() += pay_b;
        let c = self.channels.get_mut(label).unwrap();
        c.status = ChannelStatus::Settled;
        c.deposit_a = 0;
        c.deposit_b = 0;
        self.events = vec![Event::ChannelSettled {
            channel: label.to_owned(),
            epoch: c.epoch,
            balance_a: Amount(pay_a),
            balance_b: Amount(pay_b),
        }];
        Ok(())
    }

    fn start_closing(&mut self, label: &str, by: Party, nonce: u64, sent: (u128, u128)) {
        let now = self.now;
        let c = self.channels.get_mut(label).unwrap();
        c.status = ChannelStatus::Closing;
        c.nonce = nonce;
        c.sent = sent;
        c.deadline = now + c.period;
        self.events = vec![Event::ChannelClosing {
            channel: label.to_owned(),
            epoch: c.epoch,
            nonce,
            deadline: c.deadline,
            by,
        }];
    }

    fn require_party(&self, c: &Channel, by: Party) -> Result<(), E> {
        if by != c.a && by != c.b && self.m != Mutation::AnyoneCloses {
            return err(E::Unauthorized);
        }
        Ok(())
    }
}

/// The balance rule under test is the model's own (the signer crate has the chains' one).
fn tokenrail_core_balances(da: u128, db: u128, sa: u128, sb: u128) -> Option<(u128, u128)> {
    let a = (da + sb).checked_sub(sa)?;
    let b = (db + sa).checked_sub(sb)?;
    Some((a, b))
}

impl ChannelDriver for Model {
    fn set_time(&mut self, offset: u64) {
        self.now = offset;
    }

    fn open(
        &mut self,
        by: Party,
        label: &str,
        counterparty: Party,
        amount: u128,
        period: u64,
    ) -> Result<(), Failure> {
        if by == counterparty {
            return Err(E::SameParties.into());
        }
        if amount == 0 {
            return Err(E::ZeroAmount.into());
        }
        if !(MIN_PERIOD..=MAX_PERIOD).contains(&period) {
            return Err(E::InvalidPeriod.into());
        }
        let previous = self.channels.get(label);
        if previous.is_some_and(|c| c.status != ChannelStatus::Settled) {
            return Err(E::ChannelOpen.into());
        }
        let epoch = match previous {
            Some(c) if self.m == Mutation::ReopenKeepsEpoch => c.epoch,
            Some(c) => c.epoch + 1,
            None => 1,
        };
        self.take(by, amount)?;
        self.channels.insert(
            label.to_owned(),
            Channel {
                a: by,
                b: counterparty,
                epoch,
                status: ChannelStatus::Open,
                period,
                deposit_a: amount,
                deposit_b: 0,
                nonce: 0,
                sent: (0, 0),
                deadline: 0,
            },
        );
        self.events = vec![Event::ChannelOpened {
            channel: label.to_owned(),
            epoch,
            a: by,
            b: counterparty,
            amount: Amount(amount),
            period,
        }];
        Ok(())
    }

    fn deposit(&mut self, by: Party, label: &str, amount: u128) -> Result<(), Failure> {
        let c = self.channel(label)?;
        let open = c.status == ChannelStatus::Open
            || (self.m == Mutation::TopUpWhileClosing && c.status == ChannelStatus::Closing);
        if !open {
            return Err(E::NotOpen.into());
        }
        if by != c.a && by != c.b {
            return Err(E::Unauthorized.into());
        }
        if amount == 0 {
            return Err(E::ZeroAmount.into());
        }
        self.take(by, amount)?;
        let c = self.channels.get_mut(label).unwrap();
        if by == c.a {
            c.deposit_a += amount;
        } else {
            c.deposit_b += amount;
        }
        self.events = vec![Event::ChannelDeposited {
            channel: label.to_owned(),
            party: by,
            amount: Amount(amount),
            total: Amount(c.deposit_a + c.deposit_b),
        }];
        Ok(())
    }

    fn sign(&mut self, message: &str, r: &SignRequest) {
        let c = self.channels.get(&r.channel);
        let signed = Signed {
            channel: r.channel.clone(),
            kind: r.kind,
            epoch: r.epoch.unwrap_or_else(|| c.map_or(0, |c| c.epoch)),
            nonce: if r.kind == Kind::State { r.nonce } else { 0 },
            sent: (r.sent_a.0, r.sent_b.0),
            signers: r
                .signers
                .unwrap_or_else(|| c.map_or([Party::Alice, Party::Bob], |c| [c.a, c.b])),
            tamper: r.tamper,
        };
        self.signed.insert(message.to_owned(), signed);
    }

    fn close_cooperative(&mut self, _by: Party, label: &str, message: &str) -> Result<(), Failure> {
        let c = self.channel(label)?;
        if c.status != ChannelStatus::Open {
            return Err(E::NotOpen.into());
        }
        let s = self.verify(label, &c, message, Kind::Close)?;
        self.pay(label, s.sent)?;
        Ok(())
    }

    fn close_unilateral(&mut self, by: Party, label: &str, message: &str) -> Result<(), Failure> {
        let c = self.channel(label)?;
        self.require_party(&c, by)?;
        if c.status != ChannelStatus::Open {
            return Err(E::NotOpen.into());
        }
        let s = self.verify(label, &c, message, Kind::State)?;
        self.payout(&c, s.sent)?;
        self.start_closing(label, by, s.nonce, s.sent);
        Ok(())
    }

    fn close_without_state(&mut self, by: Party, label: &str) -> Result<(), Failure> {
        let c = self.channel(label)?;
        self.require_party(&c, by)?;
        if c.status != ChannelStatus::Open {
            return Err(E::NotOpen.into());
        }
        self.start_closing(label, by, 0, (0, 0));
        Ok(())
    }

    fn challenge(&mut self, _by: Party, label: &str, message: &str) -> Result<(), Failure> {
        let c = self.channel(label)?;
        if c.status != ChannelStatus::Closing {
            return Err(E::NotClosing.into());
        }
        let over = if self.m == Mutation::ChallengeAtDeadline {
            self.now > c.deadline
        } else {
            self.now >= c.deadline
        };
        if over {
            return Err(E::ChallengePeriodOver.into());
        }
        let s = self.verify(label, &c, message, Kind::State)?;
        let stale = if self.m == Mutation::EqualNonceChallenges {
            s.nonce < c.nonce
        } else {
            s.nonce <= c.nonce
        };
        if stale {
            return Err(E::StaleNonce.into());
        }
        self.payout(&c, s.sent)?;
        let ch = self.channels.get_mut(label).unwrap();
        ch.nonce = s.nonce;
        ch.sent = s.sent;
        self.events = vec![Event::ChannelChallenged {
            channel: label.to_owned(),
            epoch: ch.epoch,
            nonce: s.nonce,
        }];
        Ok(())
    }

    fn settle(&mut self, _by: Party, label: &str) -> Result<(), Failure> {
        let c = self.channel(label)?;
        if c.status != ChannelStatus::Closing {
            return Err(E::NotClosing.into());
        }
        let early = if self.m == Mutation::SettleEarly {
            self.now + 1 < c.deadline
        } else {
            self.now < c.deadline
        };
        if early {
            return Err(E::ChallengePeriodActive.into());
        }
        self.pay(label, c.sent)?;
        Ok(())
    }

    fn view(&mut self, label: &str) -> Option<ChannelView> {
        self.channels.get(label).map(|c| ChannelView {
            status: c.status,
            epoch: c.epoch,
            nonce: c.nonce,
        })
    }

    fn balance(&mut self, who: Party) -> u128 {
        self.balances.get(&who).copied().unwrap_or(0)
    }

    fn custody(&mut self) -> u128 {
        self.channels
            .values()
            .map(|c| c.deposit_a + c.deposit_b)
            .sum()
    }

    fn events(&mut self) -> Result<Vec<Event>, String> {
        Ok(std::mem::take(&mut self.events))
    }
}

fn model(v: &tokenrail_core::vectors::channel::ChannelVector, m: Mutation) -> Model {
    Model::new(v.balances.iter().map(|(p, a)| (*p, a.0)).collect(), m)
}

#[test]
fn reference_model_passes_every_vector() {
    let vectors = load().unwrap();
    assert!(vectors.len() >= 5, "the channel vectors are there");
    for v in &vectors {
        run("model", v, &mut model(v, Mutation::None)).unwrap();
    }
}

#[test]
fn every_broken_model_fails_some_vector() {
    use Mutation::*;
    let vectors = load().unwrap();
    for m in [
        ChallengeAtDeadline,
        SettleEarly,
        EqualNonceChallenges,
        StateClosesCooperatively,
        IgnoreEpoch,
        TopUpWhileClosing,
        NoOverdrawCheck,
        AnyoneCloses,
        IgnoreSigners,
        ReopenKeepsEpoch,
    ] {
        let caught = vectors
            .iter()
            .any(|v| run("mutant", v, &mut model(v, m)).is_err());
        assert!(caught, "no vector catches the {m:?} mutant");
    }
}

/// The events every vector lists are the reference model's. With `TOKENRAIL_BLESS_EVENTS=1` the
/// test writes the model's events into the vector files instead; review the diff against
/// `docs/spec/events.md` before committing it.
#[test]
fn vectors_list_the_reference_models_events() {
    let bless = std::env::var_os("TOKENRAIL_BLESS_EVENTS").is_some();
    for v in load().unwrap() {
        let produced = record_events(&v, &mut model(&v, Mutation::None)).unwrap();
        if bless {
            bless::bless_events("channel", &v.name, &produced);
            continue;
        }
        for (i, (step, got)) in v.steps.iter().zip(&produced).enumerate() {
            let listed = match &step.action {
                Action::Open { events, .. }
                | Action::Deposit { events, .. }
                | Action::CloseCooperative { events, .. }
                | Action::CloseUnilateral { events, .. }
                | Action::CloseWithoutState { events, .. }
                | Action::Challenge { events, .. }
                | Action::Settle { events, .. } => events,
                Action::Sign { .. } | Action::Check { .. } => &None,
            };
            assert_eq!(listed, got, "{} step {i}", v.name);
        }
    }
}
