//! The escrow, payout and channel contracts' events (`docs/spec/events.md`), decoded with the
//! types generated from their committed metadata.

use tokenrail_core::Amount;
use tokenrail_ink::ink_channel::events::Event as ChannelEvent;
use tokenrail_ink::ink_escrow::events::Event as EscrowEvent;
use tokenrail_ink::ink_payout::events::Event as PayoutEvent;
use tokenrail_ink::AccountId;

use crate::event::{hash_hex, EventData};

/// An asset as the record spells it: a PSP22 token's account, or `native` for the chain's
/// balance. Each contract's metadata has its own `Asset` type, of the same shape.
macro_rules! asset {
    ($asset:expr, $contract:ident, $account:expr) => {
        match &$asset {
            tokenrail_ink::$contract::types::Asset::Native => "native".to_owned(),
            tokenrail_ink::$contract::types::Asset::Psp22(token) => $account(token),
        }
    };
}

/// A PSP22 event in a payment contract's metadata (ink! lists a dependency's events); the
/// contract itself never emits one.
fn foreign(contract: &str) -> EventData {
    EventData::Unknown {
        reason: format!("a PSP22 event under {contract}'s address"),
    }
}

pub(super) fn escrow(event: EscrowEvent, account: &impl Fn(&AccountId) -> String) -> EventData {
    match event {
        EscrowEvent::EscrowCreated(c) => EventData::EscrowCreated {
            escrow: c.id.to_string(),
            depositor: account(&c.depositor),
            beneficiary: account(&c.beneficiary),
            arbiter: c.arbiter.as_ref().map(account),
            asset: asset!(c.asset, ink_escrow, account),
            total: Amount(c.total),
            deadline: c.deadline,
            milestones: c.milestones.into_iter().map(Amount).collect(),
        },
        EscrowEvent::MilestoneReleased(r) => EventData::MilestoneReleased {
            escrow: r.id.to_string(),
            milestone: r.milestone,
            amount: Amount(r.amount),
            by: account(&r.by),
        },
        EscrowEvent::EscrowCompleted(c) => EventData::EscrowCompleted {
            escrow: c.id.to_string(),
        },
        EscrowEvent::EscrowRefunded(r) => EventData::EscrowRefunded {
            escrow: r.id.to_string(),
            amount: Amount(r.amount),
            by: account(&r.by),
        },
        EscrowEvent::EscrowCancelled(c) => EventData::EscrowCancelled {
            escrow: c.id.to_string(),
            amount: Amount(c.amount),
        },
        EscrowEvent::Approval(_) | EscrowEvent::Transfer(_) => foreign("ink-escrow"),
    }
}

pub(super) fn payout(event: PayoutEvent, account: &impl Fn(&AccountId) -> String) -> EventData {
    match event {
        PayoutEvent::MultiSent(m) => EventData::MultiSent {
            payer: account(&m.payer),
            asset: asset!(m.asset, ink_payout, account),
            count: m.count,
            total: Amount(m.total),
        },
        PayoutEvent::DistributionCreated(d) => EventData::DistributionCreated {
            distribution: d.id.to_string(),
            asset: asset!(d.asset, ink_payout, account),
            root: hash_hex(&d.root),
            total: Amount(d.total),
            start: d.start,
            expiry: d.expiry,
            clawback_receiver: account(&d.clawback_receiver),
        },
        PayoutEvent::Claimed(c) => EventData::Claimed {
            distribution: c.id.to_string(),
            index: u64::from(c.index),
            account: account(&c.account),
            amount: Amount(c.amount),
        },
        PayoutEvent::Clawback(c) => EventData::ClawedBack {
            distribution: c.id.to_string(),
            receiver: account(&c.receiver),
            amount: Amount(c.amount),
        },
        PayoutEvent::Approval(_) | PayoutEvent::Transfer(_) => foreign("ink-payout"),
    }
}

pub(super) fn channel(event: ChannelEvent, account: &impl Fn(&AccountId) -> String) -> EventData {
    match event {
        ChannelEvent::ChannelOpened(o) => EventData::ChannelOpened {
            channel: hash_hex(&o.id),
            epoch: o.epoch,
            a: account(&o.a),
            b: account(&o.b),
            asset: asset!(o.asset, ink_channel, account),
            amount: Amount(o.amount),
            period: o.period,
        },
        ChannelEvent::Deposited(d) => EventData::ChannelDeposited {
            channel: hash_hex(&d.id),
            party: account(&d.party),
            amount: Amount(d.amount),
            total: Amount(d.total),
        },
        ChannelEvent::ChannelClosing(c) => EventData::ChannelClosing {
            channel: hash_hex(&c.id),
            epoch: c.epoch,
            nonce: c.nonce,
            deadline: c.deadline,
            by: account(&c.by),
        },
        ChannelEvent::ChannelChallenged(c) => EventData::ChannelChallenged {
            channel: hash_hex(&c.id),
            epoch: c.epoch,
            nonce: c.nonce,
        },
        ChannelEvent::ChannelSettled(s) => EventData::ChannelSettled {
            channel: hash_hex(&s.id),
            epoch: s.epoch,
            balance_a: Amount(s.balance_a),
            balance_b: Amount(s.balance_b),
        },
        ChannelEvent::PayoutDeferred(p) => EventData::PayoutDeferred {
            asset: asset!(p.asset, ink_channel, account),
            to: account(&p.to),
            amount: Amount(p.amount),
        },
        ChannelEvent::Withdrawn(w) => EventData::Withdrawn {
            asset: asset!(w.asset, ink_channel, account),
            owner: account(&w.owner),
            to: account(&w.to),
            amount: Amount(w.amount),
        },
        ChannelEvent::Approval(_) | ChannelEvent::Transfer(_) => foreign("ink-channel"),
    }
}
