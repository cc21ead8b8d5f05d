//! A method's own settings, declared by the method as a small schema (name, meaning, kind,
//! default, bounds) so that one piece of code can check them, parse them from the command line
//! (`--option temperature=0.5`), draw them in the window and store them in sessions and
//! hierarchy files, whatever the method. A method reads its values through its own specs
//! (`TEMPERATURE.float(options)`), never by a bare string.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What values a setting takes, with its default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptionKind {
    /// A number in `[min, max]`.
    Float { default: f32, min: f32, max: f32 },
    /// On or off.
    Flag { default: bool },
    /// One word of a fixed list.
    Choice {
        default: &'static str,
        choices: &'static [&'static str],
    },
}

/// One setting of a method.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptionSpec {
    /// The key in files and on the command line (older sessions stored it at the top level
    /// of the configuration under the same name).
    pub name: &'static str,
    /// The label in the window.
    pub label: &'static str,
    /// One sentence for `--help` and the window's tooltip.
    pub help: &'static str,
    pub kind: OptionKind,
}

/// A value of a setting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OptionValue {
    Flag(bool),
    Float(f32),
    Choice(String),
}

impl std::fmt::Display for OptionValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptionValue::Flag(b) => write!(f, "{b}"),
            OptionValue::Float(x) => write!(f, "{x}"),
            OptionValue::Choice(s) => f.write_str(s),
        }
    }
}

/// The settings a user changed from their defaults, by name. What is not here is the
/// default, so a method that gains a setting reads old files unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Options(BTreeMap<String, OptionValue>);

impl OptionSpec {
    pub fn default_value(&self) -> OptionValue {
        match self.kind {
            OptionKind::Float { default, .. } => OptionValue::Float(default),
            OptionKind::Flag { default } => OptionValue::Flag(default),
            OptionKind::Choice { default, .. } => OptionValue::Choice(default.to_string()),
        }
    }

    /// The value set in `o`, or the default.
    pub fn value(&self, o: &Options) -> OptionValue {
        o.0.get(self.name)
            .cloned()
            .unwrap_or_else(|| self.default_value())
    }

    /// A number setting's value (its default for a value of another kind, which
    /// [`Options::check`] refuses before any method reads it).
    pub fn float(&self, o: &Options) -> f32 {
        match (self.value(o), self.kind) {
            (OptionValue::Float(x), _) => x,
            (_, OptionKind::Float { default, .. }) => default,
            _ => 0.0,
        }
    }

    pub fn flag(&self, o: &Options) -> bool {
        match (self.value(o), self.kind) {
            (OptionValue::Flag(b), _) => b,
            (_, OptionKind::Flag { default }) => default,
            _ => false,
        }
    }

    pub fn choice(&self, o: &Options) -> String {
        match (self.value(o), self.kind) {
            (OptionValue::Choice(s), _) => s,
            (_, OptionKind::Choice { default, .. }) => default.to_string(),
            _ => String::new(),
        }
    }

    /// Whether `v` is a value of this setting; the error says what is expected.
    pub fn accepts(&self, v: &OptionValue) -> Result<(), String> {
        match (self.kind, v) {
            (OptionKind::Float { min, max, .. }, OptionValue::Float(x)) => {
                if x.is_finite() && *x >= min && *x <= max {
                    Ok(())
                } else {
                    Err(format!(
                        "{}: expected a number from {min} to {max}, found {x}",
                        self.name
                    ))
                }
            }
            (OptionKind::Flag { .. }, OptionValue::Flag(_)) => Ok(()),
            (OptionKind::Choice { choices, .. }, OptionValue::Choice(s)) => {
                if choices.contains(&s.as_str()) {
                    Ok(())
                } else {
                    Err(format!(
                        "{}: expected one of {}, found `{s}`",
                        self.name,
                        choices.join(", ")
                    ))
                }
            }
            _ => Err(format!(
                "{}: expected {}, found {v}",
                self.name,
                self.expects()
            )),
        }
    }

    /// What the setting takes, in words.
    pub fn expects(&self) -> String {
        match self.kind {
            OptionKind::Float { min, max, .. } => format!("a number from {min} to {max}"),
            OptionKind::Flag { .. } => "true or false".to_string(),
            OptionKind::Choice { choices, .. } => format!("one of {}", choices.join(", ")),
        }
    }

    /// Reads a value of this setting from text (`0.5`, `true`, `degree`).
    pub fn parse(&self, text: &str) -> Result<OptionValue, String> {
        let text = text.trim();
        let v = match self.kind {
            OptionKind::Float { .. } => OptionValue::Float(text.parse::<f32>().map_err(|_| {
                format!("{}: expected {}, found `{text}`", self.name, self.expects())
            })?),
            OptionKind::Flag { .. } => OptionValue::Flag(match text {
                "true" | "yes" | "on" | "1" => true,
                "false" | "no" | "off" | "0" => false,
                _ => {
                    return Err(format!(
                        "{}: expected {}, found `{text}`",
                        self.name,
                        self.expects()
                    ));
                }
            }),
            OptionKind::Choice { .. } => OptionValue::Choice(text.to_string()),
        };
        self.accepts(&v)?;
        Ok(v)
    }
}

