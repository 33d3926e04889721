//! The shape of each channel operation's transaction, as it is sent and executed here: how many
//! instructions (without the compute-budget one), how many distinct accounts, and the
//! serialized size against the 1,232-byte packet limit. Each transaction is executed on the
//! chain (so the shape is one that works), checked to fit, and reported as a `BENCH` JSON line
//! that `scripts/bench` collects (the programs run natively here, so compute units are not
//! metered).

// solana-program-test 3.x marks its whole API deprecated-as-unstable.
#![allow(deprecated)]

mod common;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use common::client;
use common::*;
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction::Transaction;
use tokenrail_channel::{Close, Message, State};
use tokenrail_channel_program::{SignedClose, SignedState};
use tokenrail_core::vectors::channel::Party;

/// Largest serialized transaction a packet carries.
const PACKET: usize = 1232;

/// Signs `state`-shaped fields as a State or a Close with Alice and Bob.
fn signed(chain: &Chain, state: SignedState, close: bool) -> Signed {
    let msg = if close {
        Message::Close(Close {
            channel_id: state.channel_id.to_bytes(),
            epoch: state.epoch,
            sent_a: state.sent_a.into(),
            sent_b: state.sent_b.into(),
        })
    } else {
        Message::State(State {
            channel_id: state.channel_id.to_bytes(),
            epoch: state.epoch,
            nonce: state.nonce,
            sent_a: state.sent_a.into(),
            sent_b: state.sent_b.into(),
        })
    };
    let program = tokenrail_channel_program::ID;
    let network = chain.genesis_hash();
    let sigs = sign(chain, &program, network, msg, [Party::Alice, Party::Bob]);
    Signed {
        state,
        bytes: msg.solana_bytes(&program.to_bytes(), &network).unwrap(),
        signatures: [sigs[0], sigs[1]],
    }
}

/// Measures `ixs` as one transaction paid by the test payer and signed by `signer`, executes
/// it, and prints its shape.
fn measure(chain: &mut Chain, op: &str, ixs: &[Instruction], signer: Option<&Keypair>) {
    let token = if chain.token_program == TOKEN {
        "SPL Token"
    } else {
        "Token-2022"
    };
    let payer = chain.ctx.payer.insecure_clone();
    let mut keys: Vec<&Keypair> = vec![&payer];
    keys.extend(signer);
    let blockhash = chain
        .rt
        .block_on(chain.ctx.banks_client.get_latest_blockhash())
        .unwrap();
    let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &keys, blockhash);
    let bytes = bincode::serialize(&tx).unwrap().len();
    let accounts = tx.message.account_keys.len();
    assert!(bytes <= PACKET, "{op}: {bytes} bytes");
    let extra: Vec<&Keypair> = signer.into_iter().collect();
    chain
        .send(ixs, &extra)
        .unwrap_or_else(|e| panic!("{op}: {e:?}"));
    println!(
        "BENCH {{\"token\": \"{token}\", \"op\": \"{op}\", \"instructions\": {}, \"accounts\": {accounts}, \"bytes\": {bytes}}}",
        ixs.len()
    );
}

fn shapes(token_program: Pubkey) {
    let (a, b) = (Party::Alice, Party::Bob);
    let mut chain = new_chain(token_program, &[(a, 10_000), (b, 10_000)]);
    let (alice, bob) = (chain.signer(a), chain.signer(b));
    let c = &chain;
    let open = client::open(
        c.key(a),
        c.key(b),
        c.mint,
        c.token_account(a),
        c.token_program,
        1000,
        3600,
        c.genesis_hash(),
    );
    measure(&mut chain, "open", &[open], Some(&alice));
    let channel = channel_of(&chain, a, b);
    let c = &chain;
    let deposit = client::deposit(
        c.key(b),
        channel,
        c.mint,
        c.token_account(b),
        c.token_program,
        1000,
    );
    measure(&mut chain, "deposit", &[deposit], Some(&bob));

    let keys = payout_keys(&chain, channel, a, b);
    let fields = SignedState {
        channel_id: channel,
        epoch: 1,
        nonce: 0,
        sent_a: 300,
        sent_b: 100,
    };
    let close = signed(&chain, fields, true);
    let close_fields = SignedClose {
        channel_id: channel,
        epoch: 1,
        sent_a: 300,
        sent_b: 100,
    };
    let ixs = [
        close.ed25519(),
        client::close_cooperative(&keys, close_fields),
    ];
    measure(&mut chain, "cooperative close", &ixs, None);

    // Epoch 2: the dispute path.
    let c = &chain;
    let open = client::open(
        c.key(a),
        c.key(b),
        c.mint,
        c.token_account(a),
        c.token_program,
        1000,
        3600,
        c.genesis_hash(),
    );
    chain.send(&[open], &[&alice]).unwrap();
    let s1 = signed(
        &chain,
        SignedState {
            epoch: 2,
            nonce: 1,
            ..fields
        },
        false,
    );
    let s2 = signed(
        &chain,
        SignedState {
            epoch: 2,
            nonce: 2,
            sent_a: 400,
            sent_b: 0,
            ..fields
        },
        false,
    );
    let ixs = [
        s1.ed25519(),
        client::close_unilateral(chain.key(b), channel, s1.state),
    ];
    measure(&mut chain, "unilateral close", &ixs, Some(&bob));
    let ixs = [
        s2.ed25519(),
        client::challenge(chain.key(a), channel, s2.state),
    ];
    measure(&mut chain, "challenge", &ixs, Some(&alice));
    chain.set_time(3600);
    measure(&mut chain, "settle", &[client::settle(&keys)], None);

    // Epoch 3: the timeout refund.
    let c = &chain;
    let open = client::open(
        c.key(a),
        c.key(b),
        c.mint,
        c.token_account(a),
        c.token_program,
        1000,
        3600,
        c.genesis_hash(),
    );
    chain.send(&[open], &[&alice]).unwrap();
    let ix = client::close_without_state(chain.key(a), channel);
    measure(&mut chain, "close without state", &[ix], Some(&alice));
}

#[test]
fn transaction_shapes_spl_token() {
    shapes(TOKEN);
}

#[test]
fn transaction_shapes_token_2022() {
    shapes(TOKEN_2022);
}
