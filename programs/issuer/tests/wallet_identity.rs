//! Identity is the wallet (`docs/security.md`, findings 1–3): restrictions and registry entries
//! belong to the wallet that owns a token account, so a wallet must not escape them by changing
//! an account's owner, by spreading its balance over several accounts, or by burning with
//! Token-2022's own instruction. The token follows the Token ACL (sRFC-37) model: accounts are
//! created frozen, and only a wallet's associated token account is thawed, and only while the
//! registry verifies the wallet.

#![allow(deprecated)]

mod common;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use common::*;
use spl_token_2022_interface::instruction::{set_authority, AuthorityType};
use tokenrail_core::token::TokenError as Spec;
use tokenrail_devnet::solana::bank::{T0, TOKEN_2022};
use tokenrail_issuer::instruction;
use tokenrail_transfer_hook::client::transfer_extra_accounts;
use tokenrail_transfer_hook::{InvestorStatus, RulesInput};

/// `who` signs `ix` alone (the test payer pays).
fn sign(t: &mut Token, who: usize, ix: Instruction) -> Result<(), String> {
    let signer = t.c.signer(who);
    t.c.send(&[ix], &[&signer]).map_err(|e| e.to_string())
}

/// A hooked transfer of `amount` from `from`'s account `source` to the token account `to`.
fn transfer_between(
    t: &mut Token,
    from: usize,
    source: Pubkey,
    to: Pubkey,
    to_owner: usize,
    amount: u64,
) -> Result<(), String> {
    let mut ix = spl_token_2022_interface::instruction::transfer_checked(
        &TOKEN_2022,
        &source,
        &t.mint,
        &to,
        &t.c.key(from),
        &[],
        amount,
        6,
    )
    .unwrap();
    ix.accounts.extend(transfer_extra_accounts(
        &t.mint,
        &t.registry,
        &t.c.key(from),
        &t.c.key(to_owner),
    ));
    sign(t, from, ix)
}

fn set_rules(t: &mut Token, rules: RulesInput) {
    let accounts = tokenrail_issuer::accounts::AgentOnPolicy {
        signer: t.c.key(AGENT),
        role: t.role(tokenrail_issuer::Role::Agent, AGENT),
        issuer: t.issuer,
        policy: tokenrail_transfer_hook::client::policy_address(&t.mint),
        hook_program: HOOK,
    };
    t.send(AGENT, accounts, instruction::SetRules { rules })
        .unwrap();
}

/// Finding 1: a locked-up investor hands her whole token account to an accomplice with
/// Token-2022's `SetAuthority(AccountOwner)`, which runs no hook; the accomplice's own entry and
/// restrictions then apply and the lock-up is gone. Handing it to an unregistered wallet makes an
/// unregistered holder.
#[test]
fn an_account_never_changes_owner() {
    let mut t = Token::new();
    t.mint_tokens(ISSUER, ALICE, 100).unwrap();
    let on = t.on_account(AGENT, ALICE);
    t.send(AGENT, on, instruction::SetLockup { until: T0 + YEAR })
        .unwrap();
    let account = t.accounts[ALICE];
    for new_owner in [BOB, MALLORY] {
        let ix = set_authority(
            &TOKEN_2022,
            &account,
            Some(&t.c.key(new_owner)),
            AuthorityType::AccountOwner,
            &t.c.key(ALICE),
            &[],
        )
        .unwrap();
        assert!(
            sign(&mut t, ALICE, ix).is_err(),
            "the holder's account cannot be handed to wallet {new_owner}"
        );
    }
    // So the accomplice cannot move Alice's locked tokens.
    let carol = t.accounts[CAROL];
    assert!(transfer_between(&mut t, BOB, account, carol, CAROL, 10).is_err());
    assert_eq!(t.balance(ALICE), 100);
}

/// Finding 1, second route: a second account the investor opens, handed to anyone, can never
/// receive the token.
#[test]
fn a_second_account_is_never_live() {
    let mut t = Token::new();
    t.mint_tokens(ISSUER, CAROL, 100).unwrap();
    let second = t.c.create_token_account(t.mint, &t.c.key(ALICE));
    let ix = set_authority(
        &TOKEN_2022,
        &second,
        Some(&t.c.key(MALLORY)),
        AuthorityType::AccountOwner,
        &t.c.key(ALICE),
        &[],
    )
    .unwrap();
    // Whether or not the owner change goes through, the account receives nothing.
    let _ = sign(&mut t, ALICE, ix);
    let carol = t.accounts[CAROL];
    assert!(transfer_between(&mut t, CAROL, carol, second, MALLORY, 10).is_err());
    assert!(transfer_between(&mut t, CAROL, carol, second, ALICE, 10).is_err());
    assert_eq!(t.c.token_balance(&second), 0, "nobody holds through it");
}

