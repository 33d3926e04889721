//! The issuer program with the transfer hook on the real Token-2022 program: initialisation
//! (extensions, metadata, policy), roles, the cap, mints and burns with their checks, pause and
//! the paths that bypass it, freezes, frozen amounts and lock-ups, forced transfer, recovery and
//! metadata updates, each against the accounts Token-2022 keeps.

#![allow(deprecated)]

mod common;

use anchor_lang::prelude::Pubkey;
use common::*;
use spl_token_2022_interface::extension::{BaseStateWithExtensions, StateWithExtensions};
use tokenrail_core::token::TokenError as Spec;
use tokenrail_devnet::solana::bank::{T0, TOKEN_2022};
use tokenrail_issuer::{accounts, instruction, Role, TokenParams};
use tokenrail_transfer_hook::client::{holder_address, policy_address};
use tokenrail_transfer_hook::{RulesInput, TokenPolicy};

/// Parameters of a token other than the one `Token::new` issues.
fn params(name: &str, cap: u64) -> TokenParams {
    TokenParams {
        name: name.into(),
        symbol: "OTHER".into(),
        uri: String::new(),
        legal_document_hash: [0; 32],
        decimals: 0,
        cap,
    }
}

#[test]
fn initialize_gives_every_authority_to_the_issuer_pda() {
    use spl_token_2022_interface::extension::{
        metadata_pointer::MetadataPointer, permanent_delegate::PermanentDelegate,
        transfer_hook::TransferHook,
    };
    use spl_token_metadata_interface::state::TokenMetadata;
    let mut t = Token::new();
    let data = t.mint_data();
    let mint = StateWithExtensions::<spl_token_2022_interface::state::Mint>::unpack(&data).unwrap();
    let issuer = Some(t.issuer);
    assert_eq!(Option::<Pubkey>::from(mint.base.mint_authority), issuer);
    assert_eq!(Option::<Pubkey>::from(mint.base.freeze_authority), issuer);
    let hook = mint.get_extension::<TransferHook>().unwrap();
    assert_eq!(Option::<Pubkey>::from(hook.program_id), Some(HOOK));
    assert_eq!(Option::<Pubkey>::from(hook.authority), issuer);
    let delegate = mint.get_extension::<PermanentDelegate>().unwrap();
    assert_eq!(Option::<Pubkey>::from(delegate.delegate), issuer);
    let pointer = mint.get_extension::<MetadataPointer>().unwrap();
    assert_eq!(
        Option::<Pubkey>::from(pointer.metadata_address),
        Some(t.mint)
    );
    let metadata = mint.get_variable_len_extension::<TokenMetadata>().unwrap();
    assert_eq!(
        (metadata.name.as_str(), metadata.symbol.as_str()),
        ("Tokenrail Bond 2030", "TRB30")
    );
    assert_eq!(metadata.additional_metadata[0].1, "42".repeat(32));
    let policy: TokenPolicy = t.c.anchor_account(&policy_address(&t.mint));
    assert_eq!(
        (policy.controller, policy.forced_authority),
        (t.issuer, t.issuer)
    );
    // The admin holds no role it was not granted.
    assert_eq!(t.mint_tokens(ADMIN, ALICE, 1), code(Spec::Unauthorized));
}

#[test]
fn an_initialised_token_cannot_be_initialised_again() {
    let mut t = Token::new();
    let issuer = t.issuer;
    // Even with the mint's key (leaked, say), the issuer PDA and the mint exist: `init` fails
    // and nothing changes.
    let ix = t.initialize(MALLORY, t.mint, params("Hijack", u64::MAX));
    let (mallory, mint_key) = (t.c.signer(MALLORY), t.mint_key.insecure_clone());
    assert!(t.c.send(&[ix], &[&mallory, &mint_key]).is_err());
    let issuer_state: tokenrail_issuer::Issuer = t.c.anchor_account(&issuer);
    assert_eq!(
        (issuer_state.admin, issuer_state.cap),
        (t.c.key(ADMIN), CAP)
    );
}

