//! Losses as a user's own model logged them, matched to poolscope's: PyTorch Geometric's and
//! torch-geometric-pool's names (`spectral_loss`, `cut_loss`, `ent_loss`, …) mapped to the
//! keys poolscope computes (`dmon_spectral`, `mincut_cut`, `diffpool_entropy`, …), so a log's
//! curves, `losses --json` and the method card put the logged value beside the recomputed one.
//! `ortho_loss` belongs to DMoN, MinCut and HOSC alike: the names logged with it decide.
//! Logged values carry the user's loss coefficients (tgp's `*_coeff` at their defaults of 1
//! match); HOSC's are matched to what tgp prints (`tgp_hosc_loss`, `tgp_hosc_ortho`).

use super::Method;
use super::losses as l;
use crate::autodiff::{Adjacency, Tape};
use crate::graph::Csr;
use ndarray::Array2;

/// Every auxiliary loss poolscope computes for assignment `s` on adjacency `a`: those of
/// `dense_mincut_pool`, `dense_diff_pool`, `DMoNPooling`, and of torch-geometric-pool's
/// JustBalance, AsymCheegerCut, HOSC, MemPool and (small graphs) BN-Pool's reconstruction.
pub fn all_losses(a: &Csr, s: &Array2<f32>) -> Vec<(&'static str, f64)> {
    let adj = Adjacency::sparse(a.clone());
    let mut t = Tape::new();
    let sv = t.constant(s.clone());
    let values = [
        ("mincut_cut", l::mincut_cut(&mut t, &adj, sv)),
        ("mincut_ortho", l::mincut_ortho(&mut t, sv)),
        ("diffpool_link", l::diffpool_link(&mut t, &adj, sv)),
        ("diffpool_entropy", l::diffpool_entropy(&mut t, sv)),
        ("dmon_spectral", l::dmon_spectral(&mut t, &adj, sv)),
        ("dmon_cluster", l::dmon_cluster(&mut t, sv)),
        ("dmon_ortho", l::mincut_ortho(&mut t, sv)),
        ("just_balance", l::just_balance(&mut t, sv)),
        ("acc_totvar", l::acc_totvar(&mut t, &adj, sv)),
        ("acc_asym_norm", l::acc_asym_norm(&mut t, sv)),
        ("hosc_mincut", l::hosc_mincut(&mut t, &adj, sv)),
        ("hosc_ortho", l::mincut_ortho(&mut t, sv)),
        ("tgp_hosc_loss", l::tgp_hosc_loss(&mut t, &adj, sv)),
        ("mempool_kl", super::mempool::mempool_kl(&mut t, sv)),
    ];
    let mut out: Vec<(&'static str, f64)> = values
        .into_iter()
        .map(|(name, v)| (name, t.item(v) as f64))
        .collect();
    // HOSC's orthogonality as tgp prints it: times its μ.
    let ortho = out
        .iter()
        .find(|(n, _)| *n == "hosc_ortho")
        .map_or(0.0, |o| o.1);
    out.push(("tgp_hosc_ortho", f64::from(l::TGP_HOSC_MU) * ortho));
    // BN-Pool's reconstruction, with tgp's initial cluster connectivity (a file has no
    // learned one); N² work, so only for graphs BN-Pool itself would train on.
    if s.nrows() <= super::bnpool::MAX_NODES {
        out.push(("bnpool_rec", super::bnpool::rec_loss_at_init(a, s) as f64));
    }
    out
}

/// BN-Pool's three losses recomputed from the posterior and connectivity a step logged, in
/// place of the reconstruction at tgp's initial `Kc` that [`all_losses`] gives.
pub fn with_bnpool(
    losses: &mut Vec<(&'static str, f64)>,
    a: &Csr,
    s: &Array2<f32>,
    logged: &super::bnpool::Logged,
    alpha_dp: f32,
) {
    if s.nrows() > super::bnpool::MAX_NODES {
        return;
    }
    losses.retain(|(n, _)| !n.starts_with("bnpool_"));
    losses.extend(super::bnpool::logged_losses(a, s, logged, alpha_dp));
}

/// The Dirichlet-process concentration a log's model settings give (`alpha_DP`, as tgp's
/// `BNPool` names it), else tgp's default.
pub fn alpha_dp_of(settings: &[(String, String)]) -> f32 {
    settings
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("alpha_dp"))
        .and_then(|(_, v)| v.trim().parse::<f32>().ok())
        .filter(|v| v.is_finite() && *v > 0.0)
        .unwrap_or(super::bnpool::ALPHA_DP)
}

/// The poolscope key of a loss logged as `name`, given every name logged with it; `None` for
/// a name poolscope does not compute (it is shown as logged).
pub fn key_for(name: &str, logged: &[&str]) -> Option<&'static str> {
    let with = |n: &str| logged.contains(&n);
    Some(match name {
        "spectral_loss" | "dmon_spectral" => "dmon_spectral",
        "cluster_loss" | "dmon_cluster" => "dmon_cluster",
        "mincut_loss" | "cut_loss" | "mincut_cut" => "mincut_cut",
        "link_loss" | "diffpool_link" => "diffpool_link",
        "ent_loss" | "entropy_loss" | "diffpool_entropy" => "diffpool_entropy",
        "total_variation_loss" | "acc_totvar" => "acc_totvar",
        // JustBalance's balance is not AsymCheegerCut's: the total variation beside it says.
        "balance_loss" if with("total_variation_loss") => "acc_asym_norm",
        "balance_loss" | "just_balance" => "just_balance",
        "acc_asym_norm" => "acc_asym_norm",
        "quality" | "bnpool_rec" => "bnpool_rec",
        // tgp's BNPool logs `quality`, `kl` and `K_prior`.
        "kl" if with("quality") || with("K_prior") => "bnpool_kl",
        "K_prior" | "bnpool_k_prior" => "bnpool_k_prior",
        "bnpool_kl" => "bnpool_kl",
        "mempool_kl" => "mempool_kl",
        "ortho_loss" if with("spectral_loss") => "dmon_ortho",
        "ortho_loss" if with("mincut_loss") || with("cut_loss") => "mincut_ortho",
        // tgp's HOSC prints its own numbers: `hosc_loss` without the first-order cut, the
        // orthogonality times μ.
        "hosc_loss" | "tgp_hosc_loss" => "tgp_hosc_loss",
        "ortho_loss" if with("hosc_loss") => "tgp_hosc_ortho",
        "tgp_hosc_ortho" => "tgp_hosc_ortho",
        "mincut_ortho" => "mincut_ortho",
        "dmon_ortho" => "dmon_ortho",
        "hosc_ortho" => "hosc_ortho",
        "hosc_mincut" => "hosc_mincut",
        _ => return None,
    })
}