/// Finding 2: one verified investor opens several accounts and sends one unit to each. The
/// holder count counted accounts, so it reached `max_holders` and minting to new investors failed
/// for everyone; a wallet at its maximum balance received more in another account; a freeze of
/// the wallet froze only one of its accounts.
#[test]
fn one_wallet_is_one_holder() {
    let mut t = Token::new();
    set_rules(
        &mut t,
        RulesInput {
            max_holders: 3,
            max_balance: 100,
            ..RulesInput::default()
        },
    );
    t.mint_tokens(ISSUER, ALICE, 100).unwrap();
    t.mint_tokens(ISSUER, BOB, 10).unwrap();
    assert_eq!(t.holders(), 2);
    let extra: Vec<Pubkey> = (0..3)
        .map(|_| t.c.create_token_account(t.mint, &t.c.key(ALICE)))
        .collect();
    let (bob, carol) = (t.accounts[BOB], t.accounts[CAROL]);
    for account in &extra {
        assert!(
            transfer_between(&mut t, BOB, bob, *account, ALICE, 1).is_err(),
            "a wallet at its maximum receives nothing in another account"
        );
    }
    assert_eq!(t.holders(), 2, "extra accounts are no extra holders");
    t.mint_tokens(ISSUER, CAROL, 1)
        .expect("the holder limit still admits a new investor");
    assert_eq!(t.holders(), 3);
    // Freezing the wallet leaves it no account to send from.
    let on = t.on_account(AGENT, ALICE);
    t.send(AGENT, on, instruction::SetAccountFrozen { frozen: true })
        .unwrap();
    for account in &extra {
        assert!(transfer_between(&mut t, ALICE, *account, carol, CAROL, 1).is_err());
    }
    assert_eq!(t.balance(ALICE), 100);
}

/// Finding 3: Token-2022's own `burn` runs no hook. A revoked investor burned its tokens,
/// bypassing the registry; a revocation now freezes the wallet's account, and a frozen account
/// cannot burn.
#[test]
fn a_revoked_holder_cannot_burn() {
    let mut t = Token::new();
    t.mint_tokens(ISSUER, ALICE, 100).unwrap();
    t.register(ALICE, InvestorStatus::Revoked, 276, T0 + YEAR)
        .unwrap();
    let burn = spl_token_2022_interface::instruction::burn_checked(
        &TOKEN_2022,
        &t.accounts[ALICE],
        &t.mint,
        &t.c.key(ALICE),
        &[],
        100,
        6,
    )
    .unwrap();
    assert!(
        sign(&mut t, ALICE, burn).is_err(),
        "a revoked holder cannot burn"
    );
    assert_eq!(t.balance(ALICE), 100);
    assert_eq!(t.holders(), 1);
}

/// Token-2022's own `burn` still runs no hook for a thawed holder (the bundled Token-2022 has no
/// PermissionedBurn), so a holder can burn to zero unseen. The holder count stays exact: the
/// wallet stays counted once (never twice when it receives again) until anyone syncs it.
#[test]
fn the_holder_count_survives_a_raw_burn() {
    let mut t = Token::new();
    t.mint_tokens(ISSUER, ALICE, 10).unwrap();
    t.mint_tokens(ISSUER, BOB, 10).unwrap();
    assert_eq!(t.holders(), 2);
    let raw_burn = |t: &Token, amount: u64| {
        spl_token_2022_interface::instruction::burn_checked(
            &TOKEN_2022,
            &t.accounts[ALICE],
            &t.mint,
            &t.c.key(ALICE),
            &[],
            amount,
            6,
        )
        .unwrap()
    };
    let ix = raw_burn(&t, 10);
    sign(&mut t, ALICE, ix).unwrap();
    assert_eq!(t.holders(), 2, "the hook did not see the burn");
    // Receiving again counts Alice once, not twice.
    t.transfer(BOB, ALICE, 1).unwrap();
    assert_eq!(t.holders(), 2);
    let ix = raw_burn(&t, 1);
    sign(&mut t, ALICE, ix).unwrap();
    // Anyone (here the fee payer alone) brings the count in line with the balance.
    let mut sync = t.ix(
        tokenrail_transfer_hook::accounts::SyncHolder {
            policy: tokenrail_transfer_hook::client::policy_address(&t.mint),
            account: t.accounts[ALICE],
            holder: tokenrail_transfer_hook::client::holder_address(&t.mint, &t.c.key(ALICE)),
        },
        tokenrail_transfer_hook::instruction::SyncHolder {},
    );
    sync.program_id = HOOK;
    t.c.send(&[sync.clone()], &[]).unwrap();
    assert_eq!(t.holders(), 1, "synced: only Bob holds");
    t.c.send(&[sync], &[]).unwrap();
    assert_eq!(t.holders(), 1, "a second sync changes nothing");
}

