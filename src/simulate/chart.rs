//! The comparison chart of a batch as SVG: victory levels per variant set (stacked bars) and
//! the turn Kalbajar fell (grouped bars per turn, one per variant set).
//!
//! Text is written as SVG `<text>` elements, so no font is needed to draw it.

use super::{SetResult, fell_counts, percent, result_rows};
use kalbajar_core::rules::chronicle::turn_label;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 900;
/// Width of the legend column on the right of each panel.
const LEGEND: u32 = 230;

/// Colours of the victory levels, from the strongest Armenian result to the strongest
/// Azerbaijani one (blue shades, grey for a draw, orange shades).
fn level_colour(row: &str, index: usize, rows: usize) -> RGBColor {
    const BLUE: [RGBColor; 4] = [
        RGBColor(8, 48, 107),
        RGBColor(33, 113, 181),
        RGBColor(107, 174, 214),
        RGBColor(198, 219, 239),
    ];
    const ORANGE: [RGBColor; 4] = [
        RGBColor(127, 39, 4),
        RGBColor(217, 72, 1),
        RGBColor(253, 141, 60),
        RGBColor(253, 208, 162),
    ];
    if row == "draw" {
        RGBColor(170, 170, 170)
    } else if row.starts_with("Armenian") {
        BLUE[index.min(3)]
    } else if row.starts_with("Azerbaijani") {
        ORANGE[(rows.saturating_sub(1).saturating_sub(index)).min(3)]
    } else {
        RGBColor(60, 60, 60)
    }
}

/// A colour per variant set.
fn set_colour(i: usize) -> RGBColor {
    const SETS: [RGBColor; 6] = [
        RGBColor(31, 119, 180),
        RGBColor(255, 127, 14),
        RGBColor(44, 160, 44),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
        RGBColor(227, 119, 194),
    ];
    SETS[i % SETS.len()]
}

/// Names for the bars: the set labels, with "(2)", "(3)" after repeats.
fn display_labels(results: &[SetResult]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in results {
        let label = r.set.label();
        let seen = out
            .iter()
            .filter(|l| **l == label || l.starts_with(&format!("{label} (")))
            .count();
        out.push(if seen == 0 {
            label
        } else {
            format!("{label} ({})", seen + 1)
        });
    }
    out
}

/// Draws the comparison chart and returns the SVG text.
///
/// # Errors
/// A drawing error from plotters (none is expected when drawing to memory).
pub fn compare_svg(results: &[SetResult]) -> Result<String, String> {
    let mut svg = String::new();
    draw(results, &mut svg).map_err(|e| format!("cannot draw the chart: {e}"))?;
    Ok(svg)
}

fn draw(results: &[SetResult], svg: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let labels = display_labels(results);
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let (upper, lower) = root.split_vertically(HEIGHT / 2);
    draw_levels(results, &labels, &upper)?;
    draw_fall(results, &labels, &lower)?;
    root.present()?;
    Ok(())
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn label_style(size: u32, h: HPos, v: VPos) -> TextStyle<'static> {
    ("sans-serif", size)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(h, v))
}

/// A point of the whole picture in the pixels of `area`.
fn below(area: &Area, (x, y): (i32, i32)) -> (i32, i32) {
    let (bx, by) = area.get_base_pixel();
    (x - bx, y - by)
}

