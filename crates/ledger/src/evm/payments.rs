//! The escrow, multi-send, distributor and channel contracts' logs (`docs/spec/events.md`).

use alloy::primitives::{Address, Log as PrimitiveLog};
use alloy::sol_types::SolEventInterface;
use tokenrail_core::Amount;
use tokenrail_evm::TokenrailChannel::TokenrailChannelEvents as ChannelEvent;
use tokenrail_evm::TokenrailEscrow::TokenrailEscrowEvents as EscrowEvent;
use tokenrail_evm::TokenrailMerkleDistributor::TokenrailMerkleDistributorEvents as DistributorEvent;
use tokenrail_evm::TokenrailMultiSend::TokenrailMultiSendEvents as MultiSendEvent;

use super::{addr, amount};
use crate::event::EventData;

pub(super) fn decode_escrow(log: &PrimitiveLog) -> Result<EventData, String> {
    let event = EscrowEvent::decode_raw_log(log.topics(), &log.data.data)
        .map_err(|e| format!("not a TokenrailEscrow event: {e}"))?;
    Ok(match event {
        EscrowEvent::EscrowCreated(c) => EventData::EscrowCreated {
            escrow: c.id.to_string(),
            depositor: addr(c.depositor),
            beneficiary: addr(c.beneficiary),
            // The zero address is "no arbiter" (the contract allows nobody else to release).
            arbiter: (c.arbiter != Address::ZERO).then(|| addr(c.arbiter)),
            asset: addr(c.token),
            total: Amount(c.total),
            deadline: c.deadline,
            milestones: c.milestones.into_iter().map(Amount).collect(),
        },
        EscrowEvent::MilestoneReleased(r) => EventData::MilestoneReleased {
            escrow: r.id.to_string(),
            milestone: r.milestone,
            amount: Amount(r.amount),
            by: addr(r.by),
        },
        EscrowEvent::EscrowCompleted(c) => EventData::EscrowCompleted {
            escrow: c.id.to_string(),
        },
        EscrowEvent::EscrowRefunded(r) => EventData::EscrowRefunded {
            escrow: r.id.to_string(),
            amount: Amount(r.amount),
            by: addr(r.by),
        },
        EscrowEvent::EscrowCancelled(c) => EventData::EscrowCancelled {
            escrow: c.id.to_string(),
            amount: Amount(c.amount),
        },
    })
}

pub(super) fn decode_multisend(log: &PrimitiveLog) -> Result<EventData, String> {
    let MultiSendEvent::MultiSent(m) = MultiSendEvent::decode_raw_log(log.topics(), &log.data.data)
        .map_err(|e| format!("not a TokenrailMultiSend event: {e}"))?;
    Ok(EventData::MultiSent {
        payer: addr(m.payer),
        // The zero address is ether (`multisendNative`).
        asset: addr(m.token),
        count: u32::try_from(m.count).map_err(|_| format!("count {} exceeds 32 bits", m.count))?,
        total: amount(m.total)?,
    })
}

pub(super) fn decode_distributor(log: &PrimitiveLog) -> Result<EventData, String> {
    let event = DistributorEvent::decode_raw_log(log.topics(), &log.data.data)
        .map_err(|e| format!("not a TokenrailMerkleDistributor event: {e}"))?;
    Ok(match event {
        DistributorEvent::DistributionCreated(d) => EventData::DistributionCreated {
            distribution: d.id.to_string(),
            asset: addr(d.token),
            root: format!("{}", d.root),
            total: Amount(d.total),
            start: d.start,
            expiry: d.expiry,
            clawback_receiver: addr(d.clawbackReceiver),
        },
        DistributorEvent::Claimed(c) => EventData::Claimed {
            distribution: c.id.to_string(),
            index: u64::try_from(c.index)
                .map_err(|_| format!("leaf index {} exceeds 64 bits", c.index))?,
            account: addr(c.account),
            amount: amount(c.amount)?,
        },
        DistributorEvent::Clawback(c) => EventData::ClawedBack {
            distribution: c.id.to_string(),
            receiver: addr(c.receiver),
            amount: amount(c.amount)?,
        },
    })
}

pub(super) fn decode_channel(log: &PrimitiveLog) -> Result<EventData, String> {
    let event = ChannelEvent::decode_raw_log(log.topics(), &log.data.data)
        .map_err(|e| format!("not a TokenrailChannel event: {e}"))?;
    Ok(match event {
        ChannelEvent::ChannelOpened(o) => EventData::ChannelOpened {
            channel: format!("{}", o.id),
            epoch: o.epoch,
            a: addr(o.a),
            b: addr(o.b),
            asset: addr(o.asset),
            amount: Amount(o.amount),
            period: u64::from(o.period),
        },
        ChannelEvent::Deposited(d) => EventData::ChannelDeposited {
            channel: format!("{}", d.id),
            party: addr(d.party),
            amount: Amount(d.amount),
            total: Amount(d.total),
        },
        ChannelEvent::ChannelClosing(c) => EventData::ChannelClosing {
            channel: format!("{}", c.id),
            epoch: c.epoch,
            nonce: c.nonce,
            deadline: c.deadline,
            by: addr(c.by),
        },
        ChannelEvent::ChannelChallenged(c) => EventData::ChannelChallenged {
            channel: format!("{}", c.id),
            epoch: c.epoch,
            nonce: c.nonce,
        },
        ChannelEvent::ChannelSettled(s) => EventData::ChannelSettled {
            channel: format!("{}", s.id),
            epoch: s.epoch,
            balance_a: Amount(s.balanceA),
            balance_b: Amount(s.balanceB),
        },
        ChannelEvent::PayoutDeferred(p) => EventData::PayoutDeferred {
            asset: addr(p.asset),
            to: addr(p.to),
            amount: amount(p.amount)?,
        },
        ChannelEvent::Withdrawn(w) => EventData::Withdrawn {
            asset: addr(w.asset),
            owner: addr(w.owner),
            to: addr(w.to),
            amount: amount(w.amount)?,
        },
        // OpenZeppelin's EIP-712 declares it; the channel's domain is fixed at deployment.
        ChannelEvent::EIP712DomainChanged(_) => EventData::PermitDomainChanged,
    })
}
