//! The sweep's plot: speed-up against workers, both on log scales, drawn
//! with plotters' SVG backend.

use std::path::Path;

use plotters::prelude::{
    ChartBuilder, Circle, IntoDrawingArea, IntoLogRange, LineSeries, PathElement, SVGBackend,
    BLACK, BLUE, RED, WHITE,
};
use plotters::style::{Color, ShapeStyle};

use racelab::explore::sweep::Point;

/// Writes the speed-up of each job over 1 worker to `path` as an SVG.
pub(crate) fn sweep(
    path: &Path,
    points: &[Point],
    cores: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let Some(first) = points.first() else {
        return Ok(());
    };
    let speed = |time: std::time::Duration, base: std::time::Duration| {
        base.as_secs_f64() / time.as_secs_f64().max(1e-9)
    };
    let io: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (p.workers as f64, speed(p.io, first.io)))
        .collect();
    let cpu: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (p.workers as f64, speed(p.cpu, first.cpu)))
        .collect();
    let max_workers = points.last().map_or(1, |p| p.workers).max(2) as f64;
    let max_speed = io
        .iter()
        .chain(&cpu)
        .map(|&(_, s)| s)
        .fold(2.0_f64, f64::max)
        * 1.5;

    let root = SVGBackend::new(path, (800, 500)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "How many workers? Speed-up over 1 worker",
            ("sans-serif", 24),
        )
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d((1.0..max_workers).log_scale(), (0.5..max_speed).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("workers")
        .y_desc("speed-up (×)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.1}"))
        .draw()?;
    let cores_line = vec![(1.0, cores as f64), (max_workers, cores as f64)];
    chart
        .draw_series(LineSeries::new(cores_line, BLACK.mix(0.4)))?
        .label(format!("{cores} cores"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.mix(0.4)));
    for (series, colour, label) in [
        (&io, BLUE, "I/O-bound (waits)"),
        (&cpu, RED, "CPU-bound (computes)"),
    ] {
        let style = ShapeStyle::from(colour).stroke_width(3);
        chart
            .draw_series(LineSeries::new(series.iter().copied(), style))?
            .label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        chart.draw_series(
            series
                .iter()
                .map(|&point| Circle::new(point, 4, ShapeStyle::from(colour).filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}
