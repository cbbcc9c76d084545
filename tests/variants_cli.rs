//! `kalbajar variants` and `--variant` on `validate` and `play`: the shipped variants are
//! listed with what they combine with; bad variant files in `tests/malformed/variants/` fail
//! with an error naming the file (and line and column for syntax), never a panic.
//! Each case's comments say what its error must contain (see `common::check_malformed_cases`).

const SIX: [&str; 6] = [
    "all_axes_at_once",
    "brigade_709_stays",
    "early_evacuation",
    "early_thaw",
    "no_western_axis",
    "relief_gets_through",
];

mod common;
use common::{check_malformed_cases, kalbajar, kalbajar_in};

#[test]
fn variants_lists_each_with_title_description_and_combinations() {
    let r = kalbajar(&["variants"]);
    assert!(r.ok, "{}", r.stderr);
    for id in SIX {
        assert!(
            r.stdout.contains(&format!("\n{id}: ")),
            "{id}:\n{}",
            r.stdout
        );
    }
    assert!(r.stdout.contains("The 709th brigade stays on the Murov"));
    // Descriptions are wrapped and indented.
    assert!(
        r.stdout
            .lines()
            .all(|l| l.chars().count() <= 80 || !l.starts_with("    ")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Combines with: "));
    assert!(
        r.stdout.contains("Does not combine with: no_western_axis")
            && r.stdout.contains("both change unit \"a_vardenis\""),
        "{}",
        r.stdout
    );
}

#[test]
fn validate_and_play_take_variants() {
    let r = kalbajar(&[
        "validate",
        "--variant",
        "early_evacuation",
        "--variant",
        "brigade_709_stays",
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("what if: The evacuation starts a week earlier; The 709th brigade stays"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("18000 had left before the start"));

    let r = kalbajar(&["play", "--headless", "--variant", "brigade_709_stays"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(!r.stdout.contains("709th brigade leaves"), "{}", r.stdout);
    let hist = kalbajar(&["play", "--headless"]);
    assert!(
        hist.stdout.contains("709th brigade leaves"),
        "{}",
        hist.stdout
    );
}

#[test]
fn an_unknown_variant_or_a_conflict_fails_with_the_reason() {
    let r = kalbajar(&["validate", "--variant", "all_axes"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("there is no variant \"all_axes\""),
        "{}",
        r.stderr
    );
    for id in SIX {
        assert!(r.stderr.contains(id), "{}", r.stderr);
    }
    let r = kalbajar(&[
        "play",
        "--headless",
        "--variant",
        "all_axes_at_once",
        "--variant",
        "no_western_axis",
    ]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("no_western_axis.ron")
            && r.stderr
                .contains("\"all_axes_at_once\" and \"no_western_axis\" conflict"),
        "{}",
        r.stderr
    );
}

#[test]
fn every_malformed_variant_fails_with_a_clear_error() {
    check_malformed_cases("variants", "--variant");
}

/// The binary started outside the repository (a launcher, another folder) finds the shipped
/// scenario beside itself, as the game window does.
#[test]
fn the_shipped_scenario_is_found_from_another_working_directory() {
    let elsewhere = std::env::temp_dir();
    assert!(
        !elsewhere.join("scenarios").exists(),
        "the test needs a folder without scenarios/"
    );
    let r = kalbajar_in(&elsewhere, &["variants"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("all_axes_at_once"), "{}", r.stdout);
    let r = kalbajar_in(&elsewhere, &["validate"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("scenarios/kalbajar_1993/scenario.ron: valid"),
        "{}",
        r.stdout
    );
}
