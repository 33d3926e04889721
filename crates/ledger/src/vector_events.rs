//! The ledger's rows in the shared vectors' terms ([`tokenrail_core::vectors::token_events`]).
//! Every chain's token vector runner reads a step's events back through this crate's decoders,
//! the ones that fill an issuer's ledger, and puts them in actors, role names and scenario
//! times here, so the vectors check the rows an issuer will see, not a second reading of them.

use tokenrail_core::vectors::token::{Actor, Hash32, InvestorStatus, Role, Rules};
use tokenrail_core::vectors::token_events::Event;

use crate::event::EventData;

/// How one chain's runner names what its rows hold.
pub trait Names {
    /// The actor behind an address as the row spells it (`None`: no actor of the scenario).
    fn actor(&self, address: &str) -> Option<Actor>;

    /// The role a row names. The default reads the names Solana, CosmWasm and ink! rows
    /// carry; EVM rows carry the role's hash and its runner maps those.
    fn role(&self, role: &str) -> Option<Role> {
        Some(match role {
            "issuer" => Role::Issuer,
            "agent" => Role::Agent,
            "pauser" => Role::Pauser,
            "registry_agent" => Role::RegistryAgent,
            _ => return None,
        })
    }

    /// Seconds since the scenario started for a chain time (Unix seconds) a row holds.
    fn offset(&self, unix: u64) -> u64;
}

/// The vector event a row is, `Ok(None)` for the kinds the spec keeps for one chain only
/// (EVM's `registry_mirror_reset`, `permit_domain_changed` and the registry's token bindings,
/// which no vector step asks for), or `Err` for a row no token step may produce (an `unknown`
/// row) or that names someone outside the scenario.
pub fn token_event(data: &EventData, names: &impl Names) -> Result<Option<Event>, String> {
    let actor = |address: &str| {
        names
            .actor(address)
            .ok_or_else(|| format!("{} names {address}, no actor of the scenario", data.kind()))
    };
    let role = |role: &str| {
        names
            .role(role)
            .ok_or_else(|| format!("{} names the unknown role {role}", data.kind()))
    };
    Ok(Some(match data {
        EventData::Minted { to, amount } => Event::Minted {
            to: actor(to)?,
            amount: *amount,
        },
        EventData::Burned { from, amount } => Event::Burned {
            from: actor(from)?,
            amount: *amount,
        },
        EventData::Transferred { from, to, amount } => Event::Transferred {
            from: actor(from)?,
            to: actor(to)?,
            amount: *amount,
        },
        EventData::Redeemed { from, amount, by } => Event::Redeemed {
            from: actor(from)?,
            amount: *amount,
            by: actor(by)?,
        },
        EventData::ForcedTransfer { from, to, amount } => Event::ForcedTransfer {
            from: actor(from)?,
            to: actor(to)?,
            amount: *amount,
        },
        EventData::Recovered { lost, new, amount } => Event::Recovered {
            lost: actor(lost)?,
            new: actor(new)?,
            amount: *amount,
        },
        EventData::Approved {
            owner,
            spender,
            amount,
        } => Event::Approved {
            owner: actor(owner)?,
            spender: actor(spender)?,
            amount: *amount,
        },
        EventData::AccountFrozen { account, frozen } => Event::AccountFrozen {
            account: actor(account)?,
            frozen: *frozen,
        },
        EventData::FrozenAmountSet { account, amount } => Event::FrozenAmountSet {
            account: actor(account)?,
            amount: *amount,
        },
        EventData::LockupSet { account, until } => Event::LockupSet {
            account: actor(account)?,
            // 0 is "no lock-up" on every chain, not a time.
            until: if *until == 0 { 0 } else { names.offset(*until) },
        },
        EventData::Paused => Event::Paused,
        EventData::Unpaused => Event::Unpaused,
        EventData::Deactivated => Event::Deactivated,
        EventData::RoleGranted { role: r, account } => Event::RoleGranted {
            role: role(r)?,
            account: actor(account)?,
        },
        EventData::RoleRevoked { role: r, account } => Event::RoleRevoked {
            role: role(r)?,
            account: actor(account)?,
        },
        EventData::AdminProposed { account } if account.is_empty() => {
            Event::AdminProposed { account: None }
        }
        EventData::AdminProposed { account } => Event::AdminProposed {
            account: Some(actor(account)?),
        },
        EventData::AdminTransferred { account } => Event::AdminTransferred {
            account: actor(account)?,
        },
        EventData::RulesUpdated {
            allowed_jurisdictions,
            blocked_jurisdictions,
            max_holders,
            max_balance,
            expired_kyc_blocks_sending,
        } => Event::RulesUpdated(Rules {
            allowed_jurisdictions: allowed_jurisdictions.clone(),
            blocked_jurisdictions: blocked_jurisdictions.clone(),
            max_holders: *max_holders,
            max_balance: *max_balance,
            expired_kyc_blocks_sending: *expired_kyc_blocks_sending,
        }),
        EventData::InvestorUpdated {
            investor,
            status,
            jurisdiction,
            kyc_expiry,
        } => Event::InvestorUpdated {
            investor: actor(investor)?,
            status: match status {
                1 => InvestorStatus::Verified,
                2 => InvestorStatus::Revoked,
                other => return Err(format!("investor_updated has the unknown status {other}")),
            },
            jurisdiction: *jurisdiction,
            kyc_expiry: names.offset(*kyc_expiry),
        },
        EventData::InvestorRemoved { investor } => Event::InvestorRemoved {
            investor: actor(investor)?,
        },
        EventData::MetadataUpdated {
            uri,
            legal_document_hash,
        } => Event::MetadataUpdated {
            uri: uri.clone(),
            legal_document_hash: hash32(legal_document_hash)?,
        },
        EventData::DocumentUpdated { name, uri, hash } => Event::DocumentUpdated {
            name: name.clone(),
            uri: uri.clone(),
            hash: hash32(hash)?,
        },
        EventData::DocumentRemoved { name } => Event::DocumentRemoved { name: name.clone() },
        EventData::TokenBound { .. }
        | EventData::TokenUnbound { .. }
        | EventData::RegistryMirrorReset { .. }
        | EventData::PermitDomainChanged => return Ok(None),
        // Escrow, payout and channel rows come from other contracts, and an undecodable row is
        // a failure wherever it shows.
        _ => {
            return Err(format!(
                "a token step produced a {} row: {data:?}",
                data.kind()
            ))
        }
    }))
}

