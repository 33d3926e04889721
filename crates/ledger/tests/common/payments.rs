//! One escrow, payout and channel scenario every chain's sync test runs through the SDK's
//! capability traits, and the rows the ledger must read from it (`docs/spec/events.md`), so each
//! chain is held to the same list.

use tokenrail_core::Amount;
use tokenrail_ledger::EventData;
use tokenrail_sdk::channel::{ChannelClient, Kind};
use tokenrail_sdk::escrow::{EscrowClient, NewEscrow};
use tokenrail_sdk::payout::{NewDistribution, PayoutClient};
use tokenrail_sdk::{Clock, Suite};

const DAY: u64 = 86_400;
/// The channel's challenge period.
const PERIOD: u64 = 3_600;

/// What the run made, as the chain names it.
pub struct Ran<E, D> {
    /// The escrows: refunded after one release, completed, cancelled.
    pub escrows: [E; 3],
    /// The distribution.
    pub distribution: D,
    /// The escrows' deadline.
    pub deadline: u64,
    /// When the distribution's claims opened.
    pub start: u64,
    /// When alice started closing the channel.
    pub closing_at: u64,
}

/// Runs the scenario with the development accounts `issuer`, `alice`, `bob`, `carol`, `dave`:
/// - escrow: alice escrows 300 + 200 for bob (arbiter carol), carol releases 300, and after the
///   deadline dave refunds 200; alice escrows 50 for bob and releases it (completed); alice
///   escrows 40 for bob, who cancels it;
/// - payout: the issuer multi-sends 100 / 200 / 300 to alice, bob, carol; a distribution of
///   1,000 / 2,000 / 3,000 for 30 days, claimed by alice and (for bob) by dave, the rest clawed
///   back by dave after the expiry;
/// - channel: alice opens 1,000 to bob, bob adds 50, alice closes on state 1 (100 to bob), bob
///   challenges with state 3 (300 to bob), dave settles after the period.
pub fn run<T, E, P, C, S, Q>(dn: &mut Suite<T, E, P, C, S, Q>) -> Ran<E::EscrowRef, P::Distribution>
where
    E: EscrowClient<Signer = S> + Clock,
    P: PayoutClient<Signer = S> + Clock,
    C: ChannelClient<Signer = Q> + Clock,
{
    let s = |name: &str| dn.signers.get(name).expect("a development account");
    let q = |name: &str| dn.parties.get(name).expect("a development account");
    let (issuer, alice, bob, carol, dave) =
        (s("issuer"), s("alice"), s("bob"), s("carol"), s("dave"));
    let (escrow, payout, channel) = (&mut dn.escrow, &mut dn.payout, &mut dn.channel);

    let deadline = escrow.now().unwrap() + 7 * DAY;
    let new = |escrow: &E, arbiter: Option<&S>, milestones: Vec<u128>| NewEscrow {
        beneficiary: escrow.address_of(bob),
        arbiter: arbiter.map(|a| escrow.address_of(a)),
        milestones,
        deadline,
    };
    let escrows = [
        new(escrow, Some(carol), vec![300, 200]),
        new(escrow, None, vec![50]),
        new(escrow, None, vec![40]),
    ];
    let [first, second, third] = escrows;
    let refunded = escrow.create(alice, first).unwrap();
    escrow.release(carol, &refunded, 0).unwrap();
    let completed = escrow.create(alice, second).unwrap();
    escrow.release(alice, &completed, 0).unwrap();
    let cancelled = escrow.create(alice, third).unwrap();
    escrow.cancel(bob, &cancelled).unwrap();
    escrow.advance(8 * DAY).unwrap();
    escrow.refund(dave, &refunded).unwrap();

    let [a, b, c] = [alice, bob, carol].map(|x| payout.address_of(x));
    payout
        .multisend(
            issuer,
            &[(a.clone(), 100), (b.clone(), 200), (c.clone(), 300)],
        )
        .unwrap();
    let start = payout.now().unwrap();
    let distribution = payout
        .create_distribution(
            issuer,
            NewDistribution {
                claims: vec![(a, 1_000), (b, 2_000), (c, 3_000)],
                start,
                expiry: start + 30 * DAY,
                clawback_to: payout.address_of(issuer),
            },
        )
        .unwrap();
    payout.claim(alice, &distribution, 0).unwrap();
    payout.claim(dave, &distribution, 1).unwrap();
    payout.advance(31 * DAY).unwrap();
    payout.clawback(dave, &distribution).unwrap();

    let (pa, pb) = (q("alice"), q("bob"));
    let to_bob = channel.address_of(pb);
    let opened = channel.open(pa, &to_bob, 1_000, PERIOD).unwrap();
    channel.deposit(pb, &opened, 50).unwrap();
    let stale = channel
        .sign_both([pa, pb], &opened, Kind::State, 1, 100, 0)
        .unwrap();
    let newest = channel
        .sign_both([pa, pb], &opened, Kind::State, 3, 300, 0)
        .unwrap();
    channel.close_unilateral(pa, &opened, &stale).unwrap();
    let closing_at = channel.now().unwrap();
    channel.challenge(pb, &opened, &newest).unwrap();
    channel.advance(PERIOD).unwrap();
    channel.settle(q("dave"), &opened).unwrap();

    Ran {
        escrows: [refunded, completed, cancelled],
        distribution,
        deadline,
        start,
        closing_at,
    }
}