#[test]
fn minting_obeys_the_role_the_cap_and_the_registry() {
    let mut t = Token::new();
    t.mint_tokens(ISSUER, ALICE, 1_000).unwrap();
    assert_eq!((t.balance(ALICE), t.holders()), (1_000, 1));
    assert_eq!(t.mint_tokens(AGENT, ALICE, 1), code(Spec::Unauthorized));
    assert_eq!(
        t.mint_tokens(ISSUER, MALLORY, 1),
        code(Spec::RecipientNotVerified)
    );
    assert_eq!(t.mint_tokens(ISSUER, BOB, CAP), code(Spec::CapExceeded));
    assert_eq!(
        t.mint_tokens(ISSUER, BOB, u64::MAX),
        code(Spec::CapExceeded)
    );
    assert_eq!(t.mint_tokens(ISSUER, BOB, 0), code(Spec::ZeroAmount));
    t.mint_tokens(ISSUER, BOB, CAP - 1_000).unwrap();
    assert_eq!(t.holders(), 2);
    // Holders move tokens with Token-2022 itself; the hook keeps the count.
    t.transfer(ALICE, CAROL, 1_000).unwrap();
    assert_eq!(t.holders(), 2);
    assert_eq!(
        t.transfer(CAROL, MALLORY, 1),
        code(Spec::RecipientNotVerified)
    );
}

#[test]
fn pause_blocks_holders_but_not_the_issuers_paths() {
    let mut t = Token::new();
    t.mint_tokens(ISSUER, ALICE, 1_000).unwrap();
    let pausing = t.pausing(PAUSER);
    assert_eq!(
        t.send(PAUSER, pausing, instruction::Unpause {}),
        code(Spec::NotPaused)
    );
    let pausing = t.pausing(ISSUER);
    assert_eq!(
        t.send(ISSUER, pausing, instruction::Pause {}),
        code(Spec::Unauthorized)
    );
    let pausing = t.pausing(PAUSER);
    t.send(PAUSER, pausing, instruction::Pause {}).unwrap();
    let pausing = t.pausing(PAUSER);
    assert_eq!(
        t.send(PAUSER, pausing, instruction::Pause {}),
        code(Spec::Paused)
    );
    assert!(
        t.transfer(ALICE, BOB, 1).is_err(),
        "Token-2022 refuses a paused mint"
    );
    assert_eq!(t.burn(ALICE, 1), code(Spec::Paused));
    // Mint, redemption and forced transfer pass, and leave the token paused.
    t.mint_tokens(ISSUER, BOB, 10).unwrap();
    t.redeem(ISSUER, BOB, 5).unwrap();
    let forced = t.forced_accounts(AGENT, BOB, ALICE);
    t.send(AGENT, forced, instruction::ForcedTransfer { amount: 5 })
        .unwrap();
    assert!(t.paused());
    assert_eq!(
        (t.balance(ALICE), t.balance(BOB), t.holders()),
        (1_005, 0, 1)
    );
    let pausing = t.pausing(PAUSER);
    t.send(PAUSER, pausing, instruction::Unpause {}).unwrap();
    t.transfer(ALICE, BOB, 1).unwrap();
}

#[test]
fn freezes_frozen_amounts_and_lockups() {
    let mut t = Token::new();
    t.mint_tokens(ISSUER, ALICE, 1_000).unwrap();
    let on = t.on_account(AGENT, ALICE);
    assert_eq!(
        t.send(AGENT, on, instruction::SetFrozenAmount { amount: 1_001 }),
        code(Spec::FreezeExceedsBalance)
    );
    let on = t.on_account(AGENT, ALICE);
    t.send(AGENT, on, instruction::SetFrozenAmount { amount: 900 })
        .unwrap();
    let on = t.on_account(AGENT, ALICE);
    t.send(AGENT, on, instruction::SetLockup { until: T0 + 100 })
        .unwrap();
    assert_eq!(t.transfer(ALICE, BOB, 1), code(Spec::LockedUp));
    assert_eq!(t.burn(ALICE, 1), code(Spec::LockedUp));
    t.c.set_time(100);
    assert_eq!(
        t.transfer(ALICE, BOB, 101),
        code(Spec::InsufficientUnfrozenBalance)
    );
    assert_eq!(t.burn(ALICE, 101), code(Spec::InsufficientUnfrozenBalance));
    assert_eq!(
        t.redeem(ISSUER, ALICE, 101),
        code(Spec::InsufficientUnfrozenBalance)
    );
    t.burn(ALICE, 50).unwrap();
    // A whole-account freeze: the holder cannot send or burn; redemption still can.
    let on = t.on_account(AGENT, ALICE);
    t.send(AGENT, on, instruction::SetAccountFrozen { frozen: true })
        .unwrap();
    assert!(t.transfer(ALICE, BOB, 1).is_err());
    assert_eq!(t.burn(ALICE, 1), code(Spec::SenderFrozen));
    t.redeem(ISSUER, ALICE, 50).unwrap();
    assert!(t.frozen(ALICE), "redemption restores the freeze");
    assert_eq!(t.balance(ALICE), 900);
    let on = t.on_account(PAUSER, ALICE);
    assert_eq!(
        t.send(PAUSER, on, instruction::SetAccountFrozen { frozen: false }),
        code(Spec::Unauthorized)
    );
}

