//! Per-mint instructions: the policy and validation account, rules, holder restrictions, and
//! each wallet's place in the holder count (mints and burns do not pass through the hook).

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount};
use spl_tlv_account_resolution::account::ExtraAccountMeta;
use spl_tlv_account_resolution::seeds::Seed;
use spl_tlv_account_resolution::state::ExtraAccountMetaList;
use spl_token_2022_interface::extension::transfer_hook::TransferHook;
use spl_token_2022_interface::extension::{BaseStateWithExtensions, StateWithExtensions};
use spl_transfer_hook_interface::instruction::ExecuteInstruction;

use crate::constants::{
    EXTRA_ACCOUNT_METAS_SEED, HOLDER_SEED, INVESTOR_SEED, MAX_JURISDICTIONS,
    POLICY_REGISTRY_OFFSET, POLICY_SEED, TOKEN_ACCOUNT_OWNER_OFFSET,
};
use crate::error::TokenError;
use crate::events::{HolderStateSet, PolicyDeactivated, RulesUpdated};
use crate::state::{HolderState, Registry, Rules, RulesInput, TokenPolicy};

/// Number of extra accounts a transfer carries (the validation account's size follows from it).
const EXTRA_ACCOUNT_COUNT: usize = 5;

/// Index of the policy among the Execute accounts (after source, mint, destination, authority,
/// validation account).
const POLICY_INDEX: u8 = 5;

/// The extra accounts Token-2022 resolves for every transfer of the mint, in order: the policy
/// (writable: the holder count), both parties' investor entries, both parties' holder states
/// (writable: each wallet's place in the holder count, and a forced transfer cuts the sender's
/// frozen amount).
pub fn extra_account_metas() -> Result<Vec<ExtraAccountMeta>> {
    let registry = Seed::AccountData {
        account_index: POLICY_INDEX,
        data_index: POLICY_REGISTRY_OFFSET,
        length: 32,
    };
    let owner = |account_index| Seed::AccountData {
        account_index,
        data_index: TOKEN_ACCOUNT_OWNER_OFFSET,
        length: 32,
    };
    let literal = |bytes: &[u8]| Seed::Literal {
        bytes: bytes.to_vec(),
    };
    let mint = Seed::AccountKey { index: 1 };
    let metas: [(Vec<Seed>, bool); EXTRA_ACCOUNT_COUNT] = [
        (vec![literal(POLICY_SEED), mint.clone()], true),
        (
            vec![literal(INVESTOR_SEED), registry.clone(), owner(0)],
            false,
        ),
        (vec![literal(INVESTOR_SEED), registry, owner(2)], false),
        (vec![literal(HOLDER_SEED), mint.clone(), owner(0)], true),
        (vec![literal(HOLDER_SEED), mint, owner(2)], true),
    ];
    metas
        .iter()
        .map(|(seeds, writable)| {
            ExtraAccountMeta::new_with_seeds(seeds, false, *writable).map_err(Into::into)
        })
        .collect()
}

/// Accounts of `init_policy`.
#[derive(Accounts)]
pub struct InitPolicy<'info> {
    /// The mint's transfer-hook authority: only it may attach a policy to the mint.
    pub hook_authority: Signer<'info>,
    /// Pays rent.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The Token-2022 mint whose TransferHook extension names this program.
    #[account(mint::token_program = anchor_spl::token_2022::ID)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// The registry the mint's transfers consult.
    pub registry: Box<Account<'info, Registry>>,
    /// The new policy; `init` fails if the mint has one.
    #[account(
        init,
        payer = payer,
        space = 8 + TokenPolicy::INIT_SPACE,
        seeds = [POLICY_SEED, mint.key().as_ref()],
        bump,
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// CHECK: the validation account, created here with the interface's layout.
    #[account(
        init,
        payer = payer,
        space = ExtraAccountMetaList::size_of(EXTRA_ACCOUNT_COUNT)?,
        seeds = [EXTRA_ACCOUNT_METAS_SEED, mint.key().as_ref()],
        bump,
    )]
    pub extra_account_meta_list: UncheckedAccount<'info>,
    /// Creates the accounts.
    pub system_program: Program<'info, System>,
}

