//! What the selected method does, in its own terms: what it selects, reduces and connects, its
//! losses as formulas beside their current values, and how it is known to fail.

use crate::pool::Method;
use eframe::egui;

pub struct MethodCard {
    pub select: &'static str,
    pub reduce: &'static str,
    pub connect: &'static str,
    /// (loss name as reported, formula)
    pub losses: &'static [(&'static str, &'static str)],
    pub failure: &'static str,
}

pub fn card(m: Method) -> MethodCard {
    match m {
        Method::DiffPool => MethodCard {
            select: "S = softmax(GNN(X, A)): every node spreads over K clusters.",
            reduce: "X' = S^T X",
            connect: "A' = S^T A S",
            losses: &[
                ("diffpool_link", "||A - S S^T||_F / N^2"),
                (
                    "diffpool_entropy",
                    "mean over nodes of -sum_k  S_ik log S_ik",
                ),
            ],
            failure: "Soft, near-uniform rows make every pooled feature the same. Clustering alone, PyG's link loss (divided by N^2) is too small beside the entropy and the assignment hardens into a few clusters, so poolscope trains on N^2 times it, as torch-geometric-pool does; the value shown is PyG's.",
        },
        Method::MinCut => MethodCard {
            select: "S = softmax(MLP(X) / temperature).",
            reduce: "X' = S^T X",
            connect: "A' = S^T A S, diagonal zeroed, then D'^(-1/2) A' D'^(-1/2)",
            losses: &[
                ("mincut_cut", "-Tr(S^T A S) / Tr(S^T D S)"),
                ("mincut_ortho", "||S^TS/||S^TS||_F - I/sqrt(K)||_F"),
            ],
            failure: "Collapse: one cluster takes everything and the cut loss reads a perfect -1; with one-hot features it happens on football and SBMs. The normalised A' draws a near-empty cluster's edges at full weight, so the canvases draw the raw S^TAS.",
        },
        Method::DMoN => MethodCard {
            select: "S = softmax(MLP(X)).",
            reduce: "X' = SELU(S^T X)",
            connect: "A' = S^T A S, diagonal zeroed, then D'^(-1/2) A' D'^(-1/2)",
            losses: &[
                (
                    "dmon_spectral",
                    "-Tr(S^T (A - d d^T/2m) S) / 2m  (minus the modularity)",
                ),
                ("dmon_cluster", "sqrt(K) ||sum_i  S_i||2 / N - 1"),
                (
                    "dmon_ortho",
                    "||S^TS/||S^TS||_F - I/sqrt(K)||_F  (shown, not trained on)",
                ),
            ],
            failure: "Without the cluster term it collapses like MinCut; with too strong a one it spreads nodes evenly whatever the graph says.",
        },
        Method::JustBalance => MethodCard {
            select: "S = softmax(MLP(X)).",
            reduce: "X' = S^T X",
            connect: "A' = S^T A S, diagonal zeroed, then D'^(-1/2) A' D'^(-1/2)",
            losses: &[(
                "just_balance",
                "-Tr(sqrt(S^T S)) / sqrt(N K)  (element-wise root: balance only)",
            )],
            failure: "No term looks at the edges: the clusters are only as good as the message passing's smoothing of the features. With features that do not vary along the graph it balances nodes into arbitrary groups.",
        },
        Method::AsymCheegerCut => MethodCard {
            select: "S = softmax(MLP(X)).",
            reduce: "X' = S^T X",
            connect: "A' = S^T A S, diagonal zeroed, then D'^(-1/2) A' D'^(-1/2)",
            losses: &[
                (
                    "acc_totvar",
                    "sum_ij a_ij ||S_i - S_j||_1 / 2E  (graph total variation: an l1 cut)",
                ),
                (
                    "acc_asym_norm",
                    "1 - sum_k ||S_:k - quant_(N/K)(S_:k)||_(1,K-1) / (N (K-1))  (balance)",
                ),
            ],
            failure: "The l1 cut rewards sharp, piecewise-constant assignments, so optimisation is slow and can settle on fewer clusters than K (torch-geometric-pool's own runs use 4 of 6 on a planted partition).",
        },
        Method::Hosc => MethodCard {
            select: "S = softmax(MLP(X)).",
            reduce: "X' = S^T X",
            connect: "A' = S^T A S, diagonal zeroed, then D'^(-1/2) A' D'^(-1/2)",
            losses: &[
                (
                    "hosc_mincut",
                    "((1-a) cut(A) + a cut(A^3)) / K, a = 1/2; cut(M) = -Tr(S^T M S)/Tr(S^T D_M S)",
                ),
                (
                    "hosc_ortho",
                    "||S^TS/||S^TS||_F - I/sqrt(K)||_F, trained at weight 0.3 (tgp: 0.1)",
                ),
            ],
            failure: "Collapse, as MinCut: one cluster reads a perfect cut. With torch-geometric-pool's orthogonality weight of 0.1 it collapses on a planted partition, so poolscope uses 0.3. The motif term costs three sparse products per step.",
        },
        Method::BnPool => MethodCard {
            select: "Stick-breaking: a linear layer gives each node K-1 Beta posteriors (alpha, beta = softplus, clamped to [1e-3, 1e3]); v = alpha/(alpha+beta) (tgp samples it), s_ik = v_ik prod_(j<k) (1 - v_ij), the last cluster the rest. K is a ceiling: BN-Pool learns how many clusters to use.",
            reduce: "X' = S^T X",
            connect: "A' = S^T A S, diagonal zeroed, then D'^(-1/2) A' D'^(-1/2)",
            losses: &[
                (
                    "bnpool_rec",
                    "balanced BCE(S Kc S^T, A) / N^2: edges weigh (N^2 - nnz)/nnz; Kc is a learned K x K",
                ),
                (
                    "bnpool_kl",
                    "sum_ik KL(Beta(alpha_ik, beta_ik) || Beta(1, alpha_DP = 1)) / N^2  (Dirichlet-process prior)",
                ),
                (
                    "bnpool_k_prior",
                    "1/2 sum (Kc - mu)^2 / sigma^2 / N^2, mu = +10 on the diagonal, -10 off",
                ),
            ],
            failure: "The prior favours few clusters: on a planted partition torch-geometric-pool's runs use 4 of 6 clusters, merging communities. The reconstruction costs N^2 K per step (poolscope refuses graphs above 20,000 nodes); its value depends on Kc, so `losses` on a file, which has no Kc, uses tgp's initial one.",
        },
        Method::LaPool => MethodCard {
            select: "Leaders: nodes whose ||(L X)_i|| (how much the signal changes there) is at least every neighbour's. Every other node joins the leaders softly, by the softmax of its cosine similarity to them; a leader keeps itself. K is the number of leaders: LaPool picks it.",
            reduce: "X' = S^T X",
            connect: "A' = S^T A S, diagonal zeroed, then D'^(-1/2) A' D'^(-1/2)",
            losses: &[],
            failure: "No loss of its own: clustering alone it pools the untrained features once; it learns through the node or graph task only. The leader count follows the features, so it can be far from the communities' number and change as training goes.",
        },
        Method::MemPool => MethodCard {
            select: "K learned memory keys; q_ij = 1 / (1 + ||x_i - k_j||^2) (a Student-t kernel), normalised over the keys; S = softmax(w q) with a learned scale w (PyG's one-head MemPooling).",
            reduce: "X' = S^T X",
            connect: "PyG's MemPooling has none; poolscope pools on with A' = S^T A S",
            losses: &[(
                "mempool_kl",
                "KL(P || S), P_ij = (S_ij^2 / sum_n S_nj) normalised per row: a sharpened copy of S",
            )],
            failure: "Blind to the edges: keys cluster the embeddings, so communities show only as far as the message passing made their members alike. The KL target sharpens whatever S already prefers, so a poor start stays poor: poolscope starts the keys at k-means centres of the embeddings and the head scale positive (PyG's uniform keys leave clusters empty; a negative scale inverts the preferences).",
        },
        Method::Nmf => MethodCard {
            select: "Factorise A = W H with W, H >= 0 and K components (multiplicative updates); S = softmax(H^T) by rows. Not learned.",
            reduce: "X' = S^T X",
            connect: "A' = S^T A S, diagonal zeroed, then D'^(-1/2) A' D'^(-1/2)",
            losses: &[],
            failure: "H's entries are small, so the softmax rows are nearly uniform: the clusters live in the argmax and the pooled graph is close to complete. A non-convex factorisation: another seed can give other clusters.",
        },
        Method::EigenPool => MethodCard {
            select: "Spectral clustering: k-means on the rows of the K smoothest non-trivial eigenvectors of the normalised Laplacian (unit rows, 10 restarts). Not learned.",
            reduce: "X' = [T_0^T X, ..., T_4^T X]: each cluster's own Laplacian eigenvectors (5 modes, smoothest first) project its members' features, so a supernode carries its cluster's signal at 5 graph frequencies",
            connect: "A' = S^T A_ext S, A_ext the edges between clusters only",
            losses: &[],
            failure: "Spectral clustering needs the K smallest eigenvalues to stand apart: on graphs without clear communities, or with K far from their number, k-means splits a smooth embedding arbitrarily. Features grow five-fold per level.",
        },
        Method::Kmis => MethodCard {
            select: "A maximal independent set, greedily by score (degree / (1 + neighbours) by default): each member is a supernode and every other node joins its best-ranked neighbour in the set. Rounds repeat until K remain; a round that would go below K keeps its best-ranked absorbed nodes as clusters of their own. Not learned.",
            reduce: "X' = mean of the members' features",
            connect: "A' = S^T A S",
            losses: &[],
            failure: "Not learned and blind to features: clusters are stars around well-connected nodes, and each round divides the graph by about its average degree, so the last round leaves some nodes alone to meet K and the cluster sizes are very uneven.",
        },
        Method::Ndp => MethodCard {
            select: "The eigenvector of L_sym = I - D^(-1/2) A D^(-1/2) with the largest eigenvalue splits the nodes by sign; the non-negative side is kept (a random split when that one cuts less than half the volume). Rounds halve the graph until at most K remain. Not learned.",
            reduce: "X' = X[kept]",
            connect: "Kron reduction: L' = L_kk - L_kd L_dd^(-1) L_dk, A' = -L' without its diagonal and entries below 0.01",
            losses: &[],
            failure: "Blind to features and communities: the split follows the most oscillating signal, which on a community graph runs through every community, so pooled nodes stand for regions, not clusters. The dense solve limits it to a few thousand nodes; dropped nodes belong to no supernode.",
        },
        Method::Sep => MethodCard {
            select: "One coding tree for the whole hierarchy: the tree of least structural entropy H_T = -sum_a (g_a / V) log2(V_a / V_parent(a)) (g: weight leaving a, V: volume), its depth-1 nodes the level-1 clusters, depth 2 the level-2 ones. Built bottom-up: adjacent groups merge while a merge lowers H_T. Not learned; the counts are SEP's (only the number of levels is asked for).",
            reduce: "X' = the members' mean",
            connect: "A' = S^T A S (edges between clusters summed)",
            losses: &[],
            failure: "Blind to features. Greedy merging stops at a local minimum of the entropy, and the entropy's own scale decides the count: it can give more, smaller clusters than the communities (or merge weakly linked ones) and K cannot steer it. torch-geometric-pool builds its tree another way (combine, compress, leaf-up/root-down): both are greedy, so their partitions differ.",
        },
        Method::TopK => MethodCard {
            select: "y = tanh(X p / ||p||); keep the ceil(ratio N) highest scores.",
            reduce: "X' = X[idx] * y[idx]",
            connect: "A' = A[idx, idx]",
            losses: &[],
            failure: "Kept nodes can all come from one region, and dropped nodes vanish with their edges: the pooled graph may fall apart.",
        },
        Method::SagPool => MethodCard {
            select: "y = tanh(GCN_1(X, A)): a one-channel GCN scores each node; keep the best ceil(ratio N).",
            reduce: "X' = X[idx] * y[idx]",
            connect: "A' = A[idx, idx]",
            losses: &[],
            failure: "As TopK: local selections and disconnected pooled graphs; the score sees the neighbourhood, so whole hubs' regions win.",
        },
        Method::AsaPool => MethodCard {
            select: "Each node heads a cluster of its neighbourhood (self-loops added): Master2Token attention, m_i = W max_j x_j, alpha_ij = softmax_j LeakyReLU(a . [m_i || x_j]), x^_i = sum_j alpha_ij x_j. A one-channel LEConv on x^ scores the clusters' fitness; the ceil(ratio N) best by sigmoid(score) are kept.",
            reduce: "X' = X^[idx] * sigmoid(score[idx])",
            connect: "A' = A[idx, idx] (torch-geometric-pool's; the paper and PyG connect the clusters through their members, S^T A S)",
            losses: &[],
            failure: "No loss of its own: clustering alone it keeps the clusters its untrained scores like; it learns through a node or graph task. Neighbouring clusters overlap, so the kept nodes' clusters cover some nodes twice and others not at all, and the kept induced graph can fall apart.",
        },
        Method::PanPool => MethodCard {
            select: "score = tanh(b0 X p + b1 colsum(M)), M = D^(-1/2) (I + A + A^2) D^(-1/2): features plus how many short paths reach the node; keep the K best.",
            reduce: "X' = X[kept] * score[kept]",
            connect: "A' = A[kept, kept]",
            losses: &[],
            failure: "As TopK: kept nodes crowd the best-connected region and the pooled graph can fall apart; no loss of its own, so clustering alone it keeps hubs. poolscope fixes PANConv's path weights to 1 where PAN learns them.",
        },
        Method::MaxCut => MethodCard {
            select: "z = tanh(H p); the K best-scored nodes become supernodes and every other node joins the nearest (by hops; ties to the better score).",
            reduce: "X' = mean of each cluster's embeddings, times its supernode's score",
            connect: "A' = S^T A S",
            losses: &[(
                "maxcut",
                "z^T A z / sum_ij a_ij  (smallest when neighbours' scores have opposite signs)",
            )],
            failure: "The cut only spreads the supernodes out: clusters are regions around them, not communities. poolscope scores with one linear layer where torch-geometric-pool stacks twelve delta-GCN layers, so its scores are less smooth.",
        },
        Method::EdgePool => MethodCard {
            select: "Each edge i->j scores softmax_j(w [x_i || x_j] + b) + 1/2; edges are contracted greedily, best first, each node at most once per round; rounds repeat until at most K remain.",
            reduce: "X' = (sum of the merged nodes' features) x the contracted edge's score",
            connect: "A' = S^T A S",
            losses: &[],
            failure: "No loss of its own: clustering alone it contracts by the untrained scores, which is close to a random matching; it learns through a task only. Each round at most halves the graph.",
        },
        Method::Graclus => MethodCard {
            select: "Greedy heavy-edge matching: each unmatched node joins its unmatched neighbour with the heaviest w(1/d_i + 1/d_j); repeated to reach K.",
            reduce: "X' = mean of the members' features",
            connect: "A' = S^T A S",
            losses: &[],
            failure: "Not learned: clusters follow edge weights only, and each round at most halves the graph, so K is reached only approximately.",
        },
    }
}

