//! The escrow, payout and channel programs' events. Each program emits them with `emit_cpi!`: a
//! self-invocation whose data is Anchor's event tag, the event's discriminator and its Borsh
//! fields, signed by the program's event authority (a PDA only the program can sign for, so no
//! one else can forge an event), which the transaction's inner instructions record and no node
//! truncates (`docs/spec/events.md`, how each chain's events are read).

use std::sync::LazyLock;

use tokenrail_core::Amount;
use tokenrail_solana::addresses::event_authority_address;
use tokenrail_solana::anchor_lang::event::EVENT_IX_TAG_LE;
use tokenrail_solana::anchor_lang::prelude::Pubkey;
use tokenrail_solana::anchor_lang::{AnchorDeserialize, Discriminator};
use tokenrail_solana::tokenrail_channel_program::{self as channel, events as ch};
use tokenrail_solana::tokenrail_escrow::{self as escrow, events as es};
use tokenrail_solana::tokenrail_payout::{self as payout, events as po};

use super::decode::unknown;
use crate::event::{hash_hex, EventData, EventRecord};

/// The payment programs (escrow, payout, channel), whose events the ledger reads.
pub const PROGRAMS: [Pubkey; 3] = [escrow::ID, payout::ID, channel::ID];

/// Each payment program's event authority (base58), in [`PROGRAMS`]' order: derived once, not
/// per event read.
static AUTHORITIES: LazyLock<[String; 3]> =
    LazyLock::new(|| PROGRAMS.map(|p| event_authority_address(&p).to_string()));

/// Whether an instruction of `program` naming `accounts` is one of its event self-invocations:
/// the payment program's, with its event authority as the only account.
pub(super) fn is_event(program: &Pubkey, accounts: &[Option<&str>]) -> bool {
    let Some(at) = PROGRAMS.iter().position(|p| p == program) else {
        return false;
    };
    matches!(accounts, [Some(authority)] if *authority == AUTHORITIES[at])
}

/// The row of one event `data` (tag, discriminator, fields) of the payment program `program`:
/// `None` if it is not an event (no tag), `unknown` if it is one this ledger does not know or
/// cannot decode.
pub(super) fn row(program: &Pubkey, data: &[u8]) -> Option<EventData> {
    let event = data.strip_prefix(EVENT_IX_TAG_LE)?;
    let (discriminator, body) = event.split_at(event.len().min(8));
    let decoded = if *program == escrow::ID {
        escrow_row(discriminator, body)
    } else if *program == payout::ID {
        payout_row(discriminator, body)
    } else if *program == channel::ID {
        channel_row(discriminator, body)
    } else {
        None
    };
    Some(
        decoded
            .unwrap_or_else(|| unknown("an event of a payment program this ledger does not know")),
    )
}

/// `Some(row)` if `discriminator` is `E`'s: the row `to_row` makes of its fields, or `unknown`
/// if they do not decode.
fn read<E: Discriminator + AnchorDeserialize>(
    discriminator: &[u8],
    body: &[u8],
    to_row: impl FnOnce(E) -> EventData,
) -> Option<EventData> {
    (discriminator == E::DISCRIMINATOR).then(|| {
        E::try_from_slice(body).map_or_else(
            |_| unknown("a payment program's event whose fields do not decode"),
            to_row,
        )
    })
}

fn amount(units: u64) -> Amount {
    Amount(u128::from(units))
}

/// A time in Unix seconds (the programs keep `i64`; none is negative).
fn seconds(time: i64) -> u64 {
    u64::try_from(time).unwrap_or(0)
}

