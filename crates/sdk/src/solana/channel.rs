//! [`ChannelClient`] on the channel program, in a mint of SPL Token or Token-2022. States are
//! the Solana encoding of `tokenrail-channel` (bound to the program, the cluster's genesis hash
//! and the channel account),
//! signed with the parties' Ed25519 keys and verified on chain through the Ed25519 program's
//! instruction right before the channel instruction.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{AccountDeserialize, InstructionData, ToAccountMetas};
use tokenrail_channel::{Domain, Ed25519Key, Kind, Message, Signature};
use tokenrail_solana::addresses::{
    channel_address, channel_vault_address as vault_address, event_authority_address,
};
use tokenrail_solana::ed25519::ed25519_instruction;
use tokenrail_solana::tokenrail_channel_program::{self as program, client, types};

use super::{chain, refusal_by, Keypair, Signer};
use crate::channel::{fields, ChannelClient, ChannelError, ChannelState, ChannelStatus, Signed};
use crate::{ClientError, Result};

const INSTRUCTIONS_SYSVAR: Pubkey = solana_sdk_ids::sysvar::instructions::ID;

/// Anchor's "account not initialized" on the channel account is `ChannelNotFound`.
fn refusal(err: super::SendError) -> ClientError<ChannelError> {
    refusal_by(
        err,
        ChannelError::from_code,
        Some(ChannelError::ChannelNotFound),
    )
}

fn amount64(amount: u128) -> Result<u64, ChannelError> {
    u64::try_from(amount).map_err(|_| ClientError::Chain("Solana amounts are u64".into()))
}

/// One channel: its account (also its id) and its parties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SolanaChannelRef {
    /// `["channel", a, b, mint]`.
    pub channel: Pubkey,
    /// The opener.
    pub a: Pubkey,
    /// The counterparty.
    pub b: Pubkey,
}

/// The channel program on a Solana ledger (the embedded chain or a cluster), for channels in
/// the ledger's mint.
pub struct SolanaChannel {
    /// The ledger (and its payment mint and token program).
    pub chain: super::SolanaLedger,
    /// The ledger's network (its genesis hash), bound into every channel this client opens and
    /// every state it signs; a channel recorded for another network is refused.
    network: [u8; 32],
}

impl SolanaChannel {
    /// The channel program on `ledger` (a cluster where it is deployed), for channels in the
    /// ledger's mint; reads the cluster's genesis hash.
    pub fn on(mut ledger: super::SolanaLedger) -> std::result::Result<Self, crate::LedgerError> {
        let network = ledger.network()?;
        Ok(SolanaChannel {
            chain: ledger,
            network,
        })
    }

    /// The channel account, refused when it records another network than this ledger's: a
    /// party never deposits into, or signs for, a channel whose states would verify elsewhere.
    fn fetch_here(&mut self, key: &Pubkey) -> Result<program::accounts::Channel, ChannelError> {
        let c = self.fetch(key)?;
        if c.network != self.network {
            return Err(ClientError::Chain(format!(
                "channel {key} is bound to another network (genesis {}), not this cluster's \
                 ({}): refusing to deposit or sign",
                bs58::encode(c.network).into_string(),
                bs58::encode(self.network).into_string()
            )));
        }
        Ok(c)
    }

    /// The token account of `owner` in the chain's mint, created on first use.
    pub fn token_account(&mut self, owner: &Pubkey) -> Pubkey {
        let mint = self.chain.mint;
        self.chain.token_account_of(mint, owner)
    }

    fn send(&mut self, ixs: &[Instruction], signer: Option<&Keypair>) -> Result<(), ChannelError> {
        let signers: Vec<&Keypair> = signer.into_iter().collect();
        self.chain.send(ixs, &signers).map_err(refusal)
    }

    fn fetch(&mut self, key: &Pubkey) -> Result<program::accounts::Channel, ChannelError> {
        let account = self
            .chain
            .account(key)
            .map_err(ClientError::from)?
            .ok_or(ClientError::Spec(ChannelError::ChannelNotFound))?;
        program::accounts::Channel::try_deserialize(&mut account.data.as_slice()).map_err(chain)
    }