/// How the chain spells what the rows name.
pub struct Spelled {
    /// The accounts `issuer`, `alice`, `bob`, `carol`, `dave`.
    pub accounts: [String; 5],
    /// The payment asset.
    pub asset: String,
    /// The escrows, as [`Ran::escrows`].
    pub escrows: [String; 3],
    /// The distribution.
    pub distribution: String,
    /// Its Merkle root (`0x` hex).
    pub root: String,
    /// The channel.
    pub channel: String,
}

/// The rows the scenario produces, in chain order.
pub fn expected<E, D>(ran: &Ran<E, D>, n: &Spelled) -> Vec<EventData> {
    let [issuer, alice, bob, carol, dave] = n.accounts.clone();
    let [refunded, completed, cancelled] = n.escrows.clone();
    let created =
        |escrow: &str, arbiter: Option<&str>, milestones: &[u128]| EventData::EscrowCreated {
            escrow: escrow.to_owned(),
            depositor: alice.clone(),
            beneficiary: bob.clone(),
            arbiter: arbiter.map(str::to_owned),
            asset: n.asset.clone(),
            total: Amount(milestones.iter().sum()),
            deadline: ran.deadline,
            milestones: milestones.iter().copied().map(Amount).collect(),
        };
    let released = |escrow: &str, amount: u128, by: &str| EventData::MilestoneReleased {
        escrow: escrow.to_owned(),
        milestone: 0,
        amount: Amount(amount),
        by: by.to_owned(),
    };
    let claimed = |index: u64, account: &str, amount: u128| EventData::Claimed {
        distribution: n.distribution.clone(),
        index,
        account: account.to_owned(),
        amount: Amount(amount),
    };
    vec![
        created(&refunded, Some(&carol), &[300, 200]),
        released(&refunded, 300, &carol),
        created(&completed, None, &[50]),
        released(&completed, 50, &alice),
        EventData::EscrowCompleted {
            escrow: completed.clone(),
        },
        created(&cancelled, None, &[40]),
        EventData::EscrowCancelled {
            escrow: cancelled,
            amount: Amount(40),
        },
        EventData::EscrowRefunded {
            escrow: refunded,
            amount: Amount(200),
            by: dave.clone(),
        },
        EventData::MultiSent {
            payer: issuer.clone(),
            asset: n.asset.clone(),
            count: 3,
            total: Amount(600),
        },
        EventData::DistributionCreated {
            distribution: n.distribution.clone(),
            asset: n.asset.clone(),
            root: n.root.clone(),
            total: Amount(6_000),
            start: ran.start,
            expiry: ran.start + 30 * DAY,
            clawback_receiver: issuer.clone(),
        },
        claimed(0, &alice, 1_000),
        claimed(1, &bob, 2_000),
        EventData::ClawedBack {
            distribution: n.distribution.clone(),
            receiver: issuer,
            amount: Amount(3_000),
        },
        EventData::ChannelOpened {
            channel: n.channel.clone(),
            epoch: 1,
            a: alice.clone(),
            b: bob.clone(),
            asset: n.asset.clone(),
            amount: Amount(1_000),
            period: PERIOD,
        },
        EventData::ChannelDeposited {
            channel: n.channel.clone(),
            party: bob.clone(),
            amount: Amount(50),
            total: Amount(1_050),
        },
        EventData::ChannelClosing {
            channel: n.channel.clone(),
            epoch: 1,
            nonce: 1,
            deadline: ran.closing_at + PERIOD,
            by: alice,
        },
        EventData::ChannelChallenged {
            channel: n.channel.clone(),
            epoch: 1,
            nonce: 3,
        },
        EventData::ChannelSettled {
            channel: n.channel.clone(),
            epoch: 1,
            balance_a: Amount(700),
            balance_b: Amount(350),
        },
    ]
}

/// The root and the channel the rows name, read from the rows themselves (neither is known
/// before the run: the root is the SDK's tree's, the channel id the contract's).
pub fn root_and_channel(rows: &[EventData]) -> (String, String) {
    let root = rows.iter().find_map(|e| match e {
        EventData::DistributionCreated { root, .. } => Some(root.clone()),
        _ => None,
    });
    let channel = rows.iter().find_map(|e| match e {
        EventData::ChannelOpened { channel, .. } => Some(channel.clone()),
        _ => None,
    });
    let (root, channel) = (
        root.expect("a distribution_created row"),
        channel.expect("a channel_opened row"),
    );
    assert!(
        root.starts_with("0x") && root.len() == 66,
        "a 32-byte root: {root}"
    );
    (root, channel)
}
