//! Solana-specific attacks: missing signer, account substitution, duplicate accounts,
//! re-initialisation, forged escrow accounts; plus the pinned error numbers.

#![allow(deprecated)] // solana-program-test's API is flagged unstable, see common/mod.rs

mod common;

use anchor_lang::prelude::Pubkey;
use anchor_lang::{AccountSerialize, Discriminator};
use common::{
    custom_code, escrow_pdas, release_ix, settle_ix, Chain, CreateArgs, MintExtension,
    SettleAccounts, T0, TOKEN, TOKEN_2022,
};
use tokenrail_core::escrow::EscrowError as Spec;
use tokenrail_core::vectors::Actor::{self, Arbiter, Beneficiary, Depositor, Stranger};
use tokenrail_escrow::EscrowError;

use anchor_lang::error::ErrorCode as Anchor;

/// Anchor framework codes the attacks below expect.
const ACCOUNT_NOT_SIGNER: u32 = Anchor::AccountNotSigner as u32;
const ACCOUNT_OWNED_BY_WRONG_PROGRAM: u32 = Anchor::AccountOwnedByWrongProgram as u32;
const DUPLICATE_MUTABLE_ACCOUNT: u32 = Anchor::ConstraintDuplicateMutableAccount as u32;

fn spec(e: Spec) -> Option<u32> {
    Some(6000 + u32::from(e.code()))
}

/// A chain where the depositor created escrow 1 of [100, 200] for the beneficiary.
fn setup(token_program: Pubkey) -> (Chain, Pubkey, Pubkey) {
    let mut chain = common::new_chain(token_program, &[(Depositor, 1_000)]);
    let (escrow, vault) = create(&mut chain, 1);
    (chain, escrow, vault)
}

fn create(chain: &mut Chain, id: u64) -> (Pubkey, Pubkey) {
    let ix = common::create_ix(
        chain.key(Depositor),
        chain.token_account(Depositor),
        chain.mint,
        chain.token_program,
        CreateArgs {
            id,
            beneficiary: chain.key(Beneficiary),
            arbiter: Some(chain.key(Arbiter)),
            milestones: vec![100, 200],
            deadline: T0 + 1000,
        },
    );
    let signer = chain.actors[Depositor as usize].insecure_clone();
    chain.send(&[ix], &[&signer]).expect("create");
    escrow_pdas(&chain.key(Depositor), id)
}

fn release_accounts(chain: &Chain, by: Actor, escrow: Pubkey, vault: Pubkey) -> SettleAccounts {
    SettleAccounts {
        caller: chain.key(by),
        escrow,
        vault,
        mint: chain.mint,
        destination: chain.token_account(Beneficiary),
        token_program: chain.token_program,
    }
}

fn send_as(
    chain: &mut Chain,
    by: Actor,
    ix: anchor_lang::solana_program::instruction::Instruction,
) -> Option<u32> {
    let signer = chain.actors[by as usize].insecure_clone();
    let err = chain.send(&[ix], &[&signer]).expect_err("must fail");
    custom_code(&err)
}

#[test]
fn missing_signer_is_rejected() {
    let (mut chain, escrow, vault) = setup(TOKEN);
    let mut ix = release_ix(&release_accounts(&chain, Depositor, escrow, vault), 0);
    ix.accounts[0].is_signer = false;
    // Nobody signs for the depositor: only the fee payer signs.
    let err = chain.send(&[ix], &[]).unwrap_err();
    assert_eq!(custom_code(&err), Some(ACCOUNT_NOT_SIGNER));
    assert_eq!(chain.token_balance(&vault), 300);
}

#[test]
fn vault_substitution_is_rejected() {
    let (mut chain, escrow, vault) = setup(TOKEN);
    let (_, other_vault) = create(&mut chain, 2);
    let ix = release_ix(&release_accounts(&chain, Depositor, escrow, other_vault), 0);
    assert_eq!(
        send_as(&mut chain, Depositor, ix),
        spec(Spec::InvalidAccount)
    );
    assert_eq!(chain.token_balance(&vault), 300);
    assert_eq!(chain.token_balance(&other_vault), 300);
}