fn escrow_row(d: &[u8], body: &[u8]) -> Option<EventData> {
    read(d, body, |e: es::EscrowCreated| EventData::EscrowCreated {
        escrow: e.escrow.to_string(),
        depositor: e.depositor.to_string(),
        beneficiary: e.beneficiary.to_string(),
        arbiter: e.arbiter.map(|a| a.to_string()),
        asset: e.mint.to_string(),
        total: amount(e.total),
        deadline: seconds(e.deadline),
        milestones: e.milestones.into_iter().map(amount).collect(),
    })
    .or_else(|| {
        read(d, body, |e: es::MilestoneReleased| {
            EventData::MilestoneReleased {
                escrow: e.escrow.to_string(),
                milestone: e.milestone,
                amount: amount(e.amount),
                by: e.by.to_string(),
            }
        })
    })
    .or_else(|| {
        read(d, body, |e: es::EscrowCompleted| {
            EventData::EscrowCompleted {
                escrow: e.escrow.to_string(),
            }
        })
    })
    .or_else(|| {
        read(d, body, |e: es::EscrowRefunded| EventData::EscrowRefunded {
            escrow: e.escrow.to_string(),
            amount: amount(e.amount),
            by: e.by.to_string(),
        })
    })
    .or_else(|| {
        read(d, body, |e: es::EscrowCancelled| {
            EventData::EscrowCancelled {
                escrow: e.escrow.to_string(),
                amount: amount(e.amount),
            }
        })
    })
    .or_else(|| {
        read(d, body, |e: es::EscrowClosed| EventData::EscrowClosed {
            escrow: e.escrow.to_string(),
            remainder: amount(e.remainder),
        })
    })
}

fn payout_row(d: &[u8], body: &[u8]) -> Option<EventData> {
    read(d, body, |e: po::MultiSent| EventData::MultiSent {
        payer: e.payer.to_string(),
        asset: e.mint.to_string(),
        count: e.count,
        total: amount(e.total),
    })
    .or_else(|| {
        read(d, body, |e: po::DistributionCreated| {
            EventData::DistributionCreated {
                distribution: e.distribution.to_string(),
                asset: e.mint.to_string(),
                root: hash_hex(&e.root),
                total: amount(e.total),
                start: seconds(e.start),
                expiry: seconds(e.expiry),
                clawback_receiver: e.clawback_receiver.to_string(),
            }
        })
    })
    .or_else(|| {
        read(d, body, |e: po::Claimed| EventData::Claimed {
            distribution: e.distribution.to_string(),
            index: u64::from(e.index),
            account: e.account.to_string(),
            amount: amount(e.amount),
        })
    })
    .or_else(|| {
        read(d, body, |e: po::Clawback| EventData::ClawedBack {
            distribution: e.distribution.to_string(),
            receiver: e.receiver.to_string(),
            amount: amount(e.amount),
        })
    })
}

fn channel_row(d: &[u8], body: &[u8]) -> Option<EventData> {
    read(d, body, |e: ch::ChannelOpened| EventData::ChannelOpened {
        channel: e.channel.to_string(),
        epoch: e.epoch,
        a: e.a.to_string(),
        b: e.b.to_string(),
        asset: e.mint.to_string(),
        amount: amount(e.amount),
        period: e.period,
    })
    .or_else(|| {
        read(d, body, |e: ch::Deposited| EventData::ChannelDeposited {
            channel: e.channel.to_string(),
            party: e.party.to_string(),
            amount: amount(e.amount),
            total: amount(e.total),
        })
    })
    .or_else(|| {
        read(d, body, |e: ch::ChannelClosing| EventData::ChannelClosing {
            channel: e.channel.to_string(),
            epoch: e.epoch,
            nonce: e.nonce,
            deadline: seconds(e.deadline),
            by: e.by.to_string(),
        })
    })
    .or_else(|| {
        read(d, body, |e: ch::ChannelChallenged| {
            EventData::ChannelChallenged {
                channel: e.channel.to_string(),
                epoch: e.epoch,
                nonce: e.nonce,
            }
        })
    })
    .or_else(|| {
        read(d, body, |e: ch::ChannelSettled| EventData::ChannelSettled {
            channel: e.channel.to_string(),
            epoch: e.epoch,
            balance_a: amount(e.balance_a),
            balance_b: amount(e.balance_b),
        })
    })
}

