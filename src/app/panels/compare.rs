//! Keep a run as the reference, then see how the current one agrees with it per level: the
//! NMI of their partitions and the nodes that switched cluster.

use crate::app::command::Command;
use crate::app::selection::Selection;
use crate::app::workspace::Workspace;
use eframe::egui;
use std::sync::Arc;

/// Keep a run as the reference, then see how the current one agrees with it per level.
pub fn compare_ui(ws: &Workspace, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ws.hierarchy().is_some()
            && ui
                .button("Keep as reference")
                .on_hover_text("Compare later runs with this one")
                .clicked()
        {
            commands.push(Command::KeepReference);
        }
        if ws.reference.is_some()
            && ws.hierarchy().is_some()
            && ui.button("Swap with reference").clicked()
        {
            commands.push(Command::SwapReference);
        }
    });
    let (Some((label, reference)), Some(current)) = (&ws.reference, ws.hierarchy()) else {
        return;
    };
    if Arc::ptr_eq(reference, current) {
        ui.label(format!(
            "Reference: {label} (train another configuration to compare)"
        ));
        return;
    }
    ui.label(format!("Against the reference ({label}):"));
    for a in crate::hierarchy::compare(reference, current) {
        ui.horizontal(|ui| {
            ui.label(format!(
                "level 0 into {}: NMI {:.3}, {} node(s) switched",
                a.level,
                a.nmi,
                a.switched.len()
            ));
            if !a.switched.is_empty() && ui.small_button("select them").clicked() {
                commands.push(Command::Select(Selection {
                    level: 0,
                    nodes: a.switched.clone(),
                }));
            }
        });
    }
}
