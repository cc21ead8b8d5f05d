//! Every op of the tape against central finite differences (relative error at most 1e-3).

use poolscope::autodiff::gradcheck::{max_relative_error, random};
use poolscope::autodiff::{Mat, Sparse, Tape, Var};
use poolscope::graph::Csr;
use std::sync::Arc;

const TOL: f64 = 1e-3;

fn check(name: &str, inputs: &[Mat], f: &dyn Fn(&mut Tape, &[Var]) -> Var) {
    let e = max_relative_error(inputs, f);
    assert!(e <= TOL, "{name}: relative error {e:.2e}");
}

#[test]
fn linear_algebra() {
    let a = random(3, 4, -1.0, 1.0, 1);
    let b = random(4, 2, -1.0, 1.0, 2);
    check("matmul", &[a.clone(), b], &|t, v| t.matmul(v[0], v[1]));
    check("transpose", std::slice::from_ref(&a), &|t, v| {
        t.transpose(v[0])
    });
    let sq = random(4, 4, -1.0, 1.0, 3);
    check("trace", &[sq], &|t, v| t.trace(v[0]));
    check("frobenius", std::slice::from_ref(&a), &|t, v| {
        t.frob_norm(v[0])
    });
    let csr = Csr::from_triplets(
        3,
        &[
            (0, 1, 1.0),
            (1, 0, 1.0),
            (1, 2, 2.0),
            (2, 1, 2.0),
            (2, 2, 0.5),
        ],
    );
    let s = Sparse::new(csr);
    check("spmm symmetric", &[random(3, 2, -1.0, 1.0, 4)], &|t, v| {
        t.spmm(&s, v[0])
    });
    let directed = Sparse::new(Csr::from_triplets(3, &[(0, 1, 1.0), (2, 0, 3.0)]));
    check("spmm directed", &[random(3, 2, -1.0, 1.0, 5)], &|t, v| {
        t.spmm(&directed, v[0])
    });
}

#[test]
fn broadcasting_arithmetic() {
    let m = random(3, 4, -1.0, 1.0, 6);
    let row = random(1, 4, 0.5, 1.5, 7);
    let col = random(3, 1, 0.5, 1.5, 8);
    let one = random(1, 1, 0.5, 1.5, 9);
    let pos = random(3, 4, 0.5, 1.5, 10);
    for (name, other) in [
        ("same", pos.clone()),
        ("row", row),
        ("column", col),
        ("scalar", one),
    ] {
        check(
            &format!("add {name}"),
            &[m.clone(), other.clone()],
            &|t, v| t.add(v[0], v[1]),
        );
        check(
            &format!("sub {name}"),
            &[m.clone(), other.clone()],
            &|t, v| t.sub(v[0], v[1]),
        );
        check(
            &format!("mul {name}"),
            &[m.clone(), other.clone()],
            &|t, v| t.mul(v[0], v[1]),
        );
        check(
            &format!("div {name}"),
            &[m.clone(), other.clone()],
            &|t, v| t.div(v[0], v[1]),
        );
        check(
            &format!("reversed add {name}"),
            &[other.clone(), m.clone()],
            &|t, v| t.add(v[0], v[1]),
        );
    }
    let c = Arc::new(random(1, 4, -2.0, 2.0, 11));
    check("mul_const", std::slice::from_ref(&m), &|t, v| {
        t.mul_const(v[0], c.clone())
    });
    check("scale", std::slice::from_ref(&m), &|t, v| {
        t.scale(v[0], -2.5)
    });
    check("add_scalar", &[m], &|t, v| t.add_scalar(v[0], 3.0));
}

#[test]
fn element_wise_functions() {
    // Keep clear of relu's kink so the difference quotient is exact.
    let x = random(3, 3, -1.0, 1.0, 12).mapv(|v| if v.abs() < 0.05 { v + 0.1 } else { v });
    let pos = random(3, 3, 0.3, 2.0, 13);
    check("relu", std::slice::from_ref(&x), &|t, v| t.relu(v[0]));
    check("selu", std::slice::from_ref(&x), &|t, v| t.selu(v[0]));
    check("tanh", std::slice::from_ref(&x), &|t, v| t.tanh(v[0]));
    check("sigmoid", std::slice::from_ref(&x), &|t, v| t.sigmoid(v[0]));
    check("exp", std::slice::from_ref(&x), &|t, v| t.exp(v[0]));
    check("log", std::slice::from_ref(&pos), &|t, v| t.log(v[0]));
    check("sqrt", &[pos], &|t, v| t.sqrt(v[0]));
}

