//! Generator spec strings, usable anywhere a graph is expected:
//! `sbm:n=1000,k=10,din=12,dout=3,seed=0`, `sbm:sizes=50/50/100,pin=0.3,pout=0.01`,
//! `nested:h13-4,seed=1`, `nested:groups=4,sub=4,size=16,d1=13,d2=4,d3=1`,
//! `random:n=1000,m=5000,seed=0` (uniform over graphs with m edges), `ring:cliques=8,size=5`, `caveman:caves=8,size=6`, `grid:w=20,h=20`, `barbell:m=10,path=3`,
//! `lfr:n=1000,k=15,maxk=50,tau1=2.5,tau2=1.5,mu=0.2,minc=20,maxc=100,seed=0`.

use super::blocks::{nested, planted_partition, random_graph};
use super::lfr::{LfrParams, lfr};
use super::shapes::{barbell, connected_caveman, grid, ring_of_cliques};
use crate::graph::Graph;
use std::collections::HashMap;

/// Largest graph a spec may ask for.
pub const MAX_GENERATED_NODES: usize = 5_000_000;
/// Largest expected edge count a spec may ask for.
pub const MAX_GENERATED_EDGES: f64 = 50_000_000.0;

/// Generator kinds with their parameters, for help texts and the Generate dialog.
pub const GENERATORS: [(&str, &str); 8] = [
    ("sbm", "sbm:n=1000,k=10,din=12,dout=3,seed=0"),
    ("nested", "nested:h13-4,seed=1"),
    ("ring", "ring:cliques=8,size=5"),
    ("caveman", "caveman:caves=8,size=6"),
    ("grid", "grid:w=20,h=20"),
    ("barbell", "barbell:m=10,path=3"),
    ("random", "random:n=1000,m=5000,seed=0"),
    (
        "lfr",
        "lfr:n=1000,k=15,maxk=50,tau1=2.5,tau2=1.5,mu=0.2,minc=20,maxc=100,seed=0",
    ),
];

/// True when `s` looks like a spec (`kind:…`) rather than a path or sample name.
pub fn is_spec(s: &str) -> bool {
    s.split_once(':')
        .is_some_and(|(kind, _)| GENERATORS.iter().any(|(k, _)| *k == kind))
}

struct Params<'a> {
    spec: &'a str,
    map: HashMap<&'a str, &'a str>,
    flags: Vec<&'a str>,
}

impl<'a> Params<'a> {
    fn parse(spec: &'a str, body: &'a str) -> Result<Self, String> {
        let mut map = HashMap::new();
        let mut flags = Vec::new();
        for part in body.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.split_once('=') {
                Some((k, _)) if k.trim().is_empty() => {
                    return Err(format!(
                        "{spec}: `{part}` has no name before `=`; expected key=value"
                    ));
                }
                Some((k, v)) => {
                    if map.insert(k.trim(), v.trim()).is_some() {
                        return Err(format!("{spec}: `{k}` is given twice"));
                    }
                }
                None => flags.push(part),
            }
        }
        Ok(Self { spec, map, flags })
    }

    fn num<T: std::str::FromStr>(&self, key: &str, default: Option<T>) -> Result<T, String> {
        match self.map.get(key) {
            // `nan` and `inf` parse as floats; no parameter means them.
            Some(v) if v.parse::<f64>().is_ok_and(|x| !x.is_finite()) => Err(format!(
                "{}: expected a finite number for `{key}`, found `{v}`",
                self.spec
            )),
            Some(v) => v
                .parse()
                .map_err(|_| format!("{}: expected a number for `{key}`, found `{v}`", self.spec)),
            None => default.ok_or_else(|| format!("{}: missing `{key}=…`", self.spec)),
        }
    }

    fn check_known(&self, known: &[&str]) -> Result<(), String> {
        for k in self.map.keys() {
            if !known.contains(k) {
                return Err(format!(
                    "{}: unknown parameter `{k}` (expected one of {})",
                    self.spec,
                    known.join(", ")
                ));
            }
        }
        Ok(())
    }
}

fn check_size(spec: &str, n: usize, edges: f64) -> Result<(), String> {
    if n == 0 {
        return Err(format!("{spec}: the graph would have no nodes"));
    }
    if n > MAX_GENERATED_NODES {
        return Err(format!(
            "{spec}: {n} nodes; at most {MAX_GENERATED_NODES} can be generated"
        ));
    }
    if edges > MAX_GENERATED_EDGES {
        return Err(format!(
            "{spec}: about {edges:.0} edges; at most {MAX_GENERATED_EDGES:.0} can be generated"
        ));
    }
    Ok(())
}

