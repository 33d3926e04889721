//! Attacks on the Solana channel's signature introspection and accounts: a missing or misplaced
//! Ed25519 instruction, offsets into another instruction (the classic introspection bug), a
//! fake instructions sysvar, one signature instead of two, swapped signers, a forged signature
//! (refused by the Ed25519 program itself), and payouts redirected to foreign accounts.

mod common;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use common::client::{self, PayoutKeys};
use common::*;
use tokenrail_channel::{Message, State};
use tokenrail_channel_program::SignedState;
use tokenrail_core::channel::ChannelError;
use tokenrail_core::vectors::channel::{Failure, Party};
use tokenrail_solana::ed25519::SignatureOffsets;

const ALICE: Party = Party::Alice;
const BOB: Party = Party::Bob;
const CAROL: Party = Party::Carol;

struct Setup {
    chain: Chain,
    channel: Pubkey,
    state: SignedState,
    signed: Signed,
}

/// Alice opens with 500 and Bob tops up 500; both sign state 1 (Alice paid Bob 100).
fn setup() -> Setup {
    let mut chain = new_chain(TOKEN, &[(ALICE, 1000), (BOB, 1000), (CAROL, 1000)]);
    let c = &chain;
    let open = client::open(
        c.key(ALICE),
        c.key(BOB),
        c.mint,
        c.token_account(ALICE),
        c.token_program,
        500,
        3600,
        c.genesis_hash(),
    );
    let alice = chain.signer(ALICE);
    chain.send(&[open], &[&alice]).unwrap();
    let channel = channel_of(&chain, ALICE, BOB);
    let c = &chain;
    let deposit = client::deposit(
        c.key(BOB),
        channel,
        c.mint,
        c.token_account(BOB),
        c.token_program,
        500,
    );
    let bob = chain.signer(BOB);
    chain.send(&[deposit], &[&bob]).unwrap();
    let state = SignedState {
        channel_id: channel,
        epoch: 1,
        nonce: 1,
        sent_a: 100,
        sent_b: 0,
    };
    let signed = signed_state(&chain, state, [ALICE, BOB]);
    Setup {
        chain,
        channel,
        state,
        signed,
    }
}

fn message(state: &SignedState) -> Message {
    Message::State(State {
        channel_id: state.channel_id.to_bytes(),
        epoch: state.epoch,
        nonce: state.nonce,
        sent_a: state.sent_a.into(),
        sent_b: state.sent_b.into(),
    })
}

fn signed_state(chain: &Chain, state: SignedState, signers: [Party; 2]) -> Signed {
    let msg = message(&state);
    let network = chain.genesis_hash();
    let sigs = sign(chain, &tokenrail_channel_program::ID, network, msg, signers);
    Signed {
        state,
        bytes: msg
            .solana_bytes(&tokenrail_channel_program::ID.to_bytes(), &network)
            .unwrap(),
        signatures: [sigs[0], sigs[1]],
    }
}

impl Setup {
    fn close_ix(&self) -> Instruction {
        client::close_unilateral(self.chain.key(BOB), self.channel, self.state)
    }

    fn send(&mut self, ixs: &[Instruction]) -> Result<(), Failure> {
        let bob = self.chain.signer(BOB);
        self.chain.send(ixs, &[&bob]).map_err(to_failure)
    }

    /// Sends permissionless instructions (payouts), signed only by the fee payer.
    fn send_unsigned(&mut self, ixs: &[Instruction]) -> Result<(), Failure> {
        self.chain.send(ixs, &[]).map_err(to_failure)
    }

    fn expect(&mut self, ixs: &[Instruction], code: ChannelError, what: &str) {
        let bob_signs = ixs.iter().any(|ix| {
            ix.accounts
                .iter()
                .any(|m| m.is_signer && m.pubkey == self.chain.key(BOB))
        });
        let result = if bob_signs {
            self.send(ixs)
        } else {
            self.send_unsigned(ixs)
        };
        match result {
            Err(Failure::Spec(got)) => assert_eq!(got, code, "{what}"),
            other => panic!("{what}: expected {code:?}, got {other:?}"),
        }
    }
}

#[test]
fn a_close_without_the_ed25519_instruction_is_refused() {
    let mut s = setup();
    let ix = s.close_ix();
    s.expect(
        &[ix],
        ChannelError::InvalidSignatureInstruction,
        "no Ed25519 instruction (the instruction before is the compute budget's)",
    );
}