/// Attaches a policy to a hooked mint and writes its validation account.
pub fn handle_init_policy(
    ctx: Context<InitPolicy>,
    controller: Pubkey,
    forced_authority: Pubkey,
) -> Result<()> {
    let mint_info = ctx.accounts.mint.to_account_info();
    let data = mint_info.try_borrow_data()?;
    let mint = StateWithExtensions::<spl_token_2022_interface::state::Mint>::unpack(&data)?;
    let hook = mint.get_extension::<TransferHook>()?;
    let program: Option<Pubkey> = hook.program_id.into();
    let authority: Option<Pubkey> = hook.authority.into();
    require!(program == Some(crate::ID), TokenError::InvalidAccount);
    require!(
        authority == Some(ctx.accounts.hook_authority.key()),
        TokenError::Unauthorized
    );
    drop(data);
    ctx.accounts.policy.set_inner(TokenPolicy {
        mint: ctx.accounts.mint.key(),
        registry: ctx.accounts.registry.key(),
        controller,
        forced_authority,
        holders: 0,
        deactivated: false,
        rules: Rules::default(),
        bump: ctx.bumps.policy,
    });
    let info = ctx.accounts.extra_account_meta_list.to_account_info();
    let mut data = info.try_borrow_mut_data()?;
    ExtraAccountMetaList::init::<ExecuteInstruction>(&mut data, &extra_account_metas()?)?;
    Ok(())
}

/// Accounts of the controller's instructions on a policy.
#[derive(Accounts)]
pub struct Control<'info> {
    /// The policy's controller.
    #[account(address = policy.controller @ TokenError::Unauthorized)]
    pub controller: Signer<'info>,
    /// The policy.
    #[account(mut, seeds = [POLICY_SEED, policy.mint.as_ref()], bump = policy.bump)]
    pub policy: Box<Account<'info, TokenPolicy>>,
}

/// The controller replaces the rules.
pub fn handle_set_rules(ctx: Context<Control>, rules: RulesInput) -> Result<()> {
    let (allowed, blocked) = (&rules.allowed_jurisdictions, &rules.blocked_jurisdictions);
    require!(
        allowed.len() <= MAX_JURISDICTIONS && blocked.len() <= MAX_JURISDICTIONS,
        TokenError::InvalidRules
    );
    let mut stored = Rules {
        allowed_len: allowed.len() as u8,
        blocked_len: blocked.len() as u8,
        max_holders: rules.max_holders,
        max_balance: rules.max_balance,
        expired_kyc_blocks_sending: rules.expired_kyc_blocks_sending,
        ..Rules::default()
    };
    stored.allowed[..allowed.len()].copy_from_slice(allowed);
    stored.blocked[..blocked.len()].copy_from_slice(blocked);
    ctx.accounts.policy.rules = stored;
    emit!(RulesUpdated {
        mint: ctx.accounts.policy.mint
    });
    Ok(())
}

/// The controller ends the token's life (`docs/spec/token.md`, deactivate): no transfer passes
/// the hook afterwards. Irreversible; the issuer program checks the admin and the pause first.
pub fn handle_deactivate(ctx: Context<Control>) -> Result<()> {
    let policy = &mut ctx.accounts.policy;
    policy.require_active()?;
    policy.deactivated = true;
    emit!(PolicyDeactivated { mint: policy.mint });
    Ok(())
}