#[test]
fn mint_substitution_is_rejected() {
    let (mut chain, escrow, vault) = setup(TOKEN);
    let other_mint = chain.create_mint(TOKEN);
    let mut a = release_accounts(&chain, Depositor, escrow, vault);
    a.mint = other_mint;
    assert_eq!(
        send_as(&mut chain, Depositor, release_ix(&a, 0)),
        spec(Spec::WrongAsset)
    );
}

#[test]
fn destination_substitution_is_rejected() {
    let (mut chain, escrow, vault) = setup(TOKEN);
    // Release into the stranger's account instead of the beneficiary's.
    let mut a = release_accounts(&chain, Depositor, escrow, vault);
    a.destination = chain.token_account(Stranger);
    assert_eq!(
        send_as(&mut chain, Depositor, release_ix(&a, 0)),
        spec(Spec::InvalidAccount)
    );
    // Refund into the arbiter's account instead of the depositor's.
    let mut a = release_accounts(&chain, Arbiter, escrow, vault);
    a.destination = chain.token_account(Arbiter);
    assert_eq!(
        send_as(&mut chain, Arbiter, settle_ix(&a, false)),
        spec(Spec::InvalidAccount)
    );
    assert_eq!(chain.token_balance(&vault), 300);
}

#[test]
fn duplicate_accounts_are_rejected() {
    let (mut chain, escrow, vault) = setup(TOKEN);
    // The vault passed again as the destination: Anchor refuses the same writable account twice
    // before any handler runs (and the owner check would refuse it next).
    let mut a = release_accounts(&chain, Depositor, escrow, vault);
    a.destination = vault;
    assert_eq!(
        send_as(&mut chain, Depositor, release_ix(&a, 0)),
        Some(DUPLICATE_MUTABLE_ACCOUNT)
    );
    // The escrow account passed as its own vault.
    let a = release_accounts(&chain, Depositor, escrow, escrow);
    assert!(send_as(&mut chain, Depositor, release_ix(&a, 0)).is_some());
    assert_eq!(chain.token_balance(&vault), 300);
}

#[test]
fn token_program_substitution_is_rejected() {
    let (mut chain, escrow, vault) = setup(TOKEN_2022);
    let mut a = release_accounts(&chain, Depositor, escrow, vault);
    a.token_program = TOKEN;
    assert_eq!(
        send_as(&mut chain, Depositor, release_ix(&a, 0)),
        spec(Spec::InvalidAccount)
    );
}

#[test]
fn reinitialisation_is_rejected() {
    let (mut chain, escrow, vault) = setup(TOKEN);
    let depositor_token = chain.token_account(Depositor);
    let before = chain.token_balance(&depositor_token);
    // Same depositor, same id: the escrow PDA exists, so `init` fails and nothing moves.
    let ix = common::create_ix(
        chain.key(Depositor),
        depositor_token,
        chain.mint,
        chain.token_program,
        CreateArgs {
            id: 1,
            beneficiary: chain.key(Stranger),
            arbiter: None,
            milestones: vec![1],
            deadline: T0 + 5000,
        },
    );
    let signer = chain.actors[Depositor as usize].insecure_clone();
    assert!(chain.send(&[ix], &[&signer]).is_err());
    let state = chain.anchor_account::<tokenrail_escrow::Escrow>(&escrow);
    assert_eq!(
        state.beneficiary,
        chain.key(Beneficiary),
        "escrow untouched"
    );
    assert_eq!(state.total, 300);
    assert_eq!(chain.token_balance(&depositor_token), before);
    assert_eq!(chain.token_balance(&vault), 300);
}

#[test]
fn forged_escrow_account_is_rejected() {
    let (mut chain, _, vault) = setup(TOKEN);
    // A byte-perfect escrow naming the stranger as arbiter, but owned by another program.
    let mut forged =
        chain.anchor_account::<tokenrail_escrow::Escrow>(&escrow_pdas(&chain.key(Depositor), 1).0);
    forged.arbiter = Some(chain.key(Stranger));
    let mut data = Vec::new();
    forged.try_serialize(&mut data).unwrap();
    assert_eq!(&data[..8], tokenrail_escrow::Escrow::DISCRIMINATOR);
    let fake = Pubkey::new_unique();
    chain.ctx.set_account(
        &fake,
        &solana_account::Account {
            lamports: 10_000_000,
            data,
            owner: Pubkey::new_unique(),
            ..Default::default()
        }
        .into(),
    );
    let a = release_accounts(&chain, Stranger, fake, vault);
    assert_eq!(
        send_as(&mut chain, Stranger, release_ix(&a, 0)),
        Some(ACCOUNT_OWNED_BY_WRONG_PROGRAM)
    );
    assert_eq!(chain.token_balance(&vault), 300);
}