/// A row's `0x` hex hash as the vectors write it.
fn hash32(hex: &str) -> Result<Hash32, String> {
    hex.strip_prefix("0x")
        .ok_or_else(|| format!("the hash {hex} lacks its 0x"))?
        .parse()
}

/// Every row of a step in the vectors' terms (see [`token_event`]).
pub fn token_events<'a>(
    rows: impl IntoIterator<Item = &'a EventData>,
    names: &impl Names,
) -> Result<Vec<Event>, String> {
    let mut events = Vec::new();
    for row in rows {
        events.extend(token_event(row, names)?);
    }
    Ok(events)
}

/// How one chain's escrow, payout or channel vector runner names what its rows hold: actors of
/// type `A`, and the scenario's labels for the escrows, distributions or channels it created.
pub trait PaymentNames<A> {
    /// The actor behind an address as the row spells it (`None`: no actor of the scenario).
    fn actor(&self, address: &str) -> Option<A>;

    /// The scenario's label of what a row names (an escrow, a distribution, a channel: its id or
    /// account as the row spells it).
    fn label(&self, id: &str) -> Option<String>;

    /// Seconds since the scenario started for a chain time (Unix seconds) a row holds.
    fn offset(&self, unix: u64) -> u64;
}

/// The escrow vector events of `rows` (one step's rows of the escrow contract or program), or
/// `Err` for a row no escrow step produces (`unknown`, a closing) or that names someone or
/// something outside the scenario.
pub fn escrow_events<'a>(
    rows: impl IntoIterator<Item = &'a EventData>,
    names: &impl PaymentNames<tokenrail_core::vectors::Actor>,
) -> Result<Vec<tokenrail_core::vectors::escrow_events::Event>, String> {
    use tokenrail_core::vectors::escrow_events::Event;
    rows.into_iter()
        .map(|data| {
            let actor = |address: &str| {
                names.actor(address).ok_or_else(|| {
                    format!("{} names {address}, no actor of the scenario", data.kind())
                })
            };
            let escrow = |id: &str| {
                names.label(id).ok_or_else(|| {
                    format!("{} names escrow {id}, none of the scenario's", data.kind())
                })
            };
            Ok(match data {
                EventData::EscrowCreated {
                    escrow: id,
                    depositor,
                    beneficiary,
                    arbiter,
                    total,
                    deadline,
                    milestones,
                    ..
                } => Event::EscrowCreated {
                    escrow: escrow(id)?,
                    depositor: actor(depositor)?,
                    beneficiary: actor(beneficiary)?,
                    arbiter: arbiter.as_deref().map(actor).transpose()?,
                    total: *total,
                    deadline: names.offset(*deadline),
                    milestones: milestones.clone(),
                },
                EventData::MilestoneReleased {
                    escrow: id,
                    milestone,
                    amount,
                    by,
                } => Event::MilestoneReleased {
                    escrow: escrow(id)?,
                    milestone: *milestone,
                    amount: *amount,
                    by: actor(by)?,
                },
                EventData::EscrowCompleted { escrow: id } => Event::EscrowCompleted {
                    escrow: escrow(id)?,
                },
                EventData::EscrowRefunded {
                    escrow: id,
                    amount,
                    by,
                } => Event::EscrowRefunded {
                    escrow: escrow(id)?,
                    amount: *amount,
                    by: actor(by)?,
                },
                EventData::EscrowCancelled { escrow: id, amount } => Event::EscrowCancelled {
                    escrow: escrow(id)?,
                    amount: *amount,
                },
                other => return Err(format!("{} is no escrow step's event", other.kind())),
            })
        })
        .collect()
}