#[test]
fn softmax_and_reductions() {
    let x = random(4, 3, -2.0, 2.0, 14);
    check("softmax rows", std::slice::from_ref(&x), &|t, v| {
        t.softmax_rows(v[0])
    });
    check("log-softmax rows", std::slice::from_ref(&x), &|t, v| {
        t.log_softmax_rows(v[0])
    });
    check("sum", std::slice::from_ref(&x), &|t, v| t.sum(v[0]));
    check("mean", std::slice::from_ref(&x), &|t, v| t.mean(v[0]));
    check("sum rows", std::slice::from_ref(&x), &|t, v| {
        t.sum_rows(v[0])
    });
    check("sum cols", std::slice::from_ref(&x), &|t, v| {
        t.sum_cols(v[0])
    });
    check("mean rows", std::slice::from_ref(&x), &|t, v| {
        t.mean_rows(v[0])
    });
    check("max rows", std::slice::from_ref(&x), &|t, v| {
        t.max_rows(v[0])
    });
}

#[test]
fn indexing() {
    let x = random(5, 3, -1.0, 1.0, 15);
    let idx = Arc::new(vec![4, 0, 4, 2]);
    check("gather rows", std::slice::from_ref(&x), &|t, v| {
        t.gather_rows(v[0], idx.clone())
    });
    let y = random(5, 2, -1.0, 1.0, 16);
    check("concat cols", &[x, y], &|t, v| t.concat_cols(v[0], v[1]));
}

#[test]
fn composed_pooling_expression() {
    // −Tr(SᵀAS)/Tr(SᵀDS) with S = softmax(logits): the MinCut cut loss end to end.
    let csr = Csr::from_triplets(
        4,
        &[
            (0, 1, 1.0),
            (1, 0, 1.0),
            (1, 2, 1.0),
            (2, 1, 1.0),
            (2, 3, 2.0),
            (3, 2, 2.0),
        ],
    );
    let degree: Vec<f32> = (0..4).map(|i| csr.weighted_degree(i)).collect();
    let a = Sparse::new(csr);
    let d = Arc::new(Mat::from_shape_vec((4, 1), degree).expect("shape"));
    check("mincut cut", &[random(4, 2, -1.0, 1.0, 17)], &|t, v| {
        let s = t.softmax_rows(v[0]);
        let as_ = t.spmm(&a, s);
        let st = t.transpose(s);
        let sas = t.matmul(st, as_);
        let num = t.trace(sas);
        let s2 = t.mul(s, s);
        let ds = t.mul_const(s2, d.clone());
        let den = t.sum(ds);
        let r = t.div(num, den);
        t.scale(r, -1.0)
    });
}

#[test]
fn torch_geometric_pool_losses_end_to_end() {
    // Each new loss through S = softmax(logits), on a small weighted graph. The asymmetric
    // norm's quantile is picked from the values (as torch's sort), so finite differences small
    // enough not to reorder a column agree with the tape.
    use poolscope::pool::{Adjacency, losses};
    let csr = Csr::from_triplets(
        5,
        &[
            (0, 1, 1.0),
            (1, 0, 1.0),
            (1, 2, 0.5),
            (2, 1, 0.5),
            (2, 3, 2.0),
            (3, 2, 2.0),
            (3, 4, 1.0),
            (4, 3, 1.0),
        ],
    );
    let adj = Adjacency::sparse(csr);
    let logits = random(5, 3, -1.0, 1.0, 21);
    check("just balance", std::slice::from_ref(&logits), &|t, v| {
        let s = t.softmax_rows(v[0]);
        losses::just_balance(t, s)
    });
    check("total variation", std::slice::from_ref(&logits), &|t, v| {
        let s = t.softmax_rows(v[0]);
        losses::acc_totvar(t, &adj, s)
    });
    check("asymmetric norm", std::slice::from_ref(&logits), &|t, v| {
        let s = t.softmax_rows(v[0]);
        losses::acc_asym_norm(t, s)
    });
    check("hosc mincut", std::slice::from_ref(&logits), &|t, v| {
        let s = t.softmax_rows(v[0]);
        losses::hosc_mincut(t, &adj, s)
    });
    check("mempool kl", std::slice::from_ref(&logits), &|t, v| {
        let s = t.softmax_rows(v[0]);
        poolscope::pool::mempool::mempool_kl(t, s)
    });
    // MemPool's assignment from embeddings, keys and its head scale.
    check(
        "mempool assignment",
        &[
            random(5, 4, -1.0, 1.0, 22),
            random(3, 4, -1.0, 1.0, 23),
            random(1, 1, 0.5, 2.0, 24),
        ],
        &|t, v| {
            let s = poolscope::pool::mempool::assignment(t, v[0], v[1], v[2]);
            let w = t.constant(random(5, 3, -1.0, 1.0, 25));
            let p = t.mul(s, w);
            t.sum(p)
        },
    );
    check("maxcut", &[random(5, 1, -1.0, 1.0, 26)], &|t, v| {
        let z = t.tanh(v[0]);
        poolscope::pool::maxcut::maxcut_loss(t, &adj, z)
    });
    check("dmon ortho", &[logits], &|t, v| {
        let s = t.softmax_rows(v[0]);
        losses::mincut_ortho(t, s)
    });
}

