//! Tokenrail payment channels for ink! (pallet-contracts).
//!
//! Semantics are specified once in `docs/spec/channel.md`. Two parties lock a PSP22 token or the
//! native balance, pay each other off chain with states both sign, and come back only to close.
//!
//! Signatures are secp256k1 `r ‖ s ‖ recovery id` over BLAKE2b-256 of the message bytes
//! `tokenrail-channel` builds for this contract (pallet-contracts has an `ecdsa_recover` host
//! function and no Ed25519 one); a party is the Substrate account of its ECDSA key,
//! `blake2_256(compressed public key)`. `s` must be low: the host recovers the malleated twin too.
//!
//! Chain notes: times are Unix **seconds** (the pallet reports milliseconds). Only `open` and
//! `deposit` are payable; ink! traps value sent to any other message. Cross-contract
//! calls are made without `ALLOW_REENTRY`, so a token cannot call back into the contract. A
//! payout the receiver refuses (a PSP22 transfer that fails, a native transfer below the
//! existential deposit) is credited for `withdraw` instead of failing the settlement.

#![cfg_attr(not(feature = "std"), no_std, no_main)]
// ink!'s code generation emits `unsafe` blocks (trait message dispatch); the contract's own
// code has none.
#![allow(unsafe_code)]

/// The channel contract.
#[ink::contract]
pub mod channel {
    use ink::codegen::TraitCallBuilder;
    use ink::env::hash::{Blake2x256, HashOutput};
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use psp22::PSP22;
    use tokenrail_channel::{Close, Message, State};

    /// Shortest challenge period: one hour.
    pub const MIN_PERIOD: u64 = 3600;
    /// Longest challenge period: thirty days.
    pub const MAX_PERIOD: u64 = 30 * 24 * 3600;
    /// Half the secp256k1 group order: a signature's `s` above it is the malleated twin.
    const HALF_ORDER: [u8; 32] = [
        0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b,
        0x20, 0xa0,
    ];

    /// A 32-byte hash or channel id.
    pub type Hash32 = [u8; 32];
    /// A secp256k1 signature: `r ‖ s ‖ recovery id` (0 or 1).
    pub type Signature = [u8; 65];

    /// The spec's error codes, core's own enum (`tokenrail_core::channel::ChannelError`): its SCALE
    /// encoding is the variant index, which is the spec's number, so the error byte a client
    /// decodes is the code. Codes only other chains raise are never returned here.
    pub use tokenrail_core::channel::ChannelError as Error;

    /// Result of channel messages.
    pub type Result<T> = core::result::Result<T, Error>;