#[test]
fn forced_transfer_and_recovery() {
    let mut t = Token::new();
    t.mint_tokens(ISSUER, ALICE, 1_000).unwrap();
    let on = t.on_account(AGENT, ALICE);
    t.send(AGENT, on, instruction::SetFrozenAmount { amount: 800 })
        .unwrap();
    let on = t.on_account(AGENT, ALICE);
    t.send(AGENT, on, instruction::SetLockup { until: T0 + 500 })
        .unwrap();
    let on = t.on_account(AGENT, ALICE);
    t.send(AGENT, on, instruction::SetAccountFrozen { frozen: true })
        .unwrap();
    // A court order moves 300 from frozen, locked-up Alice to unregistered Mallory.
    let forced = t.forced_accounts(AGENT, ALICE, MALLORY);
    t.send(AGENT, forced, instruction::ForcedTransfer { amount: 300 })
        .unwrap();
    assert_eq!((t.balance(ALICE), t.balance(MALLORY)), (700, 300));
    assert!(t.frozen(ALICE), "the freeze is restored");
    let forced = t.forced_accounts(ISSUER, ALICE, MALLORY);
    assert_eq!(
        t.send(ISSUER, forced, instruction::ForcedTransfer { amount: 1 }),
        code(Spec::Unauthorized)
    );
    // Alice lost her keys: recovery to Carol needs an eligible, empty wallet.
    let recover = t.forced_accounts(AGENT, ALICE, MALLORY);
    assert_eq!(
        t.send(AGENT, recover, instruction::Recover {}),
        code(Spec::RecipientNotVerified)
    );
    t.mint_tokens(ISSUER, BOB, 1).unwrap();
    let recover = t.forced_accounts(AGENT, ALICE, BOB);
    assert_eq!(
        t.send(AGENT, recover, instruction::Recover {}),
        code(Spec::RecoveryTargetHolds)
    );
    let recover = t.forced_accounts(AGENT, ALICE, CAROL);
    t.send(AGENT, recover, instruction::Recover {}).unwrap();
    assert_eq!((t.balance(ALICE), t.balance(CAROL)), (0, 700));
    assert!(t.frozen(CAROL) && !t.frozen(ALICE), "the freeze moved");
    let carol: tokenrail_transfer_hook::HolderState =
        t.c.anchor_account(&holder_address(&t.mint, &t.c.key(CAROL)));
    assert_eq!((carol.frozen_amount, carol.locked_until), (700, T0 + 500));
    let alice: tokenrail_transfer_hook::HolderState =
        t.c.anchor_account(&holder_address(&t.mint, &t.c.key(ALICE)));
    assert_eq!((alice.frozen_amount, alice.locked_until), (0, 0));
    assert_eq!(t.holders(), 3, "Mallory, Bob and Carol");
}

