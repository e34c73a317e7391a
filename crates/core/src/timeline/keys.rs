//! The timeline chart's keyboard: which key does what, as a pure function of the key, its
//! modifiers and two facts about the chart, with no yew and no browser. The timeline component
//! turns a `keydown` into [`command`]'s arguments and carries out the [`Command`] it answers
//! (calling `preventDefault` exactly when there is one); everything about *which* key does
//! *what* is decided and tested here.
//!
//! The key map (keys are `KeyboardEvent.key` values, compared exactly):
//!
//! | key | modifiers | command |
//! |---|---|---|
//! | `ArrowRight` | without Shift | [`Command::Move`]`(`[`Nav::Next`]`)`: next study along the lane |
//! | `ArrowLeft` | without Shift | [`Command::Move`]`(`[`Nav::Prev`]`)`: previous study along the lane |
//! | `ArrowDown` | any | [`Command::Move`]`(`[`Nav::LaneDown`]`)`: the lane below |
//! | `ArrowUp` | any | [`Command::Move`]`(`[`Nav::LaneUp`]`)`: the lane above |
//! | `Home` | any | [`Command::Move`]`(`[`Nav::First`]`)`: the first study |
//! | `End` | any | [`Command::Move`]`(`[`Nav::Last`]`)`: the last study |
//! | `Shift`+`ArrowRight` | Shift | [`Command::Later`]: pan to later years (a fifth of the span) |
//! | `Shift`+`ArrowLeft` | Shift | [`Command::Earlier`]: pan to earlier years (a fifth of the span) |
//! | `+` or `=` | any | [`Command::ZoomIn`] (×1.5 around the middle) |
//! | `-` or `_` | any | [`Command::ZoomOut`] (÷1.5 around the middle) |
//! | `0` | any | [`Command::FitAll`]: back to the years all shown studies cover |
//! | `Enter` or ` ` (Space) | any, only while a study has the focus | [`Command::Open`] the focused study |
//! | `Escape` | any, only while a tooltip is shown | [`Command::HideTooltip`] |
//!
//! Every other key answers `None` and the event is left alone (Tab moves on, Escape without a
//! tooltip reaches the page, letters type nothing). Only Shift changes what a key does. Ctrl, Meta
//! and Alt change nothing: Ctrl+0 fits all like 0 and Alt+← moves to the previous study like ←
//! (the chart has always taken them; changing that is a behaviour change of its own, made here
//! and in the tests below). Mouse and wheel input (drag to pan, Ctrl+wheel zooms) stays in the
//! component.

use super::layout::Nav;

/// What a key does to the timeline chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// Move the focus between studies (roving focus; the tooltip follows it).
    Move(Nav),
    /// Open the focused study's details.
    Open,
    /// Hide the tooltip.
    HideTooltip,
    /// Zoom in around the middle of the window.
    ZoomIn,
    /// Zoom out around the middle of the window.
    ZoomOut,
    /// Show earlier years.
    Earlier,
    /// Show later years.
    Later,
    /// Show all the years the shown studies cover (the window leaves the URL).
    FitAll,
}

/// The modifier keys held with a key (`KeyboardEvent.shiftKey` …).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    pub shift: bool,
    pub ctrl: bool,
    pub meta: bool,
    pub alt: bool,
}

/// What the chart is showing that a key depends on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Chart {
    /// A study has the keyboard focus (Enter and Space open it).
    pub focused: bool,
    /// A tooltip is shown (Escape hides it).
    pub tooltip: bool,
}