#[test]
fn another_depositors_escrow_cannot_be_released_by_its_arbiter_for_someone_else() {
    // The arbiter of escrow A is a stranger to escrow B.
    let (mut chain, _escrow_a, _) = setup(TOKEN);
    let stranger_token = chain.token_account(Stranger);
    chain.mint_to(stranger_token, 500);
    let ix = common::create_ix(
        chain.key(Stranger),
        stranger_token,
        chain.mint,
        chain.token_program,
        CreateArgs {
            id: 9,
            beneficiary: chain.key(Beneficiary),
            arbiter: None,
            milestones: vec![50],
            deadline: T0 + 1000,
        },
    );
    let signer = chain.actors[Stranger as usize].insecure_clone();
    chain.send(&[ix], &[&signer]).unwrap();
    let (escrow_b, vault_b) = escrow_pdas(&chain.key(Stranger), 9);
    let a = release_accounts(&chain, Arbiter, escrow_b, vault_b);
    assert_eq!(
        send_as(&mut chain, Arbiter, release_ix(&a, 0)),
        spec(Spec::Unauthorized)
    );
}

/// Finding 8 (docs/security.md): a mint whose extensions give a third party power over the
/// vault is refused before custody starts (`UnsupportedMint`): a permanent delegate (held by a
/// stranger) could take the vault's tokens, a transfer fee skims every movement (and delivered
/// short custody, `FundsMismatch`, before), a transfer hook decides whether payouts move, and a
/// non-transferable mint could never pay out.
#[test]
fn mints_that_give_a_third_party_power_over_custody_are_refused() {
    let stranger = Pubkey::new_unique();
    for extension in [
        MintExtension::PermanentDelegate(stranger),
        MintExtension::TransferFee(100),
        MintExtension::TransferHook(Pubkey::new_unique()),
        MintExtension::NonTransferable,
    ] {
        let mut chain = common::new_chain(TOKEN_2022, &[]);
        chain.use_mint_with(extension);
        let depositor_token = chain.token_account(Depositor);
        chain.mint_to(depositor_token, 10_000);
        let ix = common::create_ix(
            chain.key(Depositor),
            depositor_token,
            chain.mint,
            chain.token_program,
            CreateArgs {
                id: 1,
                beneficiary: chain.key(Beneficiary),
                arbiter: None,
                milestones: vec![500, 500],
                deadline: T0 + 1000,
            },
        );
        assert_eq!(
            send_as(&mut chain, Depositor, ix),
            spec(Spec::UnsupportedMint),
            "{extension:?}"
        );
        assert_eq!(
            chain.token_balance(&depositor_token),
            10_000,
            "nothing left the depositor ({extension:?})"
        );
    }
}

/// After settlement the depositor, and only the depositor, closes the escrow and its vault and
/// gets exactly their rent back; an active escrow cannot be closed.
#[test]
fn close_reclaims_rent_only_after_settlement() {
    for program in [TOKEN, TOKEN_2022] {
        let (mut chain, escrow, vault) = setup(program);
        let depositor = chain.key(Depositor);
        let close = |chain: &Chain, by: Actor| common::close_ix(chain, by, escrow, vault);

        let ix = close(&chain, Depositor);
        assert_eq!(send_as(&mut chain, Depositor, ix), spec(Spec::EscrowActive));
        let ix = close(&chain, Stranger);
        assert_eq!(send_as(&mut chain, Stranger, ix), spec(Spec::Unauthorized));

        for k in 0..2 {
            let ix = release_ix(&release_accounts(&chain, Depositor, escrow, vault), k);
            let signer = chain.actors[Depositor as usize].insecure_clone();
            chain.send(&[ix], &[&signer]).unwrap();
        }
        let rent = chain.lamports(&escrow) + chain.lamports(&vault);
        assert!(rent > 0);
        let before = chain.lamports(&depositor);
        // The stranger cannot close a settled escrow either.
        let ix = close(&chain, Stranger);
        assert_eq!(send_as(&mut chain, Stranger, ix), spec(Spec::Unauthorized));
        let ix = close(&chain, Depositor);
        let signer = chain.actors[Depositor as usize].insecure_clone();
        chain.send(&[ix], &[&signer]).unwrap();
        assert_eq!(
            chain.lamports(&depositor),
            before + rent,
            "all rent back (fees are the payer's)"
        );
        assert_eq!(chain.lamports(&escrow), 0, "escrow account closed");
        assert_eq!(chain.lamports(&vault), 0, "vault closed");
        assert_eq!(
            chain.token_balance(&chain.token_account(Beneficiary)),
            300,
            "payouts untouched"
        );

        let ix = close(&chain, Depositor);
        assert_eq!(
            send_as(&mut chain, Depositor, ix),
            Some(common::ANCHOR_ACCOUNT_NOT_INITIALIZED),
            "a closed escrow is gone"
        );
    }
}