#[test]
fn bnpool_ops_and_losses() {
    use poolscope::autodiff::link::LinkTargets;
    use poolscope::pool::{Adjacency, bnpool};
    let x = random(3, 4, -3.0, 3.0, 31);
    check("softplus", std::slice::from_ref(&x), &|t, v| {
        t.softplus_clamped(v[0], 1e-3, 1e3)
    });
    check(
        "beta kl",
        &[random(3, 2, 0.3, 4.0, 32), random(3, 2, 0.3, 4.0, 33)],
        &|t, v| t.beta_kl(v[0], v[1], 1.0, 2.5),
    );
    // A directed adjacency, so the op's Aᵀ pass is exercised too.
    let a = Csr::from_triplets(
        4,
        &[
            (0, 1, 1.0),
            (1, 2, 1.0),
            (2, 1, 1.0),
            (2, 3, 2.0),
            (3, 0, 1.0),
        ],
    );
    let targets = Arc::new(LinkTargets::new(Arc::new(a.clone())));
    check(
        "link bce",
        &[random(4, 3, 0.0, 1.0, 34), random(3, 3, -1.0, 1.0, 35)],
        &|t, v| t.link_bce(v[0], v[1], targets.clone()),
    );
    check("stick breaking", &[random(5, 6, -2.0, 2.0, 36)], &|t, v| {
        let (s, _, _) = bnpool::assignment(t, v[0]);
        let w = t.constant(random(5, 4, -1.0, 1.0, 37));
        let p = t.mul(s, w);
        t.sum(p)
    });
    let sym = Csr::from_triplets(
        5,
        &[
            (0, 1, 1.0),
            (1, 0, 1.0),
            (1, 2, 1.0),
            (2, 1, 1.0),
            (3, 4, 1.0),
            (4, 3, 1.0),
        ],
    );
    let adj = Adjacency::sparse(sym);
    check(
        "bnpool losses",
        &[random(5, 4, -2.0, 2.0, 38), random(3, 3, -1.0, 1.0, 39)],
        &|t, v| {
            let h = t.constant(random(5, 2, -1.0, 1.0, 40));
            let p = bnpool::pool(t, &adj, h, v[0], v[1], bnpool::Prior::default());
            let mut total = p.losses[0].1;
            for (_, l) in &p.losses[1..] {
                total = t.add(total, *l);
            }
            total
        },
    );
}

#[test]
fn asapool_ops_and_scores() {
    use poolscope::pool::{Adjacency, asapool};
    let a = Csr::from_triplets(
        4,
        &[
            (0, 1, 1.0),
            (1, 0, 1.0),
            (1, 2, 1.0),
            (2, 1, 1.0),
            (2, 3, 0.5),
            (3, 2, 0.5),
            (3, 3, 1.0),
        ],
    );
    // Distinct values, so no neighbourhood's maximum is tied.
    let x = Mat::from_shape_fn((4, 3), |(i, j)| ((i * 3 + j) as f32 * 0.37).sin());
    check("neighbour max", std::slice::from_ref(&x), &|t, v| {
        t.neighbour_max(v[0], &a)
    });
    let adj = Adjacency::sparse(a.clone());
    let shapes = [
        (3, 3),
        (1, 3),
        (6, 1),
        (1, 1),
        (3, 1),
        (1, 1),
        (3, 1),
        (3, 1),
        (1, 1),
    ];
    let mut inputs = vec![x];
    for (k, &(r, c)) in shapes.iter().enumerate() {
        inputs.push(random(r, c, -1.0, 1.0, 50 + k as u64));
    }
    check("asapool clusters and fitness", &inputs, &|t, v| {
        let w = asapool::Weights {
            lin: (v[1], v[2]),
            att: (v[3], v[4]),
            le1: (v[5], v[6]),
            le2: v[7],
            le3: (v[8], v[9]),
        };
        let (xhat, phi) = asapool::clusters(t, &adj, v[0], &w);
        let r = t.constant(random(4, 3, -1.0, 1.0, 60));
        let p = t.mul(xhat, r);
        let s = t.sum(p);
        let q = t.sum(phi);
        t.add(s, q)
    });
}

