//! The node table (View > Node table): every level-0 node's id, name, attributes and computed
//! measures, sorted by any column, searched, and linked to the selection: a click selects the
//! node, a double click finds it on every level, and the selection's rows are lit.
//!
//! Rows are painted, not laid out as widgets, and only the visible ones: a million-node table
//! scrolls as a ten-node one does. The order is kept until the sort, the search, the selection
//! or what is shown changes.

use crate::app::command::Command;
use crate::app::jobs::ExportKind;
use crate::app::selection::{Selection, members};
use crate::app::workspace::Workspace;
use crate::export::{NodeRows, RowParts, TableColumn};
use eframe::egui;
use std::sync::Arc;

/// The table's own state: search, sort and the rows they leave, in order.
#[derive(Default)]
pub struct NodeTable {
    pub open: bool,
    pub query: String,
    /// The column sorted by, and whether descending.
    pub sort: Option<(TableColumn, bool)>,
    /// Show only the selection's level-0 nodes.
    pub selection_only: bool,
    order: Option<(OrderKey, Arc<Vec<u32>>)>,
    /// The clusters and names of what is shown (by its id), made once.
    parts: Option<(u64, RowParts)>,
    /// The selection's level-0 nodes last frame, and the rows then in view: a selection made
    /// elsewhere (the canvas, Find) scrolls its first row into view.
    last_selected: Vec<usize>,
    visible: std::ops::Range<usize>,
}

/// What the row order was made from.
#[derive(Clone, PartialEq)]
struct OrderKey {
    shown: u64,
    sort: Option<(TableColumn, bool)>,
    query: String,
    measures: bool,
    selection: Option<Vec<usize>>,
}

fn width(c: TableColumn) -> f32 {
    match c {
        TableColumn::Id => 110.0,
        TableColumn::Name => 170.0,
        TableColumn::Label(_) => 120.0,
        TableColumn::Numeric(_) | TableColumn::Measure(_) => 96.0,
        TableColumn::Louvain | TableColumn::Cluster(_) => 80.0,
    }
}

