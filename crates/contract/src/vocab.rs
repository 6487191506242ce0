//! The closed vocabularies of the contract: enums whose every value has one stable name, the name the
//! results JSON, the recipes and the URL use. A name is written once, here or where the enum is
//! declared with [`vocabulary!`](crate::vocabulary), and a typo is a compile error.

/// Declares an enum of words: each variant with its stable name. It gets `ALL` (in declaration
/// order, which is also its `Ord`), `as_str`, `from_name`, `Display`, and serde as the name.
///
/// Where the words are the keys of a map in the results JSON (breakdown dimensions, exclusion
/// reasons), declare them in the order of their names, so that the map's order is the names'
/// order (each such vocabulary has a test that says so).
#[macro_export]
macro_rules! vocabulary {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The value named `name`, if any.
            pub fn from_name(name: &str) -> Option<$name> {
                match name {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[$($word),+];
                $crate::vocab::word(d, NAMES).map(|i| $name::ALL[i])
            }
        }
    };
}

/// The place in `names` of the word `d` gives. One function for every vocabulary, so that the
/// page's wasm carries one copy of it per deserialiser, not one per vocabulary.
#[doc(hidden)]
pub fn word<'de, D: serde::Deserializer<'de>>(d: D, names: &'static [&'static str]) -> Result<usize, D::Error> {
    struct Names(&'static [&'static str]);
    impl serde::de::Visitor<'_> for Names {
        type Value = usize;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a word of the vocabulary")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<usize, E> {
            self.0.iter().position(|n| *n == v).ok_or_else(|| E::unknown_variant(v, self.0))
        }
    }
    d.deserialize_str(Names(names))
}

/// Whether `words` are in the order of their names: a map keyed by them then serialises in the
/// names' order, as a map keyed by the names would.
pub fn in_name_order(words: &[&'static str]) -> bool {
    words.windows(2).all(|w| w[0] < w[1])
}
