//! EVM's error table, code by code, over every code of every capability.
//!
//! Solidity declares its own custom errors, so this is where EVM and the spec can drift. The
//! test decodes every error in each contract's ABI, maps it with the bindings' own mapping, and
//! checks that:
//! - an error named like a spec code maps to that code (the others are the standards' errors:
//!   OpenZeppelin's ERC-20, ERC-2612, ECDSA, SafeERC20 and reentrancy errors, ERC-7943's);
//! - every code of the capability is raised by some error, or is listed below as one EVM never
//!   raises, with the reason (`docs/spec/<capability>.md` writes the same);
//! - no code is listed as never raised while an error raises it.

use std::collections::HashSet;

use alloy::sol_types::SolInterface;
use tokenrail_core::{channel::ChannelError, escrow::EscrowError};
use tokenrail_core::{payout::PayoutError, token::TokenError};
use tokenrail_evm::channel::channel_error_code;
use tokenrail_evm::payout::{distributor_error_code, multisend_error_code};
use tokenrail_evm::token::{registry_error_code, token_error_code};
use tokenrail_evm::{escrow_error_code, TokenrailAssetTokenErrors, TokenrailChannelErrors};
use tokenrail_evm::{TokenrailEscrowErrors, TokenrailIdentityRegistryErrors};
use tokenrail_evm::{TokenrailMerkleDistributorErrors, TokenrailMultiSendErrors};

/// One ABI error: its name and the spec code the bindings map it to (`None`: no code).
type Mapped<C> = (String, Option<C>);

/// Decodes every error of interface `I` (zero-filled arguments decode for all of ours) and maps
/// it with `map`.
fn every_error<I: SolInterface + std::fmt::Debug, C>(
    map: impl Fn(&I) -> Option<C>,
) -> Vec<Mapped<C>> {
    (0..I::COUNT)
        .map(|i| {
            let mut data = I::selector_at(i).expect("in range").to_vec();
            data.extend_from_slice(&[0u8; 32 * 6]);
            let decoded = I::abi_decode(&data).expect("zero-filled arguments decode");
            let debug = format!("{decoded:?}");
            let name = debug.split(['(', ' ', '{']).next().unwrap().to_owned();
            (name, map(&decoded))
        })
        .collect()
}

/// Checks one capability's table against the errors its contracts raise.
fn check<C>(all: &[C], name: fn(C) -> &'static str, errors: Vec<Mapped<C>>, never_on_evm: &[&str])
where
    C: Copy + Eq + std::hash::Hash + std::fmt::Debug,
{
    let mut raised = HashSet::new();
    for (error, code) in &errors {
        if let Some(spec) = all.iter().copied().find(|c| name(*c) == error) {
            assert_eq!(*code, Some(spec), "error {error} maps to another code");
        }
        raised.extend(*code);
    }
    for &code in all {
        let listed = never_on_evm.contains(&name(code));
        assert!(
            raised.contains(&code) != listed,
            "{code:?}: {}",
            if listed {
                "listed as never raised on EVM, but an error raises it"
            } else {
                "no EVM error raises it, and it is not listed"
            }
        );
    }
    for listed in never_on_evm {
        assert!(
            all.iter().any(|c| name(*c) == *listed),
            "{listed} is no code of this capability"
        );
    }
}

#[test]
fn every_token_code_is_raised_or_listed() {
    let mut errors = every_error::<TokenrailAssetTokenErrors, _>(|e| Some(token_error_code(e)));
    errors.extend(every_error::<TokenrailIdentityRegistryErrors, _>(|e| {
        Some(registry_error_code(e))
    }));
    check(
        TokenError::ALL,
        TokenError::name,
        errors,
        &[
            // Constructors initialise; there is no separate initialise call to repeat.
            "AlreadyInitialized",
            // Solana only: Token-2022's transfer hook and account checks, Token ACL onboarding.
            "NotInTransfer",
            "InvalidAccount",
            "NotOnboarded",
        ],
    );
}

#[test]
fn every_escrow_code_is_raised_or_listed() {
    check(
        EscrowError::ALL,
        EscrowError::name,
        every_error::<TokenrailEscrowErrors, _>(|e| Some(escrow_error_code(e))),
        &[
            // One ERC-20 per escrow, named at creation: no other asset can arrive.
            "WrongAsset",
            // Solana only: account checks, a vault closed while active, mint extensions.
            "InvalidAccount",
            "EscrowActive",
            "UnsupportedMint",
        ],
    );
}

#[test]
fn every_payout_code_is_raised_or_listed() {
    let mut errors = every_error::<TokenrailMultiSendErrors, _>(|e| Some(multisend_error_code(e)));
    errors.extend(every_error::<TokenrailMerkleDistributorErrors, _>(|e| {
        Some(distributor_error_code(e))
    }));
    check(
        PayoutError::ALL,
        PayoutError::name,
        errors,
        &[
            // Solana only: account checks and mint extensions.
            "InvalidAccount",
            "UnsupportedMint",
        ],
    );
}

#[test]
fn every_channel_code_is_raised_or_listed() {
    check(
        ChannelError::ALL,
        ChannelError::name,
        every_error::<TokenrailChannelErrors, _>(channel_error_code),
        &[
            // Solana only: the Ed25519 instruction, account checks and mint extensions.
            "InvalidSignatureInstruction",
            "InvalidAccount",
            "UnsupportedMint",
        ],
    );
}