#[test]
fn the_ed25519_instruction_must_come_immediately_before() {
    let mut s = setup();
    let (ed, ix) = (s.signed.ed25519(), s.close_ix());
    // The channel instruction is first, the Ed25519 one after it.
    s.expect(
        &[ix, ed],
        ChannelError::InvalidSignatureInstruction,
        "Ed25519 instruction after the channel instruction",
    );
}

#[test]
fn offsets_into_another_instruction_are_refused() {
    let mut s = setup();
    // Instruction 1 verifies Carol's signature of a same-length message: valid for the
    // Ed25519 program. Instruction 2 carries Alice's and Bob's keys and the expected bytes, but
    // its offsets make the Ed25519 program verify instruction 1's data instead. A program that
    // read keys and message at the offsets of the instruction before it would accept.
    let fake = SignedState {
        nonce: 99,
        ..s.state
    };
    let carol = signed_state(&s.chain, fake, [CAROL, CAROL]);
    assert_eq!(carol.bytes.len(), s.signed.bytes.len());
    let first = carol.ed25519();
    let pointing_back = client::ed25519_instruction_with(
        &s.signed.bytes,
        s.signed.signatures,
        |_, o: SignatureOffsets| SignatureOffsets {
            // Absolute index in the transaction: 0 is the compute budget, 1 is `first`.
            signature_instruction_index: 1,
            public_key_instruction_index: 1,
            message_instruction_index: 1,
            ..o
        },
    );
    let ix = s.close_ix();
    s.expect(
        &[first, pointing_back, ix],
        ChannelError::InvalidSignatureInstruction,
        "offsets pointing into another instruction",
    );
}

#[test]
fn a_fake_instructions_sysvar_is_refused() {
    let mut s = setup();
    let mut ix = s.close_ix();
    // Any other account in the sysvar's place, here Carol's token account.
    ix.accounts[2].pubkey = s.chain.token_account(CAROL);
    let ed = s.signed.ed25519();
    s.expect(
        &[ed, ix],
        ChannelError::InvalidSignatureInstruction,
        "instructions sysvar replaced",
    );
}

#[test]
fn one_signature_or_swapped_signers_are_refused() {
    let mut s = setup();
    let mut one = s.signed.ed25519();
    one.data[0] = 1; // declares only A's signature (the program needs both)
    let ix = s.close_ix();
    s.expect(
        &[one, ix.clone()],
        ChannelError::InvalidSignatureInstruction,
        "a single signature",
    );
    let swapped = Signed {
        signatures: [s.signed.signatures[1], s.signed.signatures[0]],
        ..s.signed.clone()
    };
    s.expect(
        &[swapped.ed25519(), ix.clone()],
        ChannelError::WrongSigner,
        "B's signature presented as A's",
    );
    let by_carol = signed_state(&s.chain, s.state, [ALICE, CAROL]);
    s.expect(
        &[by_carol.ed25519(), ix],
        ChannelError::WrongSigner,
        "Carol signing for Bob",
    );
}

#[test]
fn a_forged_signature_fails_in_the_ed25519_program() {
    let mut s = setup();
    let mut forged = s.signed.clone();
    forged.signatures[1].1[0] ^= 1;
    let ix = s.close_ix();
    let result = s.send(&[forged.ed25519(), ix]);
    // Instruction 1 (after the compute budget) is the Ed25519 one; it fails, so the channel
    // program never runs.
    match &result {
        Err(Failure::Other(text)) => assert!(
            text.contains("InstructionError(1"),
            "the Ed25519 instruction fails: {text}"
        ),
        other => panic!("the Ed25519 program must refuse a forged signature: {other:?}"),
    }
    // Nothing was recorded.
    let state = channel_state(&mut s.chain, &s.channel).unwrap();
    assert_eq!(state.nonce, 0);
}

