//! Why a call failed, sorted by what the caller may do next: a refusal (nothing changed, the
//! same call fails again), a transport failure before anything was sent (a retry is safe), or a
//! transaction that was sent but whose outcome is unknown (look it up before sending again).

/// Why a request to a chain failed, outside the spec's numbered codes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// The chain or the node refused, or answered something the client cannot use. Nothing
    /// changed, and the same request fails the same way.
    #[error("{0}")]
    Rejected(String),
    /// The node could not be reached or did not answer in time, and no transaction was handed
    /// to it: a retry is safe.
    #[error("{0}")]
    Transport(String),
    /// A transaction was handed to the node, but whether it landed is not known (the node
    /// stopped answering, or the result did not come in time). Look the transaction up before
    /// sending again: a new one could do the work twice.
    #[error("{}, but its outcome is unknown: {detail}", sent(tx.as_deref()))]
    Unknown {
        /// The transaction's id (hash or signature) where the client knows it.
        tx: Option<String>,
        /// What happened.
        detail: String,
    },
}

fn sent(tx: Option<&str>) -> String {
    match tx {
        Some(tx) => format!("transaction {tx} was sent"),
        None => "the transaction was sent".into(),
    }
}

impl LedgerError {
    /// A transaction sent as `tx` whose outcome is unknown.
    pub fn unknown(tx: impl std::fmt::Display, detail: impl std::fmt::Display) -> Self {
        LedgerError::Unknown {
            tx: Some(tx.to_string()),
            detail: detail.to_string(),
        }
    }

    /// Whether the same request may simply be sent again.
    pub fn is_retryable(&self) -> bool {
        matches!(self, LedgerError::Transport(_))
    }

    /// The same failure, its message prefixed with what was being done (`storing cw_escrow`).
    pub fn context(self, doing: impl std::fmt::Display) -> Self {
        match self {
            LedgerError::Rejected(text) => LedgerError::Rejected(format!("{doing}: {text}")),
            LedgerError::Transport(text) => LedgerError::Transport(format!("{doing}: {text}")),
            LedgerError::Unknown { tx, detail } => LedgerError::Unknown {
                tx,
                detail: format!("{doing}: {detail}"),
            },
        }
    }
}

/// `err` without the URL its HTTP client repeats (`error sending request for url (http://…/)`),
/// for a message that names the URL itself.
pub fn without_url(url: &str, err: impl std::fmt::Display) -> String {
    let bare = url.trim_end_matches('/');
    err.to_string()
        .replace(&format!(" for url ({bare}/)"), "")
        .replace(&format!(" for url ({bare})"), "")
}

impl From<String> for LedgerError {
    fn from(text: String) -> Self {
        LedgerError::Rejected(text)
    }
}

impl From<&str> for LedgerError {
    fn from(text: &str) -> Self {
        LedgerError::Rejected(text.into())
    }
}

/// Why a capability call failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClientError<E: std::fmt::Debug + std::fmt::Display> {
    /// The contract refused with the spec's numbered error. Nothing changed.
    #[error("refused: {0}")]
    Spec(E),
    /// The chain refused for a reason outside the spec, or answered something the client cannot
    /// use. Nothing changed, and the same call fails the same way.
    #[error("{0}")]
    Chain(String),
    /// The node could not be reached or did not answer in time before anything was sent: a
    /// retry is safe.
    #[error("{0}")]
    Transport(String),
    /// A transaction was sent, but whether it landed is not known: look it up before sending
    /// again.
    #[error("{}, but its outcome is unknown: {detail}", sent(tx.as_deref()))]
    Unknown {
        /// The transaction's id (hash or signature) where the client knows it.
        tx: Option<String>,
        /// What happened.
        detail: String,
    },
}

impl<E: std::fmt::Debug + std::fmt::Display> ClientError<E> {
    /// Whether the same call may simply be made again.
    pub fn is_retryable(&self) -> bool {
        matches!(self, ClientError::Transport(_))
    }
}

impl<E: std::fmt::Debug + std::fmt::Display> From<LedgerError> for ClientError<E> {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Rejected(text) => ClientError::Chain(text),
            LedgerError::Transport(text) => ClientError::Transport(text),
            LedgerError::Unknown { tx, detail } => ClientError::Unknown { tx, detail },
        }
    }
}

/// A capability call's failure where only its kind matters (a deployment or a connection that
/// made the call): the spec's refusal becomes the chain's.
impl<E: std::fmt::Debug + std::fmt::Display> From<ClientError<E>> for LedgerError {
    fn from(e: ClientError<E>) -> Self {
        match e {
            ClientError::Spec(e) => LedgerError::Rejected(format!("refused: {e}")),
            ClientError::Chain(text) => LedgerError::Rejected(text),
            ClientError::Transport(text) => LedgerError::Transport(text),
            ClientError::Unknown { tx, detail } => LedgerError::Unknown { tx, detail },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_named_once() {
        let url = "http://127.0.0.1:9";
        let err = "error sending request for url (http://127.0.0.1:9/): connection refused";
        assert_eq!(
            without_url(url, err),
            "error sending request: connection refused"
        );
        assert_eq!(without_url("http://other:1", err), err, "another URL stays");
    }

    #[test]
    fn context_and_a_capability_failure_keep_their_kind() {
        let transport = LedgerError::Transport("connection refused".into()).context("storing x");
        assert_eq!(
            transport,
            LedgerError::Transport("storing x: connection refused".into())
        );
        assert!(transport.is_retryable());
        assert_eq!(
            LedgerError::unknown("0xabc", "no receipt").context("deploying y"),
            LedgerError::Unknown {
                tx: Some("0xabc".into()),
                detail: "deploying y: no receipt".into()
            }
        );
        assert_eq!(
            LedgerError::from(ClientError::Spec(7u8)),
            LedgerError::Rejected("refused: 7".into())
        );
        assert!(LedgerError::from(ClientError::<u8>::Transport("down".into())).is_retryable());
    }

    #[test]
    fn only_transport_failures_are_retryable() {
        let transport = LedgerError::Transport("connection refused".into());
        let unknown = LedgerError::unknown("0xabc", "no receipt after 120s");
        let rejected = LedgerError::from("insufficient funds");
        assert!(transport.is_retryable());
        assert!(!unknown.is_retryable() && !rejected.is_retryable());
        let client: ClientError<u8> = unknown.into();
        assert!(!client.is_retryable());
        assert_eq!(
            client.to_string(),
            "transaction 0xabc was sent, but its outcome is unknown: no receipt after 120s"
        );
        assert_eq!(
            ClientError::<u8>::from(transport),
            ClientError::Transport("connection refused".into())
        );
        assert_eq!(
            ClientError::<u8>::from(rejected),
            ClientError::Chain("insufficient funds".into())
        );
    }
}