#[test]
fn rules_metadata_and_admin() {
    use spl_token_metadata_interface::state::TokenMetadata;
    let mut t = Token::new();
    let on_policy = |t: &Token, by| accounts::AgentOnPolicy {
        signer: t.c.key(by),
        role: t.role(Role::Agent, by),
        issuer: t.issuer,
        policy: policy_address(&t.mint),
        hook_program: HOOK,
    };
    let rules = RulesInput {
        blocked_jurisdictions: vec![276],
        ..Default::default()
    };
    assert_eq!(
        t.send(
            ISSUER,
            on_policy(&t, ISSUER),
            instruction::SetRules {
                rules: rules.clone()
            }
        ),
        code(Spec::Unauthorized)
    );
    t.send(AGENT, on_policy(&t, AGENT), instruction::SetRules { rules })
        .unwrap();
    assert_eq!(
        t.mint_tokens(ISSUER, ALICE, 1),
        code(Spec::JurisdictionNotAllowed)
    );
    let set = |t: &Token, by| t.documenting(by);
    let data = || instruction::SetMetadata {
        uri: "https://issuer.example/terms-v2-with-a-much-longer-address.pdf".into(),
        legal_document_hash: [7; 32],
    };
    assert_eq!(
        t.send(AGENT, set(&t, AGENT), data()),
        code(Spec::Unauthorized)
    );
    t.send(ADMIN, set(&t, ADMIN), data()).unwrap();
    let bytes = t.mint_data();
    let mint =
        StateWithExtensions::<spl_token_2022_interface::state::Mint>::unpack(&bytes).unwrap();
    let metadata = mint.get_variable_len_extension::<TokenMetadata>().unwrap();
    assert!(metadata.uri.ends_with("much-longer-address.pdf"));
    assert_eq!(metadata.additional_metadata[0].1, "07".repeat(32));
    // Two-step admin hand-over.
    let handover = |t: &Token, by| accounts::AdminHandover {
        signer: t.c.key(by),
        issuer: t.issuer,
    };
    t.send(
        ADMIN,
        handover(&t, ADMIN),
        instruction::ProposeAdmin {
            new: Some(t.c.key(BOB)),
        },
    )
    .unwrap();
    assert_eq!(
        t.send(MALLORY, handover(&t, MALLORY), instruction::AcceptAdmin {}),
        code(Spec::NoPendingAdmin)
    );
    t.send(BOB, handover(&t, BOB), instruction::AcceptAdmin {})
        .unwrap();
    assert_eq!(t.grant(Role::Issuer, MALLORY), code(Spec::Unauthorized));
}

/// A revocation names the holder whose role it revokes (the ledger reads it there), and the
/// grant's seeds bind the two: naming another account than the grant's holder is refused, on
/// the issuer's roles and on the registry's agents, and only the named holder's grant closes.
#[test]
fn a_revocation_must_name_the_holder_of_the_grant_it_closes() {
    let seeds = Some(anchor_lang::error::ErrorCode::ConstraintSeeds as u32);
    let mut t = Token::new();
    t.grant(Role::Agent, BOB).unwrap();
    let revoke = |t: &Token, account, grant_of| accounts::RevokeRole {
        admin: t.c.key(ADMIN),
        issuer: t.issuer,
        account: t.c.key(account),
        grant: t.role(Role::Agent, grant_of),
    };
    let data = || instruction::RevokeRole { role: Role::Agent };
    assert_eq!(t.send(ADMIN, revoke(&t, MALLORY, BOB), data()), Err(seeds));
    let grant = t.role(Role::Agent, BOB);
    assert!(t.c.lamports(&grant) > 0, "the grant stays");
    t.send(ADMIN, revoke(&t, BOB, BOB), data()).unwrap();
    assert_eq!(
        t.c.lamports(&grant),
        0,
        "the named holder's grant is closed"
    );

    t.grant_registry_agent(ADMIN, BOB).unwrap();
    let role = t.agent_role(BOB);
    let substituted = anchor_lang::solana_program::instruction::Instruction {
        program_id: HOOK,
        accounts: anchor_lang::ToAccountMetas::to_account_metas(
            &tokenrail_transfer_hook::accounts::RevokeRegistryAgent {
                admin: t.c.key(ADMIN),
                registry: t.registry,
                agent: t.c.key(MALLORY),
                role,
            },
            None,
        ),
        data: anchor_lang::InstructionData::data(
            &tokenrail_transfer_hook::instruction::RevokeRegistryAgent {},
        ),
    };
    let admin = t.c.signer(ADMIN);
    let refused =
        t.c.send(&[substituted], &[&admin])
            .map_err(|e| tokenrail_devnet::solana::bank::custom_code(&e));
    assert_eq!(refused, Err(seeds));
    assert!(t.c.lamports(&role) > 0, "the agent's role stays");
    t.registry_role(ADMIN, BOB, false).unwrap();
    assert_eq!(t.c.lamports(&role), 0, "the named agent's role is closed");
}