/// The command for `key` pressed with `mods` on `chart`, or `None` when the key does nothing
/// there (then the event must be left to the page). See the module's key map.
pub fn command(key: &str, mods: Modifiers, chart: Chart) -> Option<Command> {
    // Ctrl, Meta and Alt do not change any binding (see the module docs).
    let Modifiers { shift, .. } = mods;
    Some(match key {
        "ArrowRight" if shift => Command::Later,
        "ArrowLeft" if shift => Command::Earlier,
        "ArrowRight" => Command::Move(Nav::Next),
        "ArrowLeft" => Command::Move(Nav::Prev),
        "ArrowDown" => Command::Move(Nav::LaneDown),
        "ArrowUp" => Command::Move(Nav::LaneUp),
        "Home" => Command::Move(Nav::First),
        "End" => Command::Move(Nav::Last),
        "Enter" | " " if chart.focused => Command::Open,
        "Escape" if chart.tooltip => Command::HideTooltip,
        "+" | "=" => Command::ZoomIn,
        "-" | "_" => Command::ZoomOut,
        "0" => Command::FitAll,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every combination of the four modifiers.
    fn all_mods() -> Vec<Modifiers> {
        (0u8..16)
            .map(|b| Modifiers {
                shift: b & 1 != 0,
                ctrl: b & 2 != 0,
                meta: b & 4 != 0,
                alt: b & 8 != 0,
            })
            .collect()
    }

    /// Every state of the chart.
    fn all_charts() -> Vec<Chart> {
        (0u8..4)
            .map(|b| Chart {
                focused: b & 1 != 0,
                tooltip: b & 2 != 0,
            })
            .collect()
    }

    fn plain(key: &str) -> Option<Command> {
        command(key, Modifiers::default(), Chart::default())
    }

    #[test]
    fn left_and_right_move_between_studies_without_shift_and_pan_with_it() {
        for chart in all_charts() {
            for mods in all_mods() {
                let (right, left) = if mods.shift {
                    (Command::Later, Command::Earlier)
                } else {
                    (Command::Move(Nav::Next), Command::Move(Nav::Prev))
                };
                assert_eq!(command("ArrowRight", mods, chart), Some(right), "{mods:?}");
                assert_eq!(command("ArrowLeft", mods, chart), Some(left), "{mods:?}");
            }
        }
    }

    #[test]
    fn up_down_home_end_move_whatever_the_modifiers() {
        for chart in all_charts() {
            for mods in all_mods() {
                for (key, nav) in [
                    ("ArrowDown", Nav::LaneDown),
                    ("ArrowUp", Nav::LaneUp),
                    ("Home", Nav::First),
                    ("End", Nav::Last),
                ] {
                    assert_eq!(
                        command(key, mods, chart),
                        Some(Command::Move(nav)),
                        "{key} {mods:?} {chart:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn zoom_and_fit_keys_work_with_any_modifier() {
        for chart in all_charts() {
            for mods in all_mods() {
                for (key, want) in [
                    ("+", Command::ZoomIn),
                    ("=", Command::ZoomIn),
                    ("-", Command::ZoomOut),
                    ("_", Command::ZoomOut),
                    ("0", Command::FitAll),
                ] {
                    assert_eq!(
                        command(key, mods, chart),
                        Some(want),
                        "{key} {mods:?} {chart:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn enter_and_space_open_only_a_focused_study() {
        for mods in all_mods() {
            for chart in all_charts() {
                let want = chart.focused.then_some(Command::Open);
                assert_eq!(command("Enter", mods, chart), want, "{mods:?} {chart:?}");
                assert_eq!(command(" ", mods, chart), want, "{mods:?} {chart:?}");
            }
        }
    }

    #[test]
    fn escape_hides_a_shown_tooltip_and_is_otherwise_left_to_the_page() {
        for mods in all_mods() {
            for chart in all_charts() {
                let want = chart.tooltip.then_some(Command::HideTooltip);
                assert_eq!(command("Escape", mods, chart), want, "{mods:?} {chart:?}");
            }
        }
    }

    #[test]
    fn other_keys_do_nothing() {
        // Near misses of the bound keys included: key values are compared exactly.
        let unbound = [
            "Tab",
            "a",
            "A",
            "z",
            "1",
            "9",
            "*",
            "/",
            ".",
            "Shift",
            "Control",
            "Alt",
            "Meta",
            "PageUp",
            "PageDown",
            "Backspace",
            "Delete",
            "Insert",
            "F1",
            "Esc",
            "Left",
            "Right",
            "Up",
            "Down",
            "Spacebar",
            "Add",
            "Subtract",
            "arrowright",
            "enter",
            "escape",
            "home",
            "",
            "  ",
            "00",
            "++",
        ];
        for key in unbound {
            for mods in all_mods() {
                for chart in all_charts() {
                    assert_eq!(
                        command(key, mods, chart),
                        None,
                        "{key:?} {mods:?} {chart:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_key_map_without_modifiers() {
        // The bindings the e2e keyboard test drives (views.test.mjs), spelled out once.
        assert_eq!(plain("ArrowRight"), Some(Command::Move(Nav::Next)));
        assert_eq!(plain("ArrowLeft"), Some(Command::Move(Nav::Prev)));
        assert_eq!(plain("+"), Some(Command::ZoomIn));
        assert_eq!(plain("0"), Some(Command::FitAll));
        assert_eq!(plain("Enter"), None, "nothing focused yet");
        assert_eq!(plain("Escape"), None, "no tooltip to hide");
        let on_a_study = Chart {
            focused: true,
            tooltip: true,
        };
        assert_eq!(
            command("Enter", Modifiers::default(), on_a_study),
            Some(Command::Open)
        );
        assert_eq!(
            command("Escape", Modifiers::default(), on_a_study),
            Some(Command::HideTooltip)
        );
    }

    #[test]
    fn shift_is_the_only_modifier_that_changes_a_binding() {
        let keys = [
            "ArrowRight",
            "ArrowLeft",
            "ArrowDown",
            "ArrowUp",
            "Home",
            "End",
            "+",
            "=",
            "-",
            "_",
            "0",
            "Enter",
            " ",
            "Escape",
        ];
        for key in keys {
            for chart in all_charts() {
                for mods in all_mods() {
                    let shift_only = Modifiers {
                        shift: mods.shift,
                        ..Modifiers::default()
                    };
                    assert_eq!(
                        command(key, mods, chart),
                        command(key, shift_only, chart),
                        "{key} {mods:?} {chart:?}"
                    );
                }
            }
        }
    }
}