/// Onboarding follows the registry and nobody's keys: anyone thaws a verified wallet's account
/// and freezes a revoked one's; neither overrides the registry or the agent's freeze; a wallet
/// registered but never onboarded is named by the dry run.
#[test]
fn onboarding_is_permissionless_and_follows_the_registry() {
    let mut t = Token::new();
    assert_eq!(t.thaw(MALLORY), code(Spec::RecipientNotVerified));
    assert_eq!(
        t.freeze(ALICE),
        code(Spec::Unauthorized),
        "Alice is verified"
    );
    t.mint_tokens(ISSUER, ALICE, 100).unwrap();
    // The agent's freeze is not undone by a permissionless thaw.
    let on = t.on_account(AGENT, CAROL);
    t.send(AGENT, on, instruction::SetAccountFrozen { frozen: true })
        .unwrap();
    assert!(t.frozen(CAROL));
    assert_eq!(t.thaw(CAROL), code(Spec::RecipientFrozen));
    let on = t.on_account(AGENT, CAROL);
    t.send(AGENT, on, instruction::SetAccountFrozen { frozen: false })
        .unwrap();
    assert!(
        !t.frozen(CAROL),
        "the agent's unfreeze thaws a verified wallet"
    );
    // A revocation takes effect without the issuer: anyone freezes the wallet's account.
    t.register(ALICE, InvestorStatus::Revoked, 276, T0 + YEAR)
        .unwrap();
    assert!(t.frozen(ALICE));
    assert_eq!(
        t.can_transfer(ALICE, BOB, 1),
        Spec::SenderNotVerified.code()
    );
    assert_eq!(t.transfer(ALICE, BOB, 1), code(Spec::SenderNotVerified));
    t.register(ALICE, InvestorStatus::Verified, 276, T0 + YEAR)
        .unwrap();
    assert!(!t.frozen(ALICE), "re-verified and onboarded again");
    t.transfer(ALICE, BOB, 1).unwrap();
    // Registered but never onboarded: the dry run names it.
    let mut bare = Token::bare(CAP);
    bare.grant_registry_agent(ADMIN, AGENT).unwrap();
    bare.grant(tokenrail_issuer::Role::Issuer, ISSUER).unwrap();
    for who in [ALICE, BOB] {
        bare.register(who, InvestorStatus::Verified, 276, T0 + YEAR)
            .unwrap();
    }
    bare.mint_tokens(ISSUER, ALICE, 10).unwrap();
    // Carol is registered with the registry's own instruction only: never onboarded.
    let raw = tokenrail_transfer_hook::accounts::UpsertInvestor {
        agent: bare.c.key(AGENT),
        registry: bare.registry,
        role: bare.agent_role(AGENT),
        wallet: bare.c.key(CAROL),
        investor: tokenrail_transfer_hook::client::investor_address(
            &bare.registry,
            &bare.c.key(CAROL),
        ),
        system_program: anchor_lang::system_program::ID,
    };
    let mut ix = bare.ix(
        raw,
        tokenrail_transfer_hook::instruction::UpsertInvestor {
            status: InvestorStatus::Verified,
            jurisdiction: 276,
            kyc_expiry: T0 + YEAR,
        },
    );
    ix.program_id = HOOK;
    sign(&mut bare, AGENT, ix).unwrap();
    assert_eq!(
        bare.can_transfer(ALICE, CAROL, 1),
        Spec::NotOnboarded.code()
    );
    assert_eq!(bare.transfer(ALICE, CAROL, 1), code(Spec::NotOnboarded));
    bare.thaw(CAROL).unwrap();
    bare.transfer(ALICE, CAROL, 1).unwrap();
}