/// The payout vector events of `rows` (one step's rows of the payout contracts or program), or
/// `Err` for a row no payout step produces or that names someone or something outside the
/// scenario.
pub fn payout_events<'a>(
    rows: impl IntoIterator<Item = &'a EventData>,
    names: &impl PaymentNames<tokenrail_core::vectors::payout::Actor>,
) -> Result<Vec<tokenrail_core::vectors::payout_events::Event>, String> {
    use tokenrail_core::vectors::payout_events::Event;
    rows.into_iter()
        .map(|data| {
            let actor = |address: &str| {
                names.actor(address).ok_or_else(|| {
                    format!("{} names {address}, no actor of the scenario", data.kind())
                })
            };
            let label = |id: &str| {
                names.label(id).ok_or_else(|| {
                    format!(
                        "{} names distribution {id}, none of the scenario's",
                        data.kind()
                    )
                })
            };
            Ok(match data {
                EventData::MultiSent {
                    payer,
                    count,
                    total,
                    ..
                } => Event::MultiSent {
                    payer: actor(payer)?,
                    count: *count,
                    total: *total,
                },
                EventData::DistributionCreated {
                    distribution,
                    total,
                    start,
                    expiry,
                    clawback_receiver,
                    ..
                } => Event::DistributionCreated {
                    distribution: label(distribution)?,
                    total: *total,
                    start: names.offset(*start),
                    expiry: names.offset(*expiry),
                    clawback_receiver: actor(clawback_receiver)?,
                },
                EventData::Claimed {
                    distribution,
                    index,
                    account,
                    amount,
                } => Event::Claimed {
                    distribution: label(distribution)?,
                    index: *index,
                    account: actor(account)?,
                    amount: *amount,
                },
                EventData::ClawedBack {
                    distribution,
                    receiver,
                    amount,
                } => Event::ClawedBack {
                    distribution: label(distribution)?,
                    receiver: actor(receiver)?,
                    amount: *amount,
                },
                other => return Err(format!("{} is no payout step's event", other.kind())),
            })
        })
        .collect()
}

/// The channel vector events of `rows` (one step's rows of the channel contract or program), or
/// `Err` for a row no channel step produces (`unknown`, a deferred payout, which no vector
/// asks for) or that names someone or something outside the scenario.
pub fn channel_events<'a>(
    rows: impl IntoIterator<Item = &'a EventData>,
    names: &impl PaymentNames<tokenrail_core::vectors::channel::Party>,
) -> Result<Vec<tokenrail_core::vectors::channel_events::Event>, String> {
    use tokenrail_core::vectors::channel_events::Event;
    rows.into_iter()
        .map(|data| {
            let party = |address: &str| {
                names.actor(address).ok_or_else(|| {
                    format!("{} names {address}, no party of the scenario", data.kind())
                })
            };
            let label = |id: &str| {
                names.label(id).ok_or_else(|| {
                    format!("{} names channel {id}, none of the scenario's", data.kind())
                })
            };
            Ok(match data {
                EventData::ChannelOpened {
                    channel,
                    epoch,
                    a,
                    b,
                    amount,
                    period,
                    ..
                } => Event::ChannelOpened {
                    channel: label(channel)?,
                    epoch: *epoch,
                    a: party(a)?,
                    b: party(b)?,
                    amount: *amount,
                    period: *period,
                },
                EventData::ChannelDeposited {
                    channel,
                    party: who,
                    amount,
                    total,
                } => Event::ChannelDeposited {
                    channel: label(channel)?,
                    party: party(who)?,
                    amount: *amount,
                    total: *total,
                },
                EventData::ChannelClosing {
                    channel,
                    epoch,
                    nonce,
                    deadline,
                    by,
                } => Event::ChannelClosing {
                    channel: label(channel)?,
                    epoch: *epoch,
                    nonce: *nonce,
                    deadline: names.offset(*deadline),
                    by: party(by)?,
                },
                EventData::ChannelChallenged {
                    channel,
                    epoch,
                    nonce,
                } => Event::ChannelChallenged {
                    channel: label(channel)?,
                    epoch: *epoch,
                    nonce: *nonce,
                },
                EventData::ChannelSettled {
                    channel,
                    epoch,
                    balance_a,
                    balance_b,
                } => Event::ChannelSettled {
                    channel: label(channel)?,
                    epoch: *epoch,
                    balance_a: *balance_a,
                    balance_b: *balance_b,
                },
                other => return Err(format!("{} is no channel step's event", other.kind())),
            })
        })
        .collect()
}

/// The channel a step's `channel_opened` row names, for a runner to label it with the channel
/// the step opened (each chain names its channels its own way: a hash, an account).
pub fn opened_channel<'a>(rows: impl IntoIterator<Item = &'a EventData>) -> Option<String> {
    rows.into_iter().find_map(|data| match data {
        EventData::ChannelOpened { channel, .. } => Some(channel.clone()),
        _ => None,
    })
}