/// A legend of coloured boxes, one per line, from the top-left corner `at` (in pixels of
/// `area`).
fn legend(
    area: &Area,
    at: (i32, i32),
    entries: &[(String, RGBColor)],
) -> Result<(), Box<dyn std::error::Error>> {
    for (k, (name, colour)) in entries.iter().enumerate() {
        let y = at.1 + 22 * i32::try_from(k)?;
        area.draw(&Rectangle::new(
            [(at.0, y), (at.0 + 14, y + 14)],
            colour.filled(),
        ))?;
        area.draw(&Text::new(
            name.clone(),
            (at.0 + 20, y + 7),
            label_style(13, HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}

#[expect(clippy::cast_precision_loss, reason = "a handful of bars")]
fn draw_levels(
    results: &[SetResult],
    labels: &[String],
    area: &Area,
) -> Result<(), Box<dyn std::error::Error>> {
    let rows = result_rows(results);
    let (plot, side) = area.split_horizontally(WIDTH - LEGEND);
    let n = results.len().max(1);
    let mut chart = ChartBuilder::on(&plot)
        .caption(
            "Victory levels per variant set (% of games)",
            ("sans-serif", 20),
        )
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(0f64..n as f64, 0f64..100f64)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .light_line_style(WHITE)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc("% of games")
        .draw()?;
    for (i, r) in results.iter().enumerate() {
        let total = r.games.len();
        let mut bottom = 0.0;
        for row in &rows {
            let k = r.games.iter().filter(|g| &g.result_label() == row).count();
            let top = bottom + percent(k, total);
            let colour = level_colour(
                row,
                rows.iter().position(|x| x == row).unwrap_or(0),
                rows.len(),
            );
            if k > 0 {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(i as f64 + 0.15, bottom), (i as f64 + 0.85, top)],
                    colour.filled(),
                )))?;
            }
            bottom = top;
        }
        let (x, y) = below(area, chart.backend_coord(&(i as f64 + 0.5, 0.0)));
        area.draw(&Text::new(
            labels[i].clone(),
            (x, y + 8),
            label_style(14, HPos::Center, VPos::Top),
        ))?;
    }
    let entries: Vec<(String, RGBColor)> = rows
        .iter()
        .enumerate()
        .map(|(k, row)| (row.clone(), level_colour(row, k, rows.len())))
        .collect();
    legend(&side, (10, 50), &entries)
}

#[expect(clippy::cast_precision_loss, reason = "a handful of bars")]
fn draw_fall(
    results: &[SetResult],
    labels: &[String],
    area: &Area,
) -> Result<(), Box<dyn std::error::Error>> {
    // The categories: every turn on which the town fell in some game, then "never".
    let mut turns: Vec<u32> = results
        .iter()
        .flat_map(|r| r.games.iter().filter_map(|g| g.town_fell))
        .collect();
    turns.sort_unstable();
    turns.dedup();
    let mut categories: Vec<Option<u32>> = turns.into_iter().map(Some).collect();
    categories.push(None);
    let shares: Vec<Vec<f64>> = results
        .iter()
        .map(|r| {
            let counts = fell_counts(&r.games);
            categories
                .iter()
                .map(|c| {
                    let k = counts.iter().find(|(t, _)| t == c).map_or(0, |(_, k)| *k);
                    percent(k, r.games.len())
                })
                .collect()
        })
        .collect();
    let (plot, side) = area.split_horizontally(WIDTH - LEGEND);
    let mut chart = ChartBuilder::on(&plot)
        .caption(
            "Turn Kalbajar fell, per variant set (% of games)",
            ("sans-serif", 20),
        )
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(50)
        .build_cartesian_2d(0f64..categories.len() as f64, 0f64..100f64)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .light_line_style(WHITE)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc("% of games")
        .draw()?;
    let sets = results.len().max(1) as f64;
    let width = 0.8 / sets;
    for (i, set_shares) in shares.iter().enumerate() {
        let colour = set_colour(i);
        chart.draw_series(set_shares.iter().enumerate().map(|(c, share)| {
            let x0 = c as f64 + 0.1 + width * i as f64;
            Rectangle::new([(x0, 0.0), (x0 + width, *share)], colour.filled())
        }))?;
    }
    let scenario = results.first().map(|r| &r.set.scenario);
    for (c, category) in categories.iter().enumerate() {
        let (x, y) = below(area, chart.backend_coord(&(c as f64 + 0.5, 0.0)));
        let (first, second) = match (category, scenario) {
            (Some(t), Some(sc)) => {
                let label = turn_label(sc, *t);
                let (date, part) = label.split_once(", ").unwrap_or((label.as_str(), ""));
                (date.to_string(), part.to_string())
            }
            (Some(t), None) => (format!("turn {t}"), String::new()),
            (None, _) => ("never".to_string(), String::new()),
        };
        area.draw(&Text::new(
            first,
            (x, y + 8),
            label_style(12, HPos::Center, VPos::Top),
        ))?;
        area.draw(&Text::new(
            second,
            (x, y + 24),
            label_style(12, HPos::Center, VPos::Top),
        ))?;
    }
    let entries: Vec<(String, RGBColor)> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), set_colour(i)))
        .collect();
    legend(&side, (10, 50), &entries)
}