/// The escrows, distributions and channels of one deployment: the programs serve every user of
/// a cluster, so the sync keeps the accounts whose creating event names the deployment's payment
/// mint, and the later events of those accounts.
#[derive(Debug, Default)]
pub(super) struct Followed {
    accounts: std::collections::HashSet<String>,
}

impl Followed {
    /// Whether `row`, a payment program's, belongs to the deployment paying in `mint` (an event
    /// that creates an account in `mint` starts following it). A row that did not decode is
    /// kept: never dropped, and reported.
    pub(super) fn keep(&mut self, mint: &str, row: &EventData) -> bool {
        use EventData as E;
        match row {
            E::EscrowCreated {
                escrow: id, asset, ..
            }
            | E::DistributionCreated {
                distribution: id,
                asset,
                ..
            }
            | E::ChannelOpened {
                channel: id, asset, ..
            } => {
                let ours = asset == mint;
                if ours {
                    self.accounts.insert(id.clone());
                }
                ours
            }
            E::MultiSent { asset, .. } => asset == mint,
            E::MilestoneReleased { escrow: id, .. }
            | E::EscrowCompleted { escrow: id }
            | E::EscrowRefunded { escrow: id, .. }
            | E::EscrowCancelled { escrow: id, .. }
            | E::EscrowClosed { escrow: id, .. }
            | E::Claimed {
                distribution: id, ..
            }
            | E::ClawedBack {
                distribution: id, ..
            }
            | E::ChannelDeposited { channel: id, .. }
            | E::ChannelClosing { channel: id, .. }
            | E::ChannelChallenged { channel: id, .. }
            | E::ChannelSettled { channel: id, .. } => self.accounts.contains(id),
            _ => true,
        }
    }
}

impl Followed {
    /// Keeps, of `rows` (in chain order), every row that is not a payment program's and the
    /// payment programs' rows of the deployment paying in `mint`.
    pub(super) fn retain(&mut self, mint: &str, rows: &mut Vec<EventRecord>) {
        let programs = PROGRAMS.map(|id| id.to_string());
        rows.retain(|r| !programs.contains(&r.contract) || self.keep(mint, &r.data));
    }
}

/// Of `rows` (a database's rows of one Solana network, in chain order), what the deployment
/// paying in `payment_mint` shows: every row that is not a payment program's, and the payment
/// programs' rows of its own accounts. Several deployments on one cluster share the programs,
/// and may share a ledger database; their payment rows are told apart by the payment mint their
/// accounts were created in.
pub fn deployment_rows(mut rows: Vec<EventRecord>, payment_mint: &str) -> Vec<EventRecord> {
    Followed::default().retain(payment_mint, &mut rows);
    rows
}

#[cfg(test)]
mod tests {
    use super::Followed;
    use crate::event::EventData as E;
    use tokenrail_core::Amount;

    fn opened(channel: &str, asset: &str) -> E {
        E::ChannelOpened {
            channel: channel.into(),
            epoch: 1,
            a: "a".into(),
            b: "b".into(),
            asset: asset.into(),
            amount: Amount(1),
            period: 1,
        }
    }

    fn settled(channel: &str) -> E {
        E::ChannelSettled {
            channel: channel.into(),
            epoch: 1,
            balance_a: Amount(1),
            balance_b: Amount(0),
        }
    }

    #[test]
    fn only_the_accounts_created_in_the_payment_mint_are_followed() {
        let mut followed = Followed::default();
        assert!(!followed.keep("ours", &settled("c1")), "not created yet");
        assert!(followed.keep("ours", &opened("c1", "ours")));
        assert!(followed.keep("ours", &settled("c1")));
        assert!(!followed.keep("ours", &opened("c2", "theirs")));
        assert!(!followed.keep("ours", &settled("c2")));
        let unknown = E::Unknown {
            reason: "an event this ledger does not know".into(),
        };
        assert!(followed.keep("ours", &unknown), "kept and reported");
    }
}