/// Finding 6 (docs/security.md): anyone can send tokens to a settled escrow's vault, and one
/// unit of dust made `close` fail (`EscrowActive`) forever. The remainder goes to the depositor
/// and the escrow closes.
#[test]
fn dust_in_a_settled_vault_cannot_block_close() {
    for program in [TOKEN, TOKEN_2022] {
        let (mut chain, escrow, vault) = setup(program);
        for k in 0..2 {
            let ix = release_ix(&release_accounts(&chain, Depositor, escrow, vault), k);
            let signer = chain.actors[Depositor as usize].insecure_clone();
            chain.send(&[ix], &[&signer]).unwrap();
        }
        // A stranger's unit lands in the empty vault.
        chain.mint_to(vault, 1);
        let depositor_token = chain.token_account(Depositor);
        let before = chain.token_balance(&depositor_token);
        let ix = common::close_ix(&chain, Depositor, escrow, vault);
        let signer = chain.actors[Depositor as usize].insecure_clone();
        chain
            .send(&[ix], &[&signer])
            .expect("close succeeds despite the dust");
        assert_eq!(chain.lamports(&vault), 0, "vault closed");
        assert_eq!(chain.lamports(&escrow), 0, "escrow closed");
        assert_eq!(
            chain.token_balance(&depositor_token),
            before + 1,
            "the remainder went to the depositor"
        );
    }
}

/// Every program error is `6000 + spec code` and carries the spec's tag in its message.
#[test]
fn error_codes_are_pinned() {
    let pinned = [
        (EscrowError::Unauthorized, Spec::Unauthorized),
        (EscrowError::InvalidParties, Spec::InvalidParties),
        (EscrowError::InvalidMilestones, Spec::InvalidMilestones),
        (EscrowError::ZeroAmount, Spec::ZeroAmount),
        (EscrowError::AmountOverflow, Spec::AmountOverflow),
        (EscrowError::DeadlineNotInFuture, Spec::DeadlineNotInFuture),
        (EscrowError::FundsMismatch, Spec::FundsMismatch),
        (EscrowError::WrongAsset, Spec::WrongAsset),
        (EscrowError::NotActive, Spec::NotActive),
        (EscrowError::MilestoneOutOfOrder, Spec::MilestoneOutOfOrder),
        (
            EscrowError::MilestoneAlreadyReleased,
            Spec::MilestoneAlreadyReleased,
        ),
        (EscrowError::DeadlinePassed, Spec::DeadlinePassed),
        (EscrowError::DeadlineNotReached, Spec::DeadlineNotReached),
        (EscrowError::CancelAfterRelease, Spec::CancelAfterRelease),
        (EscrowError::InvalidAddress, Spec::InvalidAddress),
        (EscrowError::InvalidAccount, Spec::InvalidAccount),
        (EscrowError::EscrowActive, Spec::EscrowActive),
        (EscrowError::UnsupportedMint, Spec::UnsupportedMint),
    ];
    for (err, want) in pinned {
        assert_eq!(u32::from(err), 6000 + u32::from(want.code()), "{err:?}");
        assert_eq!(err.name(), want.name());
        assert_eq!(Spec::find_tag(&err.to_string()), Some(want), "{err}");
    }
}