#[test]
fn payouts_go_only_to_the_parties_accounts() {
    let mut s = setup();
    let close = tokenrail_channel_program::SignedClose {
        channel_id: s.channel,
        epoch: 1,
        sent_a: 100,
        sent_b: 0,
    };
    let msg = Message::Close(tokenrail_channel::Close {
        channel_id: s.channel.to_bytes(),
        epoch: 1,
        sent_a: 100,
        sent_b: 0,
    });
    let network = s.chain.genesis_hash();
    let sigs = sign(
        &s.chain,
        &tokenrail_channel_program::ID,
        network,
        msg,
        [ALICE, BOB],
    );
    let signed = Signed {
        state: s.state,
        bytes: msg
            .solana_bytes(&tokenrail_channel_program::ID.to_bytes(), &network)
            .unwrap(),
        signatures: [sigs[0], sigs[1]],
    };
    let honest = payout_keys(&s.chain, s.channel, ALICE, BOB);
    let redirected = PayoutKeys {
        b_token: s.chain.token_account(CAROL),
        ..honest
    };
    s.expect(
        &[
            signed.ed25519(),
            client::close_cooperative(&redirected, close),
        ],
        ChannelError::InvalidAccount,
        "B's payout to Carol's account",
    );
    let mut foreign_vault = client::close_cooperative(&honest, close);
    foreign_vault.accounts[1].pubkey = s.chain.token_account(CAROL);
    s.expect(
        &[signed.ed25519(), foreign_vault],
        ChannelError::InvalidAccount,
        "another account as the vault",
    );
    s.send_unsigned(&[signed.ed25519(), client::close_cooperative(&honest, close)])
        .unwrap();
    // Each deposited 500 of 1000; Alice paid Bob 100: 400 back to her, 600 to him.
    assert_eq!(s.chain.token_balance(&s.chain.token_account(ALICE)), 900);
    assert_eq!(s.chain.token_balance(&s.chain.token_account(BOB)), 1100);
}

/// Every program error is `6000 + spec code` and carries the spec's tag in its message.
/// Finding 8 (docs/security.md): a mint whose extensions give a third party power over the
/// channel's vault is refused at `open` (`UnsupportedMint`), before any deposit: a permanent
/// delegate, a transfer fee, a transfer hook or a non-transferable mint.
#[test]
fn mints_that_give_a_third_party_power_over_custody_are_refused() {
    for extension in [
        MintExtension::PermanentDelegate(Pubkey::new_unique()),
        MintExtension::TransferFee(100),
        MintExtension::TransferHook(Pubkey::new_unique()),
        MintExtension::NonTransferable,
    ] {
        let mut chain = new_chain(TOKEN_2022, &[]);
        chain.use_mint_with(extension);
        let alice_token = chain.token_account(ALICE);
        chain.mint_to(alice_token, 1_000);
        let c = &chain;
        let open = client::open(
            c.key(ALICE),
            c.key(BOB),
            c.mint,
            alice_token,
            c.token_program,
            500,
            3600,
            c.genesis_hash(),
        );
        let alice = chain.signer(ALICE);
        let err = chain.send(&[open], &[&alice]).unwrap_err();
        assert_eq!(
            custom_code(&err),
            Some(6000 + u32::from(ChannelError::UnsupportedMint.code())),
            "{extension:?}"
        );
        assert_eq!(chain.token_balance(&alice_token), 1_000, "{extension:?}");
    }
}

#[test]
fn error_codes_are_pinned() {
    use tokenrail_channel_program::ChannelError as P;
    use ChannelError as Spec;
    let pinned = [
        (P::Unauthorized, Spec::Unauthorized),
        (P::InvalidAddress, Spec::InvalidAddress),
        (P::SameParties, Spec::SameParties),
        (P::ZeroAmount, Spec::ZeroAmount),
        (P::InvalidPeriod, Spec::InvalidPeriod),
        (P::ChannelOpen, Spec::ChannelOpen),
        (P::ChannelNotFound, Spec::ChannelNotFound),
        (P::NotOpen, Spec::NotOpen),
        (P::NotClosing, Spec::NotClosing),
        (P::WrongChannel, Spec::WrongChannel),
        (P::InvalidSignature, Spec::InvalidSignature),
        (P::WrongSigner, Spec::WrongSigner),
        (P::StaleNonce, Spec::StaleNonce),
        (P::ChallengePeriodOver, Spec::ChallengePeriodOver),
        (P::ChallengePeriodActive, Spec::ChallengePeriodActive),
        (P::Overdrawn, Spec::Overdrawn),
        (P::FundsMismatch, Spec::FundsMismatch),
        (
            P::InvalidSignatureInstruction,
            Spec::InvalidSignatureInstruction,
        ),
        (P::InvalidAccount, Spec::InvalidAccount),
        (P::UnsupportedMint, Spec::UnsupportedMint),
    ];
    for (err, want) in pinned {
        assert_eq!(u32::from(err), 6000 + u32::from(want.code()), "{err:?}");
        assert_eq!(err.name(), want.name());
        assert_eq!(Spec::find_tag(&err.to_string()), Some(want), "{err}");
    }
}