/// Why poolscope cannot recompute a key from a log, for the keys it knows but cannot
/// recompute: the logged value is shown alone.
pub fn not_recomputed(key: &str) -> Option<&'static str> {
    match key {
        "bnpool_kl" => Some(
            "BN-Pool's KL needs the posterior's alpha and beta: log the level as {\"s\": S, \
             \"q_z\": out.so.q_z, \"K\": pooler.K}",
        ),
        "bnpool_k_prior" => Some(
            "BN-Pool's K_prior needs the learned cluster connectivity: log the level as \
             {\"s\": S, \"q_z\": out.so.q_z, \"K\": pooler.K}",
        ),
        _ => None,
    }
}

/// The method whose losses these are, when the names say it (a log records no model).
pub fn method_for(logged: &[&str]) -> Option<Method> {
    let any = |names: &[&str]| names.iter().any(|n| logged.contains(n));
    if any(&["spectral_loss", "cluster_loss", "dmon_spectral"]) {
        Some(Method::DMoN)
    } else if any(&["mincut_loss", "cut_loss", "mincut_cut"]) {
        Some(Method::MinCut)
    } else if any(&["link_loss", "ent_loss", "entropy_loss", "diffpool_link"]) {
        Some(Method::DiffPool)
    } else if any(&["total_variation_loss", "acc_totvar"]) {
        Some(Method::AsymCheegerCut)
    } else if any(&["balance_loss", "just_balance"]) {
        Some(Method::JustBalance)
    } else if any(&["hosc_loss", "hosc_mincut"]) {
        Some(Method::Hosc)
    } else if any(&["quality", "kl", "K_prior", "bnpool_rec"]) {
        Some(Method::BnPool)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bnpool_s_logged_names_map_and_say_why_two_are_not_recomputed() {
        let bn = ["quality", "kl", "K_prior"];
        assert_eq!(method_for(&bn), Some(Method::BnPool));
        assert_eq!(key_for("quality", &bn), Some("bnpool_rec"));
        assert_eq!(key_for("kl", &bn), Some("bnpool_kl"));
        assert_eq!(key_for("K_prior", &bn), Some("bnpool_k_prior"));
        // A `kl` of some other model is not BN-Pool's.
        assert_eq!(key_for("kl", &["kl", "recon"]), None);
        let s = Array2::from_shape_vec((2, 2), vec![1.0, 0.0, 0.0, 1.0]).expect("shape");
        let a = Csr::from_triplets(2, &[(0, 1, 1.0), (1, 0, 1.0)]);
        let computed: Vec<&str> = all_losses(&a, &s).iter().map(|(k, _)| *k).collect();
        for key in ["bnpool_kl", "bnpool_k_prior"] {
            assert!(not_recomputed(key).is_some() && !computed.contains(&key));
        }
        assert!(not_recomputed("bnpool_rec").is_none() && computed.contains(&"bnpool_rec"));
        // Logged with its posterior and connectivity, all three are recomputed: at the prior
        // (Beta(1, 1), Kc = ±K_μ) the KL and K_prior vanish, and the reconstruction is the
        // logged Kc's: S puts the two linked nodes apart, so ±10 (links inside clusters only)
        // explains the edge worse than tgp's initial ±1.
        let at_prior = super::super::bnpool::Logged {
            alpha: Array2::ones((2, 1)),
            beta: Array2::ones((2, 1)),
            kc: super::super::bnpool::signed_identity(2, super::super::bnpool::K_MU),
        };
        let mut all = all_losses(&a, &s);
        let at_init = all.iter().find(|l| l.0 == "bnpool_rec").expect("rec").1;
        with_bnpool(&mut all, &a, &s, &at_prior, 1.0);
        let get = |k: &str| {
            let v: Vec<f64> = all.iter().filter(|l| l.0 == k).map(|l| l.1).collect();
            assert_eq!(v.len(), 1, "{k} once");
            v[0]
        };
        assert!(get("bnpool_kl").abs() < 1e-9 && get("bnpool_k_prior").abs() < 1e-9);
        assert!(
            get("bnpool_rec") > at_init,
            "{} {at_init}",
            get("bnpool_rec")
        );
        // The prior's concentration comes from the log's settings, as tgp names it.
        let settings = |v: &str| vec![("alpha_DP".to_string(), v.to_string())];
        assert_eq!(alpha_dp_of(&settings("3")), 3.0);
        assert_eq!(
            alpha_dp_of(&settings("-1")),
            1.0,
            "not a concentration: the default"
        );
        assert_eq!(alpha_dp_of(&[]), 1.0);
    }

    #[test]
    fn pyg_and_tgp_names_map_to_poolscope_s_keys() {
        let dmon = ["spectral_loss", "ortho_loss", "cluster_loss"];
        assert_eq!(key_for("ortho_loss", &dmon), Some("dmon_ortho"));
        assert_eq!(key_for("spectral_loss", &dmon), Some("dmon_spectral"));
        assert_eq!(method_for(&dmon), Some(Method::DMoN));
        let pyg_mincut = ["mincut_loss", "ortho_loss"];
        assert_eq!(key_for("ortho_loss", &pyg_mincut), Some("mincut_ortho"));
        assert_eq!(key_for("mincut_loss", &pyg_mincut), Some("mincut_cut"));
        let tgp_mincut = ["cut_loss", "ortho_loss"];
        assert_eq!(key_for("cut_loss", &tgp_mincut), Some("mincut_cut"));
        assert_eq!(method_for(&tgp_mincut), Some(Method::MinCut));
        assert_eq!(
            key_for("ent_loss", &["link_loss", "ent_loss"]),
            Some("diffpool_entropy")
        );
        let acc = ["total_variation_loss", "balance_loss"];
        assert_eq!(key_for("balance_loss", &acc), Some("acc_asym_norm"));
        assert_eq!(
            key_for("balance_loss", &["balance_loss"]),
            Some("just_balance")
        );
        assert_eq!(method_for(&acc), Some(Method::AsymCheegerCut));
        assert_eq!(method_for(&["balance_loss"]), Some(Method::JustBalance));
        // HOSC's logged loss is tgp's, not the paper's mixed cut: matched to tgp's number.
        let hosc = ["hosc_loss", "ortho_loss"];
        assert_eq!(key_for("hosc_loss", &hosc), Some("tgp_hosc_loss"));
        assert_eq!(key_for("ortho_loss", &hosc), Some("tgp_hosc_ortho"));
        assert_eq!(
            key_for("ortho_loss", &["ortho_loss"]),
            None,
            "whose? unknown"
        );
        assert_eq!(key_for("quality", &["quality", "kl"]), Some("bnpool_rec"));
        assert_eq!(
            key_for("kl", &["quality", "kl"]),
            Some("bnpool_kl"),
            "shown as logged"
        );
        assert_eq!(key_for("mincut_ortho", &[]), Some("mincut_ortho"));
        assert_eq!(method_for(&["my_loss"]), None);
    }

    /// tgp's HOSC number on a worked example: karate, a fixed soft S with K = 3. tgp's
    /// `hosc_loss` is the higher-order half of the paper's mixed cut: `hosc_mincut` minus
    /// `(1 − α)/K · mincut_cut` (α = 1/2), and its printed `ortho_loss` is μ = 0.1 times ours.
    #[test]
    fn tgp_s_hosc_loss_is_the_mixed_cut_without_its_first_order_term() {
        let g = crate::samples::find("karate")
            .expect("karate")
            .load()
            .expect("loads");
        let g = g.first_graph().expect("a graph").clone();
        let n = g.node_count();
        let s = Array2::from_shape_fn((n, 3), |(i, k)| {
            let raw = ((i * 7 + k * 13) % 11) as f32 + 1.0;
            raw * if k == i % 3 { 4.0 } else { 1.0 }
        });
        let s = &s / &s.sum_axis(ndarray::Axis(1)).insert_axis(ndarray::Axis(1));
        let all: std::collections::HashMap<&str, f64> =
            all_losses(&g.symmetric(), &s).into_iter().collect();
        let (mixed, first, tgp) = (all["hosc_mincut"], all["mincut_cut"], all["tgp_hosc_loss"]);
        assert!(
            (tgp - (mixed - 0.5 / 3.0 * first)).abs() < 1e-5,
            "{tgp} {mixed} {first}"
        );
        assert!(
            tgp < 0.0 && (mixed / tgp) > 1.7 && (mixed / tgp) < 2.3,
            "about half: {mixed} {tgp}"
        );
        assert!((all["tgp_hosc_ortho"] - 0.1 * all["hosc_ortho"]).abs() < 1e-9);
    }

    #[test]
    fn every_mapped_key_is_computed_or_says_why_not() {
        let a = Csr::from_triplets(3, &[(0, 1, 1.0), (1, 0, 1.0), (1, 2, 1.0), (2, 1, 1.0)]);
        let s = Array2::from_shape_vec((3, 2), vec![0.9, 0.1, 0.5, 0.5, 0.2, 0.8]).unwrap();
        let computed: Vec<&str> = all_losses(&a, &s).iter().map(|(k, _)| *k).collect();
        let names = [
            "spectral_loss",
            "cluster_loss",
            "mincut_loss",
            "cut_loss",
            "link_loss",
            "ent_loss",
            "entropy_loss",
            "total_variation_loss",
            "balance_loss",
            "quality",
            "ortho_loss",
            "hosc_loss",
            "kl",
            "K_prior",
        ];
        for logged in [&names[..], &["balance_loss"], &["hosc_loss", "ortho_loss"]] {
            let logged: &[&str] = logged;
            for n in logged {
                if let Some(k) = key_for(n, logged) {
                    assert!(
                        computed.contains(&k) != not_recomputed(k).is_some(),
                        "{n} -> {k}: computed, or said why not"
                    );
                }
            }
        }
    }
}