fn positive_prob(spec: &str, name: &str, p: f64) -> Result<f64, String> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!(
            "{spec}: `{name}` must be a probability between 0 and 1, got {p}"
        ))
    }
}

/// Builds the graph a spec names; the error says what is wrong with the spec.
pub fn generate(spec: &str) -> Result<Graph, String> {
    let (kind, body) = spec
        .split_once(':')
        .ok_or_else(|| format!("{spec}: expected `kind:key=value,…`"))?;
    let p = Params::parse(spec, body)?;
    let seed: u64 = p.num("seed", Some(0))?;
    let mut g = match kind {
        "sbm" => {
            p.check_known(&["n", "k", "din", "dout", "sizes", "pin", "pout", "seed"])?;
            let sizes: Vec<usize> = match p.map.get("sizes") {
                Some(list) => list
                    .split(['/', ';', '+'])
                    .map(|s| {
                        s.trim()
                            .parse::<usize>()
                            .map_err(|_| format!("{spec}: expected block sizes like 50/50/100"))
                    })
                    .collect::<Result<_, _>>()?,
                None => {
                    let n: usize = p.num("n", None)?;
                    let k: usize = p.num("k", None)?;
                    if k == 0 || k > n {
                        return Err(format!("{spec}: expected 1 <= k <= n"));
                    }
                    (0..k).map(|b| n / k + usize::from(b < n % k)).collect()
                }
            };
            let n: usize = sizes
                .iter()
                .try_fold(0usize, |a, &b| a.checked_add(b))
                .filter(|&n| n <= MAX_GENERATED_NODES)
                .ok_or_else(|| {
                    format!("{spec}: the blocks hold at most {MAX_GENERATED_NODES} nodes in all")
                })?;
            let s = n as f64 / sizes.len().max(1) as f64;
            let (p_in, p_out) = if p.map.contains_key("din") || p.map.contains_key("dout") {
                let din: f64 = p.num("din", None)?;
                let dout: f64 = p.num("dout", None)?;
                (
                    din / (s - 1.0).max(1.0),
                    if n as f64 > s {
                        dout / (n as f64 - s)
                    } else {
                        0.0
                    },
                )
            } else {
                (p.num("pin", None)?, p.num("pout", None)?)
            };
            let p_in = positive_prob(spec, "pin (din)", p_in)?;
            let p_out = positive_prob(spec, "pout (dout)", p_out)?;
            let n2 = n as f64 * n as f64 / 2.0;
            check_size(
                spec,
                n,
                n2 * p_out
                    + sizes
                        .iter()
                        .map(|&b| b as f64 * b as f64 / 2.0)
                        .sum::<f64>()
                        * p_in,
            )?;
            planted_partition(&sizes, p_in, p_out, seed)
        }
        "nested" => {
            p.check_known(&["groups", "sub", "size", "d1", "d2", "d3", "seed"])?;
            if let Some(f) = p.flags.iter().find(|f| !f.eq_ignore_ascii_case("h13-4")) {
                return Err(format!("{spec}: unknown preset `{f}` (known: h13-4)"));
            }
            let groups: usize = p.num("groups", Some(4))?;
            let sub: usize = p.num("sub", Some(4))?;
            let size: usize = p.num("size", Some(16))?;
            let d1: f64 = p.num("d1", Some(13.0))?;
            let d2: f64 = p.num("d2", Some(4.0))?;
            let d3: f64 = p.num("d3", Some(1.0))?;
            let n = groups.saturating_mul(sub).saturating_mul(size);
            if groups == 0
                || sub == 0
                || size == 0
                || [d1, d2, d3].iter().any(|d| !d.is_finite() || *d < 0.0)
            {
                return Err(format!(
                    "{spec}: expected positive sizes and non-negative degrees"
                ));
            }
            check_size(spec, n, n as f64 * (d1 + d2 + d3) / 2.0)?;
            if d1 > (size - 1) as f64
                || d2 > ((sub - 1) * size) as f64
                || d3 > (n - sub * size) as f64
            {
                return Err(format!(
                    "{spec}: a degree is larger than its part of the graph allows"
                ));
            }
            nested(groups, sub, size, d1, d2, d3, seed)
        }
        "ring" | "caveman" => {
            let (count_key, default) = if kind == "ring" {
                ("cliques", 8)
            } else {
                ("caves", 8)
            };
            p.check_known(&[count_key, "size", "seed"])?;
            let count: usize = p.num(count_key, Some(default))?;
            let size: usize = p.num("size", Some(5))?;
            let least = if kind == "ring" { 1 } else { 2 };
            if count == 0 || size < least {
                return Err(format!(
                    "{spec}: expected {count_key} >= 1 and size >= {least}{}",
                    if kind == "caveman" {
                        " (each cave gives one of its edges to the next cave)"
                    } else {
                        ""
                    }
                ));
            }
            let n = count.saturating_mul(size);
            check_size(spec, n, n as f64 * size as f64 / 2.0)?;
            if kind == "ring" {
                ring_of_cliques(count, size)
            } else {
                connected_caveman(count, size)
            }
        }
        "grid" => {
            p.check_known(&["w", "h", "seed"])?;
            let w: usize = p.num("w", Some(20))?;
            let h: usize = p.num("h", Some(w))?;
            let n = w.saturating_mul(h);
            check_size(spec, n, 2.0 * n as f64)?;
            grid(w, h)
        }
        "barbell" => {
            p.check_known(&["m", "path", "seed"])?;
            let m: usize = p.num("m", Some(10))?;
            let path: usize = p.num("path", Some(0))?;
            let n = m.saturating_mul(2).saturating_add(path);
            check_size(spec, n, m as f64 * m as f64)?;
            barbell(m, path)
        }
        "random" => {
            p.check_known(&["n", "m", "seed"])?;
            let n: usize = p.num("n", Some(1000))?;
            let m: usize = p.num("m", Some(5 * n))?;
            check_size(spec, n, m as f64)?;
            let pairs = n as f64 * (n as f64 - 1.0) / 2.0;
            if m as f64 > pairs {
                return Err(format!("{spec}: {m} edges do not fit in {n} nodes"));
            }
            random_graph(n, m, seed)
        }
        "lfr" => {
            p.check_known(&[
                "n", "k", "maxk", "tau1", "tau2", "mu", "minc", "maxc", "seed",
            ])?;
            let params = LfrParams {
                n: p.num("n", Some(1000))?,
                avg_degree: p.num("k", Some(15.0))?,
                max_degree: p.num("maxk", Some(50))?,
                tau1: p.num("tau1", Some(2.5))?,
                tau2: p.num("tau2", Some(1.5))?,
                mu: p.num("mu", Some(0.2))?,
                min_community: p.num("minc", Some(20))?,
                max_community: p.num("maxc", Some(100))?,
                seed,
            };
            check_size(
                spec,
                params.n,
                params.n as f64 * params.max_degree as f64 / 2.0,
            )?;
            lfr(&params).map_err(|e| format!("{spec}: {e}"))?
        }
        _ => {
            let kinds: Vec<&str> = GENERATORS.iter().map(|(k, _)| *k).collect();
            return Err(format!(
                "{spec}: unknown generator `{kind}` (known: {})",
                kinds.join(", ")
            ));
        }
    };
    g.name = spec.to_string();
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_numbers_and_nameless_parameters_are_refused() {
        let e = generate("lfr:n=1000,k=nan,maxk=50,minc=20,maxc=100").expect_err("nan");
        assert!(
            e.contains("expected a finite number for `k`, found `nan`"),
            "{e}"
        );
        let e = generate("sbm:n=100,k=2,din=inf,dout=1").expect_err("inf");
        assert!(e.contains("finite number for `din`"), "{e}");
        let e = generate("grid:w=3,h=3,,,=,==").expect_err("nameless");
        assert!(e.contains("`=` has no name before `=`"), "{e}");
    }

    #[test]
    fn every_listed_example_generates() {
        for (kind, example) in GENERATORS {
            let g = generate(example).unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert!(g.node_count() > 0, "{kind}");
            if kind != "random" {
                assert!(!g.nodes.labels.is_empty(), "{kind} has ground truth");
            }
            assert!(is_spec(example));
        }
    }

    #[test]
    fn sbm_spec_matches_the_issue_example() {
        let g = generate("sbm:n=1000,k=10,din=12,dout=3,seed=0").expect("valid");
        assert_eq!(g.node_count(), 1000);
        let mean = 2.0 * g.edge_count() as f64 / 1000.0;
        assert!((mean - 15.0).abs() < 0.6, "mean degree {mean}");
        assert_eq!(g.nodes.label("block").map(|c| c.classes.len()), Some(10));
    }

    #[test]
    fn bad_specs_say_why() {
        let e = |s: &str| generate(s).err().unwrap_or_default();
        assert!(e("sbm:n=10").contains("missing `k=…`"));
        assert!(e("sbm:n=10,k=2,pin=2,pout=0").contains("probability"));
        assert!(e("sbm:n=1000000000,k=2,pin=0.1,pout=0.1").contains("at most"));
        assert!(e("ring:cliques=x").contains("expected a number"));
        assert!(e("blob:n=1").contains("unknown generator"));
        assert!(e("grid:w=3,q=1").contains("unknown parameter `q`"));
        assert!(e("nested:h99").contains("unknown preset"));
        assert!(!is_spec("karate") && !is_spec("C:/graphs/x.gml"));
    }
}