/// The documents account holds exactly the rent its bytes need: the admin pays what a document
/// adds, gets back what a shorter one or a removal frees, and ends where it started.
#[test]
fn the_documents_account_grows_and_shrinks_with_the_admins_rent() {
    let mut t = Token::new();
    let docs = tokenrail_solana::addresses::documents_address(&t.mint);
    let admin = t.c.key(ADMIN);
    let (admin_before, docs_before) = (t.c.lamports(&admin), t.c.lamports(&docs));
    let exact = |t: &mut Token| {
        let space = t.documents().space();
        let rent = t.c.rent(space);
        assert_eq!(
            t.c.lamports(&docs),
            rent,
            "rent-exempt for {space} bytes, no more"
        );
    };
    exact(&mut t);
    let set = |uri: &str| instruction::SetDocument {
        name: "prospectus".into(),
        uri: uri.into(),
        hash: [9; 32],
    };
    let long = "https://issuer.example/".to_string() + &"p".repeat(200);
    t.send(ADMIN, t.documenting(ADMIN), set(&long)).unwrap();
    exact(&mut t);
    let grown = t.c.lamports(&docs);
    assert_eq!(t.c.lamports(&admin), admin_before - (grown - docs_before));
    t.send(ADMIN, t.documenting(ADMIN), set("ipfs://short"))
        .unwrap();
    exact(&mut t);
    let shrunk = t.c.lamports(&docs);
    assert!(shrunk < grown, "a shorter URI frees rent");
    assert_eq!(t.c.lamports(&admin), admin_before - (shrunk - docs_before));
    let remove = instruction::RemoveDocument {
        name: "prospectus".into(),
    };
    t.send(ADMIN, t.removing_document(ADMIN), remove).unwrap();
    exact(&mut t);
    assert_eq!(
        (t.c.lamports(&admin), t.c.lamports(&docs)),
        (admin_before, docs_before)
    );
}

/// Another token's admin cannot reach this token's documents by pairing its own issuer (whose
/// admin it is) with them: the documents account's seeds bind it to the issuer's mint.
#[test]
fn another_tokens_admin_cannot_set_or_remove_this_tokens_documents() {
    let seeds = Some(anchor_lang::error::ErrorCode::ConstraintSeeds as u32);
    let mut t = Token::new();
    let set = || instruction::SetDocument {
        name: "prospectus".into(),
        uri: "https://issuer.example/prospectus.pdf".into(),
        hash: [9; 32],
    };
    t.send(ADMIN, t.documenting(ADMIN), set()).unwrap();
    // Mallory issues a token of her own.
    let mint = solana_keypair::Keypair::new();
    let own_mint = solana_signer::Signer::pubkey(&mint);
    let own_issuer = issuer_address(&own_mint);
    let init = t.initialize(MALLORY, own_mint, params("Mallory", 1));
    let mallory = t.c.signer(MALLORY);
    t.c.send(&[init], &[&mallory, &mint]).unwrap();
    let victim = tokenrail_solana::addresses::documents_address(&t.mint);
    let before = t.documents();
    let remove = accounts::RemoveDocument {
        admin: t.c.key(MALLORY),
        issuer: own_issuer,
        documents: victim,
    };
    let name = || instruction::RemoveDocument {
        name: "prospectus".into(),
    };
    assert_eq!(t.send(MALLORY, remove, name()), Err(seeds));
    let overwrite = accounts::Documenting {
        admin: t.c.key(MALLORY),
        issuer: own_issuer,
        mint: own_mint,
        documents: victim,
        token_program: TOKEN_2022,
        system_program: anchor_lang::system_program::ID,
    };
    assert_eq!(t.send(MALLORY, overwrite, set()), Err(seeds));
    // Her issuer with the victim's mint fails the issuer's own binding instead.
    let mut mixed = t.documenting(MALLORY);
    mixed.issuer = own_issuer;
    assert_eq!(t.send(MALLORY, mixed, set()), code(Spec::InvalidAccount));
    let after = t.documents();
    assert_eq!(after.entries.len(), before.entries.len());
    assert_eq!(after.entries[0].uri, before.entries[0].uri);
    // The victim's admin still removes it.
    t.send(ADMIN, t.removing_document(ADMIN), name()).unwrap();
    assert!(t.documents().entries.is_empty());
}