    /// The Ed25519 instruction over `signed`'s bytes with A's and B's signatures.
    fn verify_ix(
        &self,
        ch: &SolanaChannelRef,
        signed: &Signed,
    ) -> Result<Instruction, ChannelError> {
        let bytes = signed
            .message
            .solana_bytes(&program::ID.to_bytes(), &self.network)
            .ok_or(ClientError::Chain(
                "the message does not fit Solana's u64 amounts".into(),
            ))?;
        let sig = |s: &Signature| -> Result<[u8; 64], ChannelError> {
            s.as_slice()
                .try_into()
                .map_err(|_| ClientError::Spec(ChannelError::InvalidSignature))
        };
        Ok(ed25519_instruction(
            &bytes,
            [
                (ch.a.to_bytes(), sig(&signed.sig_a)?),
                (ch.b.to_bytes(), sig(&signed.sig_b)?),
            ],
        ))
    }

    fn payout_ix(&mut self, ch: &SolanaChannelRef, data: Vec<u8>) -> Instruction {
        let (a_token, b_token) = (self.token_account(&ch.a), self.token_account(&ch.b));
        Instruction {
            program_id: program::ID,
            accounts: client::accounts::Settle {
                channel: ch.channel,
                vault: vault_address(&ch.channel),
                mint: self.chain.mint,
                a_token,
                b_token,
                token_program: self.chain.token_program,
                instructions: INSTRUCTIONS_SYSVAR,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            }
            .to_account_metas(None),
            data,
        }
    }

    fn dispute_ix(caller: &Keypair, ch: &SolanaChannelRef, data: Vec<u8>) -> Instruction {
        Instruction {
            program_id: program::ID,
            accounts: client::accounts::Challenge {
                caller: caller.pubkey(),
                channel: ch.channel,
                instructions: INSTRUCTIONS_SYSVAR,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            }
            .to_account_metas(None),
            data,
        }
    }
}

fn signed_state(m: &Message) -> Result<types::SignedState, ChannelError> {
    let (id, epoch, nonce, sent_a, sent_b) = fields(m);
    Ok(types::SignedState {
        channel_id: Pubkey::new_from_array(id),
        epoch,
        nonce,
        sent_a: amount64(sent_a)?,
        sent_b: amount64(sent_b)?,
    })
}

impl ChannelClient for SolanaChannel {
    type Signer = Keypair;
    type Address = Pubkey;
    type ChannelRef = SolanaChannelRef;

    fn address_of(&self, signer: &Keypair) -> Pubkey {
        signer.pubkey()
    }

    fn open(
        &mut self,
        opener: &Keypair,
        counterparty: &Pubkey,
        amount: u128,
        period: u64,
    ) -> Result<SolanaChannelRef, ChannelError> {
        let a = opener.pubkey();
        let channel = channel_address(&a, counterparty, &self.chain.mint);
        let opener_token = self.token_account(&a);
        let ix = Instruction {
            program_id: program::ID,
            accounts: client::accounts::Open {
                opener: a,
                mint: self.chain.mint,
                opener_token,
                channel,
                vault: vault_address(&channel),
                token_program: self.chain.token_program,
                system_program: anchor_lang::system_program::ID,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            }
            .to_account_metas(None),
            data: client::args::Open {
                counterparty: *counterparty,
                amount: amount64(amount)?,
                period,
                network: self.network,
            }
            .data(),
        };
        self.send(&[ix], Some(opener))?;
        Ok(SolanaChannelRef {
            channel,
            a,
            b: *counterparty,
        })
    }

    fn deposit(
        &mut self,
        party: &Keypair,
        ch: &SolanaChannelRef,
        amount: u128,
    ) -> Result<(), ChannelError> {
        self.fetch_here(&ch.channel)?;
        let depositor_token = self.token_account(&party.pubkey());
        let ix = Instruction {
            program_id: program::ID,
            accounts: client::accounts::Deposit {
                depositor: party.pubkey(),
                channel: ch.channel,
                vault: vault_address(&ch.channel),
                mint: self.chain.mint,
                depositor_token,
                token_program: self.chain.token_program,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            }
            .to_account_metas(None),
            data: client::args::Deposit {
                amount: amount64(amount)?,
            }
            .data(),
        };
        self.send(&[ix], Some(party))
    }