    /// The asset a channel holds.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub enum Asset {
        /// The chain's native balance, attached as value.
        Native,
        /// A PSP22 token, pulled with `transfer_from`.
        Psp22(AccountId),
    }

    /// Lifecycle of a channel epoch.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub enum Status {
        /// Deposits and closes accepted.
        Open,
        /// A unilateral close is waiting out its challenge period.
        Closing,
        /// Paid out; may be opened again (next epoch).
        Settled,
    }

    /// One channel (its current epoch).
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Channel {
        /// The opener (party A).
        pub a: AccountId,
        /// The counterparty (party B).
        pub b: AccountId,
        /// The asset held.
        pub asset: Asset,
        /// Which opening; 1 for the first.
        pub epoch: u64,
        /// Lifecycle state.
        pub status: Status,
        /// Challenge period, seconds.
        pub period: u64,
        /// End of the challenge period while Closing (Unix seconds).
        pub deadline: u64,
        /// Nonce of the recorded state while Closing.
        pub nonce: u64,
        /// A's deposits this epoch.
        pub deposit_a: Balance,
        /// B's deposits this epoch.
        pub deposit_b: Balance,
        /// Recorded cumulative amount A paid B.
        pub sent_a: Balance,
        /// Recorded cumulative amount B paid A.
        pub sent_b: Balance,
    }

    /// An off-chain state, as submitted.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    pub struct StateMsg {
        /// The channel.
        pub channel_id: Hash32,
        /// Which opening.
        pub epoch: u64,
        /// Strictly increasing per channel and epoch.
        pub nonce: u64,
        /// Cumulative amount A paid B.
        pub sent_a: Balance,
        /// Cumulative amount B paid A.
        pub sent_b: Balance,
    }

    /// The agreement to close now, as submitted.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    pub struct CloseMsg {
        /// The channel.
        pub channel_id: Hash32,
        /// Which opening.
        pub epoch: u64,
        /// Cumulative amount A paid B.
        pub sent_a: Balance,
        /// Cumulative amount B paid A.
        pub sent_b: Balance,
    }

    impl From<StateMsg> for Message {
        fn from(s: StateMsg) -> Message {
            Message::State(State {
                channel_id: s.channel_id,
                epoch: s.epoch,
                nonce: s.nonce,
                sent_a: s.sent_a,
                sent_b: s.sent_b,
            })
        }
    }

    impl From<CloseMsg> for Message {
        fn from(c: CloseMsg) -> Message {
            Message::Close(Close {
                channel_id: c.channel_id,
                epoch: c.epoch,
                sent_a: c.sent_a,
                sent_b: c.sent_b,
            })
        }
    }

    /// Epoch `epoch` of channel `id` opened.
    #[ink(event)]
    pub struct ChannelOpened {
        /// Channel id.
        #[ink(topic)]
        pub id: Hash32,
        /// Epoch.
        pub epoch: u64,
        /// Party A.
        #[ink(topic)]
        pub a: AccountId,
        /// Party B.
        #[ink(topic)]
        pub b: AccountId,
        /// Asset.
        pub asset: Asset,
        /// First deposit.
        pub amount: Balance,
        /// Challenge period, seconds.
        pub period: u64,
    }

    /// A party deposited.
    #[ink(event)]
    pub struct Deposited {
        /// Channel id.
        #[ink(topic)]
        pub id: Hash32,
        /// Who deposited.
        #[ink(topic)]
        pub party: AccountId,
        /// Amount.
        pub amount: Balance,
        /// The channel's deposits this epoch, both parties.
        pub total: Balance,
    }

    /// A unilateral close started the challenge period.
    #[ink(event)]
    pub struct ChannelClosing {
        /// Channel id.
        #[ink(topic)]
        pub id: Hash32,
        /// Epoch.
        pub epoch: u64,
        /// Nonce of the recorded state (0: the timeout refund).
        pub nonce: u64,
        /// Settlement from this time on.
        pub deadline: u64,
        /// Who closed.
        pub by: AccountId,
    }

    /// A newer state replaced the recorded one.
    #[ink(event)]
    pub struct ChannelChallenged {
        /// Channel id.
        #[ink(topic)]
        pub id: Hash32,
        /// Epoch.
        pub epoch: u64,
        /// The new nonce.
        pub nonce: u64,
    }

    /// An epoch paid out.
    #[ink(event)]
    pub struct ChannelSettled {
        /// Channel id.
        #[ink(topic)]
        pub id: Hash32,
        /// Epoch.
        pub epoch: u64,
        /// Paid to A.
        pub balance_a: Balance,
        /// Paid to B.
        pub balance_b: Balance,
    }

    /// A receiver refused a payout; it is credited for `withdraw`.
    #[ink(event)]
    pub struct PayoutDeferred {
        /// Asset.
        pub asset: Asset,
        /// The receiver.
        #[ink(topic)]
        pub to: AccountId,
        /// Amount credited.
        pub amount: Balance,
    }

    /// Deferred payouts were withdrawn.
    #[ink(event)]
    pub struct Withdrawn {
        /// Asset.
        pub asset: Asset,
        /// Whose credit.
        #[ink(topic)]
        pub owner: AccountId,
        /// Where it went.
        pub to: AccountId,
        /// Amount.
        pub amount: Balance,
    }

    /// Storage.
    #[ink(storage)]
    pub struct Channels {
        channels: Mapping<Hash32, Channel>,
        owed: Mapping<(Asset, AccountId), Balance>,
        /// The chain's genesis hash, bound into every signed message: a contract cannot read
        /// it, and contract accounts are deterministic, so the same account (and channel ids)
        /// can exist on another chain where a state signed here must not verify.
        network: Hash32,
    }

    impl Channels {
        /// An empty contract for the chain whose genesis hash is `network`; it has no owner.
        #[ink(constructor)]
        pub fn new(network: Hash32) -> Self {
            Self {
                channels: Mapping::default(),
                owed: Mapping::default(),
                network,
            }
        }

        /// The network (genesis hash) every signed message of this contract binds.
        #[ink(message)]
        pub fn network(&self) -> Hash32 {
            self.network
        }

        /// Opens (or re-opens, next epoch) the caller's channel with `counterparty` in `asset`,
        /// depositing `amount`: attached for the native balance, pulled with `transfer_from`
        /// for a PSP22 token (approve this contract first). Returns the channel id.
        #[ink(message, payable)]
        pub fn open(
            &mut self,
            counterparty: AccountId,
            asset: Asset,
            amount: Balance,
            period: u64,
        ) -> Result<Hash32> {
            let a = self.env().caller();
            if counterparty == AccountId::from([0u8; 32]) || counterparty == self.env().account_id()
            {
                return Err(Error::InvalidAddress);
            }
            if counterparty == a {
                return Err(Error::SameParties);
            }
            if amount == 0 {
                return Err(Error::ZeroAmount);
            }
            if !(MIN_PERIOD..=MAX_PERIOD).contains(&period) {
                return Err(Error::InvalidPeriod);
            }
            let id = channel_id(&a, &counterparty, &asset);
            let previous = self.channels.get(id);
            if previous
                .as_ref()
                .is_some_and(|c| c.status != Status::Settled)
            {
                return Err(Error::ChannelOpen);
            }
            let epoch = previous.map_or(1, |c| c.epoch + 1);
            self.pull(asset, a, amount)?;
            self.channels.insert(
                id,
                &Channel {
                    a,
                    b: counterparty,
                    asset,
                    epoch,
                    status: Status::Open,
                    period,
                    deadline: 0,
                    nonce: 0,
                    deposit_a: amount,
                    deposit_b: 0,
                    sent_a: 0,
                    sent_b: 0,
                },
            );
            self.env().emit_event(ChannelOpened {
                id,
                epoch,
                a,
                b: counterparty,
                asset,
                amount,
                period,
            });
            Ok(id)
        }

        /// A party tops up an open channel.
        #[ink(message, payable)]
        pub fn deposit(&mut self, id: Hash32, amount: Balance) -> Result<()> {
            let mut c = self.load(id)?;
            if c.status != Status::Open {
                return Err(Error::NotOpen);
            }
            let party = self.env().caller();
            if party != c.a && party != c.b {
                return Err(Error::Unauthorized);
            }
            if amount == 0 {
                return Err(Error::ZeroAmount);
            }
            let total = c
                .deposit_a
                .checked_add(c.deposit_b)
                .and_then(|t| t.checked_add(amount))
                .ok_or(Error::FundsMismatch)?;
            self.pull(c.asset, party, amount)?;
            if party == c.a {
                c.deposit_a += amount;
            } else {
                c.deposit_b += amount;
            }
            self.channels.insert(id, &c);
            self.env().emit_event(Deposited {
                id,
                party,
                amount,
                total,
            });
            Ok(())
        }

        /// Pays both balances of a Close signed by both parties, at once. Anyone may submit.
        #[ink(message)]
        pub fn close_cooperative(
            &mut self,
            id: Hash32,
            close: CloseMsg,
            sig_a: Signature,
            sig_b: Signature,
        ) -> Result<()> {
            let c = self.load(id)?;
            if c.status != Status::Open {
                return Err(Error::NotOpen);
            }
            same_channel(id, &c, close.channel_id, close.epoch)?;
            self.verify(&c, close.into(), [&sig_a, &sig_b])?;
            self.settle_now(id, c, close.sent_a, close.sent_b)
        }

        /// A party starts the challenge period on a State signed by both.
        #[ink(message)]
        pub fn close_unilateral(
            &mut self,
            id: Hash32,
            state: StateMsg,
            sig_a: Signature,
            sig_b: Signature,
        ) -> Result<()> {
            self.close(id, Some((state, sig_a, sig_b)))
        }

        /// The timeout refund: a party starts the challenge period on the unsigned nonce-0
        /// state, without the counterparty's key.
        #[ink(message)]
        pub fn close_without_state(&mut self, id: Hash32) -> Result<()> {
            self.close(id, None)
        }

        /// Replaces the recorded state with a newer State signed by both, before the deadline.
        /// Anyone may submit.
        #[ink(message)]
        pub fn challenge(
            &mut self,
            id: Hash32,
            state: StateMsg,
            sig_a: Signature,
            sig_b: Signature,
        ) -> Result<()> {
            let mut c = self.load(id)?;
            if c.status != Status::Closing {
                return Err(Error::NotClosing);
            }
            if self.now() >= c.deadline {
                return Err(Error::ChallengePeriodOver);
            }
            self.verify_state(id, &c, &state, [&sig_a, &sig_b])?;
            // Replay protection keys on the nonce, never on signature bytes.
            if state.nonce <= c.nonce {
                return Err(Error::StaleNonce);
            }
            payouts(&c, state.sent_a, state.sent_b)?;
            (c.nonce, c.sent_a, c.sent_b) = (state.nonce, state.sent_a, state.sent_b);
            self.channels.insert(id, &c);
            self.env().emit_event(ChannelChallenged {
                id,
                epoch: c.epoch,
                nonce: state.nonce,
            });
            Ok(())
        }

        /// Pays both balances of the recorded state, from the deadline on. Anyone may call.
        #[ink(message)]
        pub fn settle(&mut self, id: Hash32) -> Result<()> {
            let c = self.load(id)?;
            if c.status != Status::Closing {
                return Err(Error::NotClosing);
            }
            if self.now() < c.deadline {
                return Err(Error::ChallengePeriodActive);
            }
            let (sent_a, sent_b) = (c.sent_a, c.sent_b);
            self.settle_now(id, c, sent_a, sent_b)
        }

        /// Sends the caller's deferred payouts of `asset` to `to`.
        #[ink(message)]
        pub fn withdraw(&mut self, asset: Asset, to: AccountId) -> Result<()> {
            let owner = self.env().caller();
            let amount = self.owed.get((asset, owner)).unwrap_or(0);
            if amount == 0 {
                return Err(Error::ZeroAmount);
            }
            if to == AccountId::from([0u8; 32]) {
                return Err(Error::InvalidAddress);
            }
            self.owed.remove((asset, owner));
            if !self.try_pay(asset, to, amount) {
                return Err(Error::TransferFailed);
            }
            self.env().emit_event(Withdrawn {
                asset,
                owner,
                to,
                amount,
            });
            Ok(())
        }

        /// The channel's current epoch, if it was ever opened.
        #[ink(message)]
        pub fn channel(&self, id: Hash32) -> Option<Channel> {
            self.channels.get(id)
        }

        /// The id of the channel `a` opens with `b` in `asset`.
        #[ink(message)]
        pub fn channel_id(&self, a: AccountId, b: AccountId, asset: Asset) -> Hash32 {
            channel_id(&a, &b, &asset)
        }

        /// Deferred payouts of `asset` owed to `owner`.
        #[ink(message)]
        pub fn owed(&self, asset: Asset, owner: AccountId) -> Balance {
            self.owed.get((asset, owner)).unwrap_or(0)
        }

        /// The BLAKE2b-256 digest a party signs for `state` on this contract.
        #[ink(message)]
        pub fn state_digest(&self, state: StateMsg) -> Hash32 {
            self.digest(state.into())
        }

        /// The BLAKE2b-256 digest a party signs for `close` on this contract.
        #[ink(message)]
        pub fn close_digest(&self, close: CloseMsg) -> Hash32 {
            self.digest(close.into())
        }

        fn now(&self) -> u64 {
            self.env().block_timestamp() / 1000
        }

        fn load(&self, id: Hash32) -> Result<Channel> {
            self.channels.get(id).ok_or(Error::ChannelNotFound)
        }

        fn digest(&self, message: Message) -> Hash32 {
            let contract = self.env().account_id();
            let contract: &[u8; 32] = contract.as_ref();
            blake2(&message.ink_preimage(contract, &self.network))
        }

        /// Both unilateral closes: the channel exists, the caller is a party, the channel is
        /// Open; then the signed state (if any) is checked and recorded.
        fn close(
            &mut self,
            id: Hash32,
            signed: Option<(StateMsg, Signature, Signature)>,
        ) -> Result<()> {
            let mut c = self.load(id)?;
            let by = self.env().caller();
            if by != c.a && by != c.b {
                return Err(Error::Unauthorized);
            }
            if c.status != Status::Open {
                return Err(Error::NotOpen);
            }
            let (nonce, sent_a, sent_b) = match signed {
                Some((state, sig_a, sig_b)) => {
                    self.verify_state(id, &c, &state, [&sig_a, &sig_b])?;
                    payouts(&c, state.sent_a, state.sent_b)?;
                    (state.nonce, state.sent_a, state.sent_b)
                }
                None => (0, 0, 0),
            };
            let deadline = self.now().saturating_add(c.period);
            c.status = Status::Closing;
            (c.nonce, c.sent_a, c.sent_b, c.deadline) = (nonce, sent_a, sent_b, deadline);
            self.channels.insert(id, &c);
            self.env().emit_event(ChannelClosing {
                id,
                epoch: c.epoch,
                nonce,
                deadline,
                by,
            });
            Ok(())
        }

        fn verify_state(
            &self,
            id: Hash32,
            c: &Channel,
            state: &StateMsg,
            sigs: [&Signature; 2],
        ) -> Result<()> {
            same_channel(id, c, state.channel_id, state.epoch)?;
            self.verify(c, (*state).into(), sigs)
        }

        /// Each signature has a low `s` and a recovery id of 0 or 1, and recovers to its party.
        fn verify(&self, c: &Channel, message: Message, sigs: [&Signature; 2]) -> Result<()> {
            let digest = self.digest(message);
            for (sig, party) in sigs.into_iter().zip([c.a, c.b]) {
                if sig[64] > 1 || sig[32..64] > HALF_ORDER[..] {
                    return Err(Error::InvalidSignature);
                }
                let mut key = [0u8; 33];
                ink::env::ecdsa_recover(sig, &digest, &mut key)
                    .map_err(|_| Error::InvalidSignature)?;
                if AccountId::from(blake2(&key)) != party {
                    return Err(Error::WrongSigner);
                }
            }
            Ok(())
        }

        /// Pays both balances and ends the epoch.
        fn settle_now(
            &mut self,
            id: Hash32,
            mut c: Channel,
            sent_a: Balance,
            sent_b: Balance,
        ) -> Result<()> {
            let (pay_a, pay_b) = payouts(&c, sent_a, sent_b)?;
            c.status = Status::Settled;
            (c.deposit_a, c.deposit_b, c.sent_a, c.sent_b, c.deadline) = (0, 0, 0, 0, 0);
            self.channels.insert(id, &c);
            self.env().emit_event(ChannelSettled {
                id,
                epoch: c.epoch,
                balance_a: pay_a,
                balance_b: pay_b,
            });
            for (to, amount) in [(c.a, pay_a), (c.b, pay_b)] {
                if amount > 0 && !self.try_pay(c.asset, to, amount) {
                    let owed = self.owed.get((c.asset, to)).unwrap_or(0);
                    self.owed.insert((c.asset, to), &(owed + amount));
                    self.env().emit_event(PayoutDeferred {
                        asset: c.asset,
                        to,
                        amount,
                    });
                }
            }
            Ok(())
        }

        /// Takes `amount` into custody from `from`: the attached value for the native balance,
        /// `transfer_from` (custody measured as the balance change) for a PSP22 token.
        fn pull(&mut self, asset: Asset, from: AccountId, amount: Balance) -> Result<()> {
            let attached = self.env().transferred_value();
            match asset {
                Asset::Native => {
                    if attached != amount {
                        return Err(Error::FundsMismatch);
                    }
                }
                Asset::Psp22(token) => {
                    if attached != 0 {
                        return Err(Error::FundsMismatch);
                    }
                    let mut psp22: ink::contract_ref!(PSP22) = token.into();
                    let me = self.env().account_id();
                    let before = psp22.balance_of(me);
                    let moved = psp22
                        .call_mut()
                        .transfer_from(from, me, amount, Vec::new())
                        .try_invoke();
                    if !matches!(moved, Ok(Ok(Ok(())))) {
                        return Err(Error::TransferFailed);
                    }
                    if psp22.balance_of(me).checked_sub(before) != Some(amount) {
                        return Err(Error::FundsMismatch);
                    }
                }
            }
            Ok(())
        }

        /// Pays `amount` to `to`; `false` if the transfer failed.
        fn try_pay(&mut self, asset: Asset, to: AccountId, amount: Balance) -> bool {
            match asset {
                Asset::Native => self.env().transfer(to, amount).is_ok(),
                Asset::Psp22(token) => {
                    let mut psp22: ink::contract_ref!(PSP22) = token.into();
                    matches!(
                        psp22
                            .call_mut()
                            .transfer(to, amount, Vec::new())
                            .try_invoke(),
                        Ok(Ok(Ok(())))
                    )
                }
            }
        }
    }

    /// `blake2_256(SCALE(a, b, asset))`.
    fn channel_id(a: &AccountId, b: &AccountId, asset: &Asset) -> Hash32 {
        blake2(&ink::scale::Encode::encode(&(a, b, asset)))
    }

    fn blake2(data: &[u8]) -> Hash32 {
        let mut out = <Blake2x256 as HashOutput>::Type::default();
        ink::env::hash_bytes::<Blake2x256>(data, &mut out);
        out
    }

    fn same_channel(id: Hash32, c: &Channel, named: Hash32, epoch: u64) -> Result<()> {
        if named != id || epoch != c.epoch {
            return Err(Error::WrongChannel);
        }
        Ok(())
    }

    /// The balances a state gives for the deposits (the shared rule of `tokenrail-channel`).
    fn payouts(c: &Channel, sent_a: Balance, sent_b: Balance) -> Result<(Balance, Balance)> {
        tokenrail_channel::balances(c.deposit_a, c.deposit_b, sent_a, sent_b)
            .ok_or(Error::Overdrawn)
    }
}