/// The card, with the latest value of each loss from `latest` (name, value). Every line wraps
/// to the width it is given, so the card never pushes a panel wider.
pub fn teaching_ui(ui: &mut egui::Ui, m: Method, latest: &[(String, f64)]) {
    let c = card(m);
    let wrapped = |ui: &mut egui::Ui, text: String| {
        ui.add(egui::Label::new(text).wrap());
    };
    for (k, v) in [
        ("Select", c.select),
        ("Reduce", c.reduce),
        ("Connect", c.connect),
    ] {
        ui.label(egui::RichText::new(k).strong());
        wrapped(ui, v.to_string());
        ui.add_space(4.0);
    }
    if !c.losses.is_empty() {
        ui.label(egui::RichText::new("Losses, with their latest values").strong());
    }
    for (name, formula) in c.losses {
        let value = latest
            .iter()
            .find(|(n, _)| n == name)
            .map_or("–".to_string(), |(_, v)| format!("{v:.4}"));
        wrapped(ui, format!("{name}: {formula} = {value}"));
    }
    ui.add_space(4.0);
    ui.label(egui::RichText::new("Known failure").strong());
    wrapped(ui, c.failure.to_string());
}

/// The card in a window of its own: resizable, its text wrapping, so opening it never changes
/// how the side panels and the canvases share the width.
pub fn card_window(ctx: &egui::Context, open: &mut bool, m: Method, latest: &[(String, f64)]) {
    egui::Window::new(format!("{m}: select, reduce, connect"))
        // One window whatever the method, so switching methods keeps its place and size.
        .id(egui::Id::unique("teaching_card"))
        .open(open)
        .resizable(true)
        .default_width(440.0)
        .default_pos(ctx.content_rect().center() - egui::vec2(220.0, 200.0))
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| teaching_ui(ui, m, latest));
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_has_a_card_whose_losses_match_the_reported_names() {
        for m in Method::ALL {
            let c = card(m);
            assert!(!c.select.is_empty() && !c.failure.is_empty());
            assert_eq!(!c.losses.is_empty(), m.learns_unsupervised(), "{m}");
        }
        let names: Vec<&str> = card(Method::DMoN).losses.iter().map(|l| l.0).collect();
        assert_eq!(names, vec!["dmon_spectral", "dmon_cluster", "dmon_ortho"]);
    }
}