impl Options {
    /// Sets `name` to `value`, checked against `specs`; a value equal to the default is
    /// removed, so files keep only what was changed.
    pub fn set(
        &mut self,
        specs: &[OptionSpec],
        name: &str,
        value: OptionValue,
    ) -> Result<(), String> {
        let spec = find(specs, name)?;
        spec.accepts(&value)?;
        if value == spec.default_value() {
            self.0.remove(name);
        } else {
            self.0.insert(name.to_string(), value);
        }
        Ok(())
    }

    /// `name=value` from the command line.
    pub fn set_text(&mut self, specs: &[OptionSpec], assignment: &str) -> Result<(), String> {
        let (name, value) = assignment
            .split_once('=')
            .ok_or_else(|| format!("`{assignment}`: expected NAME=VALUE"))?;
        let spec = find(specs, name.trim())?;
        let value = spec.parse(value)?;
        self.set(specs, spec.name, value)
    }

    /// Every value names a setting of `specs` and is one of its values.
    pub fn check(&self, specs: &[OptionSpec]) -> Result<(), String> {
        for (name, v) in &self.0 {
            find(specs, name)?.accepts(v)?;
        }
        Ok(())
    }

    /// The same settings without those at their defaults (as `set` keeps them): a file that
    /// spells a default out reads like one that leaves it out.
    pub fn without_defaults(mut self, specs: &[OptionSpec]) -> Options {
        self.0.retain(|k, v| {
            specs
                .iter()
                .find(|s| s.name == k)
                .is_none_or(|s| *v != s.default_value())
        });
        self
    }

    /// Only the settings `specs` know, the rest dropped: what a method keeps when the user
    /// switches to it from another.
    pub fn keep_known(&self, specs: &[OptionSpec]) -> Options {
        Options(
            self.0
                .iter()
                .filter(|(k, v)| specs.iter().any(|s| s.name == *k && s.accepts(v).is_ok()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `name=value` pairs, for titles and `--help`.
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn find<'a>(specs: &'a [OptionSpec], name: &str) -> Result<&'a OptionSpec, String> {
    specs.iter().find(|s| s.name == name).ok_or_else(|| {
        if specs.is_empty() {
            format!("`{name}`: this method has no settings")
        } else {
            format!(
                "`{name}`: not a setting of this method (it has {})",
                specs.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: OptionSpec = OptionSpec {
        name: "temperature",
        label: "Temperature",
        help: "",
        kind: OptionKind::Float {
            default: 1.0,
            min: 0.01,
            max: 100.0,
        },
    };
    const S: OptionSpec = OptionSpec {
        name: "scorer",
        label: "Scorer",
        help: "",
        kind: OptionKind::Choice {
            default: "degree",
            choices: &["degree", "random"],
        },
    };

    #[test]
    fn values_are_checked_defaults_are_left_out_and_files_round_trip() {
        let specs = [T, S];
        let mut o = Options::default();
        assert_eq!(T.float(&o), 1.0);
        o.set_text(&specs, "temperature=0.5").expect("in range");
        o.set_text(&specs, "scorer = random").expect("a choice");
        assert_eq!((T.float(&o), S.choice(&o).as_str()), (0.5, "random"));
        let json = serde_json::to_string(&o).expect("serialises");
        assert_eq!(json, r#"{"scorer":"random","temperature":0.5}"#);
        let back: Options = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, o);
        back.check(&specs).expect("valid");
        // Back to the default: nothing stored.
        o.set_text(&specs, "temperature=1").expect("in range");
        assert_eq!(o.describe(), "scorer=random");
        let err = |a: &str| {
            let mut o = Options::default();
            o.set_text(&specs, a).expect_err("refused")
        };
        assert!(err("temperature=0").contains("from 0.01 to 100"));
        assert!(err("temperature=NaN").contains("found NaN"));
        assert!(err("scorer=pagerank").contains("one of degree, random"));
        assert!(err("ratio=0.5").contains("it has temperature, scorer"));
        assert!(err("temperature").contains("NAME=VALUE"));
        let spelled: Options =
            serde_json::from_str(r#"{"temperature":1.0,"scorer":"random"}"#).expect("json");
        assert_eq!(spelled.without_defaults(&specs).describe(), "scorer=random");
        let wrong: Options = serde_json::from_str(r#"{"temperature":"hot"}"#).expect("json");
        assert!(wrong.check(&specs).is_err());
        assert!(wrong.check(&[]).expect_err("none").contains("no settings"));
        assert_eq!(wrong.keep_known(&specs), Options::default());
    }
}