impl NodeTable {
    /// The visible rows (node numbers) in order, made again only when their inputs change.
    fn order(&mut self, rows: &NodeRows, ws: &Workspace, selected: &[usize]) -> Arc<Vec<u32>> {
        let key = OrderKey {
            shown: ws.shown_id(),
            sort: self.sort,
            query: self.query.trim().to_lowercase(),
            measures: rows.measures().is_some(),
            selection: self.selection_only.then(|| selected.to_vec()),
        };
        if let Some((k, order)) = &self.order
            && *k == key
        {
            return order.clone();
        }
        let mut order: Vec<u32> = match &key.selection {
            Some(sel) => sel.iter().map(|&i| i as u32).collect(),
            None => (0..rows.len() as u32).collect(),
        };
        if !key.query.is_empty() {
            order = rows.matching(order, &key.query);
        }
        if let Some((c, descending)) = key.sort {
            rows.sorted(&mut order, c, descending);
        }
        let order = Arc::new(order);
        self.order = Some((key, order.clone()));
        order
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, selection: &Selection) -> Vec<Command> {
        let mut commands = Vec::new();
        let h = ws.hierarchy().map(|h| h.as_ref());
        let parts = match &self.parts {
            Some((id, p)) if *id == ws.shown_id() => p.clone(),
            _ => {
                let p = RowParts::of(&ws.graph, h);
                self.parts = Some((ws.shown_id(), p.clone()));
                p
            }
        };
        let rows = NodeRows::with(&ws.graph, parts);
        let selected = members(h, selection);
        let order = self.order(&rows, ws, &selected);
        let mut scroll_to = None;
        if selected != self.last_selected {
            if let Some(&first) = selected.first()
                && let Some(at) = order.iter().position(|&r| r as usize == first)
                && !self.visible.contains(&at)
            {
                scroll_to = Some(at);
            }
            self.last_selected = selected.clone();
        }
        ui.horizontal(|ui| {
            ui.strong("Node table");
            if ui
                .button("Export CSV…")
                .on_hover_text(
                    "Every node with its attributes, measures, Louvain community and clusters",
                )
                .clicked()
            {
                commands.push(Command::Export(ExportKind::NodeTableCsv, None));
            }
            if ui.button("Close").clicked() {
                commands.push(Command::NodeTable(false));
            }
            ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("search ids, names, labels")
                    .desired_width(200.0),
            );
            ui.checkbox(&mut self.selection_only, "selection only")
                .on_hover_text(
                    "Only the selected nodes (on level 0: the members of a selected cluster)",
                );
            ui.weak(format!("{} of {} rows", order.len(), rows.len()));
            match rows.measures() {
                None if ws.measures_pending() => {
                    ui.spinner();
                    ui.weak("computing PageRank, betweenness, k-core, clustering…");
                }
                None => {}
                Some(m) if m.betweenness_sources < rows.len() => {
                    ui.weak(format!(
                        "betweenness from {} of {} sources",
                        m.betweenness_sources,
                        rows.len()
                    ))
                    .on_hover_text("Estimated from a seeded sample of sources (networkx's k), scaled by n / k: exact search from every node would take minutes");
                }
                Some(_) => {}
            }
        });
        let columns = rows.columns();
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let total: f32 = columns.iter().map(|&c| width(c)).sum();
        egui::ScrollArea::horizontal().show(ui, |ui| {
            ui.vertical(|ui| {
                ui.set_min_width(total);
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 0.0;
                    for &c in &columns {
                        let name = rows.header(c);
                        let button = ui
                            .add_sized([width(c), row_h + 2.0], egui::Button::new(name).truncate());
                        // The sort's direction as a small triangle painted at the right (the
                        // bundled fonts carry no arrows).
                        if let Some((s, descending)) = self.sort
                            && s == c
                        {
                            let r = button.rect;
                            let (x, y, d) = (r.right() - 9.0, r.center().y, 4.0);
                            let points = if descending {
                                vec![
                                    egui::pos2(x - d, y - d / 2.0),
                                    egui::pos2(x + d, y - d / 2.0),
                                    egui::pos2(x, y + d / 2.0 + 1.0),
                                ]
                            } else {
                                vec![
                                    egui::pos2(x - d, y + d / 2.0),
                                    egui::pos2(x + d, y + d / 2.0),
                                    egui::pos2(x, y - d / 2.0 - 1.0),
                                ]
                            };
                            ui.painter().add(egui::Shape::convex_polygon(
                                points,
                                ui.visuals().strong_text_color(),
                                egui::Stroke::NONE,
                            ));
                        }
                        let button = match c {
                            TableColumn::Measure(m) => button.on_hover_text(m.help()),
                            TableColumn::Louvain => button.on_hover_text(
                                "Louvain's community (seed 0), the level titles' reference",
                            ),
                            TableColumn::Cluster(l) => {
                                button.on_hover_text(format!("The node's cluster on level {l}"))
                            }
                            _ => button.on_hover_text("Sort by this column (again: the other way)"),
                        };
                        if button.clicked() {
                            // Numbers sort largest first at the first click, text A to Z.
                            let first = !matches!(
                                c,
                                TableColumn::Id | TableColumn::Name | TableColumn::Label(_)
                            );
                            self.sort = match self.sort {
                                Some((s, d)) if s == c => Some((c, !d)),
                                _ => Some((c, first)),
                            };
                        }
                    }
                });
                let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
                if let Some(at) = scroll_to {
                    // `show_rows` spaces rows by their height and the item spacing.
                    area = area
                        .vertical_scroll_offset(at as f32 * (row_h + ui.spacing().item_spacing.y));
                }
                let visible = &mut self.visible;
                area.show_rows(ui, row_h, order.len(), |ui, range| {
                    *visible = range.clone();
                    let font = egui::TextStyle::Body.resolve(ui.style());
                    let visuals = ui.visuals().clone();
                    for k in range {
                        let node = order[k] as usize;
                        let (rect, response) =
                            ui.allocate_exact_size(egui::vec2(total, row_h), egui::Sense::click());
                        let id = ws.graph.nodes.ids[node].clone();
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::Button,
                                true,
                                format!("node {id}"),
                            )
                        });
                        let painter = ui.painter_at(rect);
                        if selected.binary_search(&node).is_ok() {
                            painter.rect_filled(rect, 0.0, visuals.selection.bg_fill);
                        } else if response.hovered() {
                            painter.rect_filled(rect, 0.0, visuals.widgets.hovered.weak_bg_fill);
                        } else if k % 2 == 1 {
                            painter.rect_filled(rect, 0.0, visuals.faint_bg_color);
                        }
                        let mut x = rect.left();
                        for &c in &columns {
                            let cell = egui::Rect::from_min_size(
                                egui::pos2(x, rect.top()),
                                egui::vec2(width(c) - 6.0, row_h),
                            );
                            let numeric = !matches!(
                                c,
                                TableColumn::Id | TableColumn::Name | TableColumn::Label(_)
                            );
                            let (pos, align) = if numeric {
                                (cell.right_center(), egui::Align2::RIGHT_CENTER)
                            } else {
                                (
                                    cell.left_center() + egui::vec2(4.0, 0.0),
                                    egui::Align2::LEFT_CENTER,
                                )
                            };
                            painter.with_clip_rect(cell).text(
                                pos,
                                align,
                                rows.text(c, node),
                                font.clone(),
                                visuals.text_color(),
                            );
                            x += width(c);
                        }
                        if response.double_clicked() {
                            commands.push(Command::Find(vec![node]));
                        } else if response.clicked() {
                            commands.push(Command::Select(Selection::single(0, node)));
                        }
                    }
                });
            });
        });
        commands
    }
}