    fn channel(&mut self, ch: &SolanaChannelRef) -> Result<ChannelState, ChannelError> {
        let c = self.fetch(&ch.channel)?;
        Ok(ChannelState {
            status: match c.status {
                types::ChannelStatus::Open => ChannelStatus::Open,
                types::ChannelStatus::Closing => ChannelStatus::Closing,
                types::ChannelStatus::Settled => ChannelStatus::Settled,
            },
            epoch: c.epoch,
            nonce: c.nonce,
            deposit_a: c.deposit_a.into(),
            deposit_b: c.deposit_b.into(),
            deadline: u64::try_from(c.deadline).unwrap_or(0),
        })
    }

    fn message(
        &mut self,
        ch: &SolanaChannelRef,
        kind: Kind,
        nonce: u64,
        sent_a: u128,
        sent_b: u128,
    ) -> Result<Message, ChannelError> {
        let epoch = self.fetch_here(&ch.channel)?.epoch;
        Ok(Message::new(
            kind,
            ch.channel.to_bytes(),
            epoch,
            nonce,
            sent_a,
            sent_b,
        ))
    }

    fn domain(&self) -> Domain {
        Domain::Solana {
            program_id: program::ID.to_bytes(),
            network: self.network,
        }
    }

    fn sign(&mut self, party: &Keypair, message: &Message) -> Result<Signature, ChannelError> {
        let secret: [u8; 32] = party.to_bytes()[..32]
            .try_into()
            .map_err(|_| chain("a keypair holds a 32-byte secret"))?;
        Ed25519Key::from_bytes(&secret)
            .sign(&self.domain(), message)
            .map_err(chain)
    }

    /// Anyone may submit (no signer is named; the chain's fee payer pays).
    fn close_cooperative(
        &mut self,
        _submitter: &Keypair,
        ch: &SolanaChannelRef,
        close: &Signed,
    ) -> Result<(), ChannelError> {
        let (id, epoch, _, sent_a, sent_b) = fields(&close.message);
        let data = client::args::CloseCooperative {
            close: types::SignedClose {
                channel_id: Pubkey::new_from_array(id),
                epoch,
                sent_a: amount64(sent_a)?,
                sent_b: amount64(sent_b)?,
            },
        }
        .data();
        let verify = self.verify_ix(ch, close)?;
        let ix = self.payout_ix(ch, data);
        self.send(&[verify, ix], None)
    }

    fn close_unilateral(
        &mut self,
        party: &Keypair,
        ch: &SolanaChannelRef,
        state: &Signed,
    ) -> Result<(), ChannelError> {
        let data = client::args::CloseUnilateral {
            state: signed_state(&state.message)?,
        }
        .data();
        let verify = self.verify_ix(ch, state)?;
        let ix = Self::dispute_ix(party, ch, data);
        self.send(&[verify, ix], Some(party))
    }

    fn challenge(
        &mut self,
        party: &Keypair,
        ch: &SolanaChannelRef,
        state: &Signed,
    ) -> Result<(), ChannelError> {
        let data = client::args::Challenge {
            state: signed_state(&state.message)?,
        }
        .data();
        let verify = self.verify_ix(ch, state)?;
        let ix = Self::dispute_ix(party, ch, data);
        self.send(&[verify, ix], Some(party))
    }

    fn close_without_state(
        &mut self,
        party: &Keypair,
        ch: &SolanaChannelRef,
    ) -> Result<(), ChannelError> {
        let ix = Self::dispute_ix(party, ch, client::args::CloseWithoutState {}.data());
        self.send(&[ix], Some(party))
    }

    /// Anyone may settle (no signer is named; the chain's fee payer pays).
    fn settle(&mut self, _caller: &Keypair, ch: &SolanaChannelRef) -> Result<(), ChannelError> {
        let ix = self.payout_ix(ch, client::args::Settle {}.data());
        self.send(&[ix], None)
    }

    fn balance(&mut self, who: &Pubkey) -> Result<u128, ChannelError> {
        let acct = self.token_account(who);
        Ok(self
            .chain
            .token_balance(&acct)
            .map_err(ClientError::from)?
            .into())
    }
}