/// Accounts of `set_holder_state` and `note_balance`.
#[derive(Accounts)]
#[instruction(wallet: Pubkey)]
pub struct SetHolderState<'info> {
    /// The policy's controller (often a program's PDA, which cannot pay rent).
    #[account(address = policy.controller @ TokenError::Unauthorized)]
    pub controller: Signer<'info>,
    /// Pays rent for a new record.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The policy (its holder count).
    #[account(mut, seeds = [POLICY_SEED, policy.mint.as_ref()], bump = policy.bump)]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// The wallet's state, created on first write.
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + HolderState::INIT_SPACE,
        seeds = [HOLDER_SEED, policy.mint.as_ref(), wallet.as_ref()],
        bump,
    )]
    pub holder: Box<Account<'info, HolderState>>,
    /// Creates the account.
    pub system_program: Program<'info, System>,
}

/// Fills a freshly created record's identity (an existing one keeps its own).
fn identify(holder: &mut HolderState, mint: Pubkey, wallet: Pubkey, bump: u8) {
    holder.mint = mint;
    holder.wallet = wallet;
    holder.bump = bump;
}

/// The controller sets a wallet's frozen amount, lock-up and account freeze (the issuer program
/// checks the frozen amount against the balance first, and freezes or thaws the token account
/// itself); the wallet's place in the holder count is kept.
pub fn handle_set_holder_state(
    ctx: Context<SetHolderState>,
    wallet: Pubkey,
    frozen_amount: u64,
    locked_until: i64,
    account_frozen: bool,
) -> Result<()> {
    let mint = ctx.accounts.policy.mint;
    let holder = &mut ctx.accounts.holder;
    identify(holder, mint, wallet, ctx.bumps.holder);
    holder.frozen_amount = frozen_amount;
    holder.locked_until = locked_until;
    holder.account_frozen = account_frozen;
    emit!(HolderStateSet {
        mint,
        wallet,
        frozen_amount,
        locked_until,
        account_frozen,
    });
    Ok(())
}

/// The controller reports a wallet's balance after a movement Token-2022 does not pass through
/// the hook (a mint, a burn) or before one the wallet may not have a record for yet (its
/// onboarding, a forced transfer to it): the record is created if missing and the holder count
/// follows the wallet in or out.
pub fn handle_note_balance(
    ctx: Context<SetHolderState>,
    wallet: Pubkey,
    balance: u64,
) -> Result<()> {
    let mint = ctx.accounts.policy.mint;
    let a = &mut *ctx.accounts;
    identify(&mut a.holder, mint, wallet, ctx.bumps.holder);
    a.holder.note_balance(balance, &mut a.policy.holders)
}

/// Accounts of `sync_holder`.
#[derive(Accounts)]
pub struct SyncHolder<'info> {
    /// The policy (its holder count).
    #[account(mut, seeds = [POLICY_SEED, policy.mint.as_ref()], bump = policy.bump)]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// The wallet's live token account: its associated token account of the mint (the only
    /// account the issuer thaws; another account of the wallet would misstate its holding).
    #[account(
        token::mint = policy.mint,
        token::token_program = anchor_spl::token_2022::ID,
        constraint = account.key() == associated_account(&account.owner, &policy.mint)
            @ TokenError::InvalidAccount,
    )]
    pub account: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The wallet's state.
    #[account(
        mut,
        seeds = [HOLDER_SEED, policy.mint.as_ref(), account.owner.as_ref()],
        bump = holder.bump,
    )]
    pub holder: Box<Account<'info, HolderState>>,
}

/// Anyone brings a wallet's place in the holder count in line with its balance (after a burn to
/// zero with Token-2022's own `burn`, which runs no hook). It only reflects what the chain holds,
/// so it needs no role.
pub fn handle_sync_holder(ctx: Context<SyncHolder>) -> Result<()> {
    let a = &mut *ctx.accounts;
    a.holder
        .note_balance(a.account.amount, &mut a.policy.holders)
}

/// A wallet's associated token account of a Token-2022 `mint`: the one account per wallet the
/// issuer ever thaws.
pub fn associated_account(wallet: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[
            wallet.as_ref(),
            anchor_spl::token_2022::ID.as_ref(),
            mint.as_ref(),
        ],
        &anchor_spl::associated_token::ID,
    )
    .0
}
