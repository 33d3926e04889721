//! The shape every capability's numbered error codes share.

/// Declares a capability's error codes: a `#[repr(u16)]` enum whose discriminants are the
/// spec's numbers, with `code`, `name`, `from_code`, `from_name`, the CosmWasm message `tag`
/// (`[<capability>:<code> <Name>]`) and `find_tag`.
///
/// With the `scale` feature the enum is also SCALE-encoded as ink! contracts return it: the
/// variant index is the discriminant, so the one byte a client decodes is the spec's code.
macro_rules! spec_errors {
    (
        $(#[$meta:meta])*
        pub enum $name:ident($capability:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(
            feature = "scale",
            derive(scale::Encode, scale::Decode, scale_info::TypeInfo),
            codec(crate = scale),
            scale_info(crate = scale_info)
        )]
        #[repr(u16)]
        pub enum $name {
            $( $(#[$vmeta])* $variant = $code, )*
        }

        impl $name {
            /// Every code, in numeric order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The capability these codes belong to, as used in tags.
            pub const CAPABILITY: &'static str = $capability;

            /// The stable numeric code.
            pub const fn code(self) -> u16 {
                self as u16
            }

            /// The code's name as written in the spec and in every chain's error type.
            pub fn name(self) -> &'static str {
                match self {
                    $( $name::$variant => stringify!($variant), )*
                }
            }

            /// Looks a code up by number.
            pub fn from_code(code: u16) -> Option<Self> {
                Self::ALL.iter().copied().find(|e| e.code() == code)
            }

            /// Looks a code up by its name.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|e| e.name() == name)
            }

            /// The tag that starts a CosmWasm error message for this code:
            /// `[<capability>:<code> <Name>]`.
            pub fn tag(self) -> alloc::string::String {
                alloc::format!("[{}:{} {}]", $capability, self.code(), self.name())
            }

            /// Finds this capability's error tag anywhere in `message` (chains and test
            /// harnesses wrap contract errors in their own text). The name must match the
            /// number, so a mangled tag is not mistaken for another code.
            pub fn find_tag(message: &str) -> Option<Self> {
                let prefix = concat!("[", $capability, ":");
                let start = message.find(prefix)? + prefix.len();
                let rest = &message[start..];
                let (code, rest) = rest.split_once(' ')?;
                let (name, _) = rest.split_once(']')?;
                let e = Self::from_code(code.parse().ok()?)?;
                (e.name() == name).then_some(e)
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "{} ({} error {})", self.name(), $capability, self.code())
            }
        }
    };
}

pub(crate) use spec_errors;