#[test]
fn edgepool_scores_and_pooled_features() {
    use poolscope::pool::{Adjacency, edgepool};
    // Two triangles joined by an edge, weighted so no two edge scores tie: the greedy
    // contraction, a discrete choice, stays the same under the finite differences.
    let a = Csr::from_triplets(
        6,
        &[
            (0, 1, 1.0),
            (1, 0, 1.0),
            (1, 2, 1.0),
            (2, 1, 1.0),
            (0, 2, 1.0),
            (2, 0, 1.0),
            (2, 3, 1.0),
            (3, 2, 1.0),
            (3, 4, 1.0),
            (4, 3, 1.0),
            (4, 5, 1.0),
            (5, 4, 1.0),
            (3, 5, 1.0),
            (5, 3, 1.0),
        ],
    );
    let adj = Adjacency::sparse(a);
    let h = Mat::from_shape_fn((6, 2), |(i, j)| ((i * 2 + j) as f32 * 0.61).sin());
    let w = random(4, 1, -1.0, 1.0, 70);
    let b = random(1, 1, -1.0, 1.0, 71);
    // Two rounds down to at most 2 clusters: the second round scores the pooled features.
    let k = {
        let mut t = Tape::new();
        let v: Vec<Var> = [&h, &w, &b]
            .iter()
            .map(|m| t.constant((*m).clone()))
            .collect();
        let p = edgepool::pool(&mut t, &adj, v[0], v[1], v[2], 2);
        t.shape(p.x).0
    };
    assert!((1..=3).contains(&k), "{k} clusters");
    let r = random(k, 2, -1.0, 1.0, 72);
    check("edgepool pooled features", &[h, w, b], &|t, v| {
        let p = edgepool::pool(t, &adj, v[0], v[1], v[2], 2);
        let r = t.constant(r.clone());
        let y = t.mul(p.x, r);
        t.sum(y)
    });
}

#[test]
fn clusterpool_scores_and_pooled_features() {
    use poolscope::pool::{Adjacency, clusterpool};
    // Two 4-cliques joined by 3–4 and a pendant 8 on 7. The raw score of edge i → j is
    // (j − i)/8 − 0.19 ± 0.03: at least 0.03 from the threshold 0, so no contraction flips
    // under the finite differences (they move a score by at most 0.01).
    let mut e = Vec::new();
    for (lo, hi) in [(0u32, 4u32), (4, 8)] {
        for a in lo..hi {
            for b in a + 1..hi {
                e.extend([(a, b, 1.0), (b, a, 1.0)]);
            }
        }
    }
    e.extend([(3, 4, 1.0), (4, 3, 1.0), (7, 8, 1.0), (8, 7, 1.0)]);
    let adj = Adjacency::sparse(Csr::from_triplets(9, &e));
    let h = Mat::from_shape_fn((9, 3), |(i, c)| match c {
        0 => 1.0,
        1 => i as f32 / 8.0,
        _ => (i as f32 * 0.7).sin() * 0.5,
    });
    let w = Mat::from_shape_vec((6, 1), vec![0.0, -1.0, 0.02, 0.0, 1.0, -0.01]).expect("shape");
    let b = Mat::from_elem((1, 1), -0.19);
    for activation in ["tanh", "sigmoid", "log_softmax"] {
        let k = {
            let mut t = Tape::new();
            let v: Vec<Var> = [&h, &w, &b]
                .iter()
                .map(|m| t.constant((*m).clone()))
                .collect();
            let p = clusterpool::pool(&mut t, &adj, v[0], v[1], v[2], activation);
            t.shape(p.x).0
        };
        // The cliques contract (3 clusters) but under the log-softmax, where nothing does.
        assert_eq!(
            k,
            if activation == "log_softmax" { 9 } else { 3 },
            "{activation}"
        );
        check(
            &format!("clusterpool pooled features ({activation})"),
            &[h.clone(), w.clone()],
            &|t, v| {
                let b = t.constant(b.clone());
                clusterpool::pool(t, &adj, v[0], v[1], b, activation).x
            },
        );
        // A bias shifts every raw score alike, so the log-softmax is blind to it: its exact
        // gradient is 0 there and the differences measure only f32 rounding.
        if activation != "log_softmax" {
            check(
                &format!("clusterpool bias ({activation})"),
                std::slice::from_ref(&b),
                &|t, v| {
                    let h = t.constant(h.clone());
                    let w = t.constant(w.clone());
                    clusterpool::pool(t, &adj, h, w, v[0], activation).x
                },
            );
        }
    }
}
