//! The escrow, payout and channel contracts' events (`docs/spec/events.md`).

use super::{Amount, Attributes, EventData};

type Decoded = Option<Result<EventData, String>>;

/// `wasm` actions, and `wasm-escrow_completed` after the last release.
pub(super) fn escrow(a: &Attributes<'_>, custom: Option<&str>) -> Decoded {
    let decoded = match (custom, attribute_action(a).as_deref()) {
        (None, Some("instantiate")) => return None,
        (None, Some("create")) => (|| {
            let arbiter = a.text("arbiter")?;
            let milestones = a.text("milestones")?;
            Ok(EventData::EscrowCreated {
                escrow: a.text("id")?,
                depositor: a.text("depositor")?,
                beneficiary: a.text("beneficiary")?,
                arbiter: (!arbiter.is_empty()).then_some(arbiter),
                asset: a.asset("asset")?,
                total: a.amount("total")?,
                deadline: a.parsed("deadline")?,
                milestones: milestones
                    .split(',')
                    .map(|m| {
                        m.parse::<Amount>()
                            .map_err(|e| format!("milestone `{m}`: {e}"))
                    })
                    .collect::<Result<_, _>>()?,
            })
        })(),
        (None, Some("release")) => (|| {
            Ok(EventData::MilestoneReleased {
                escrow: a.text("id")?,
                milestone: a.parsed("milestone")?,
                amount: a.amount("amount")?,
                by: a.text("by")?,
            })
        })(),
        (None, Some("refund")) => (|| {
            Ok(EventData::EscrowRefunded {
                escrow: a.text("id")?,
                amount: a.amount("amount")?,
                by: a.text("by")?,
            })
        })(),
        (None, Some("cancel")) => (|| {
            Ok(EventData::EscrowCancelled {
                escrow: a.text("id")?,
                amount: a.amount("amount")?,
            })
        })(),
        (Some("escrow_completed"), _) => a
            .text("id")
            .map(|escrow| EventData::EscrowCompleted { escrow }),
        (custom, action) => Err(unknown("escrow", custom, action)),
    };
    Some(decoded)
}

/// `wasm` actions only.
pub(super) fn payout(a: &Attributes<'_>, custom: Option<&str>) -> Decoded {
    let decoded = match (custom, attribute_action(a).as_deref()) {
        (None, Some("instantiate")) => return None,
        (None, Some("multisend")) => (|| {
            Ok(EventData::MultiSent {
                payer: a.text("payer")?,
                asset: a.asset("asset")?,
                count: a.parsed("count")?,
                total: a.amount("total")?,
            })
        })(),
        (None, Some("create_distribution")) => (|| {
            Ok(EventData::DistributionCreated {
                distribution: a.text("id")?,
                asset: a.asset("asset")?,
                root: a.hex("root")?,
                total: a.amount("total")?,
                start: a.parsed("start")?,
                expiry: a.parsed("expiry")?,
                clawback_receiver: a.text("clawback_receiver")?,
            })
        })(),
        (None, Some("claim")) => (|| {
            Ok(EventData::Claimed {
                distribution: a.text("id")?,
                index: a.parsed("index")?,
                account: a.text("account")?,
                amount: a.amount("amount")?,
            })
        })(),
        (None, Some("clawback")) => (|| {
            Ok(EventData::ClawedBack {
                distribution: a.text("id")?,
                receiver: a.text("receiver")?,
                amount: a.amount("amount")?,
            })
        })(),
        (custom, action) => Err(unknown("payout", custom, action)),
    };
    Some(decoded)
}

/// `wasm-*` events only (the `wasm` event carries nothing but `instantiate`).
pub(super) fn channel(a: &Attributes<'_>, custom: Option<&str>) -> Decoded {
    let decoded = match (custom, attribute_action(a).as_deref()) {
        (None, Some("instantiate")) => return None,
        (Some("channel_opened"), _) => (|| {
            Ok(EventData::ChannelOpened {
                channel: a.hex("channel_id")?,
                epoch: a.parsed("epoch")?,
                a: a.text("a")?,
                b: a.text("b")?,
                asset: a.asset("asset")?,
                amount: a.amount("amount")?,
                period: a.parsed("period")?,
            })
        })(),
        (Some("deposited"), _) => (|| {
            Ok(EventData::ChannelDeposited {
                channel: a.hex("channel_id")?,
                party: a.text("party")?,
                amount: a.amount("amount")?,
                total: a.amount("total")?,
            })
        })(),
        (Some("channel_closing"), _) => (|| {
            Ok(EventData::ChannelClosing {
                channel: a.hex("channel_id")?,
                epoch: a.parsed("epoch")?,
                nonce: a.parsed("nonce")?,
                deadline: a.parsed("deadline")?,
                by: a.text("by")?,
            })
        })(),
        (Some("channel_challenged"), _) => (|| {
            Ok(EventData::ChannelChallenged {
                channel: a.hex("channel_id")?,
                epoch: a.parsed("epoch")?,
                nonce: a.parsed("nonce")?,
            })
        })(),
        (Some("channel_settled"), _) => (|| {
            Ok(EventData::ChannelSettled {
                channel: a.hex("channel_id")?,
                epoch: a.parsed("epoch")?,
                balance_a: a.amount("balance_a")?,
                balance_b: a.amount("balance_b")?,
            })
        })(),
        (Some("payout_deferred"), _) => (|| {
            Ok(EventData::PayoutDeferred {
                asset: a.asset("asset")?,
                to: a.text("to")?,
                amount: a.amount("amount")?,
            })
        })(),
        (Some("withdrawn"), _) => (|| {
            Ok(EventData::Withdrawn {
                asset: a.asset("asset")?,
                owner: a.text("owner")?,
                to: a.text("to")?,
                amount: a.amount("amount")?,
            })
        })(),
        (custom, action) => Err(unknown("channel", custom, action)),
    };
    Some(decoded)
}

fn attribute_action(a: &Attributes<'_>) -> Option<String> {
    a.text("action").ok()
}

fn unknown(contract: &str, custom: Option<&str>, action: Option<&str>) -> String {
    match custom {
        Some(kind) => format!("unknown {contract} event `wasm-{kind}`"),
        None => format!("unknown {contract} action `{}`", action.unwrap_or("")),
    }
}
