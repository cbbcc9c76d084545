//! The player's settings: window size, animation speed, overlays. Kept as RON in the user's
//! config directory and written atomically whenever they change.

use super::overlays::Overlay;
use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowResized};
use kalbajar_core::load::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How fast the AI's moves and the autoplay are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnimationSpeed {
    Instant,
    Fast,
    Normal,
    Slow,
}

impl AnimationSpeed {
    pub const ALL: [AnimationSpeed; 4] = [
        AnimationSpeed::Instant,
        AnimationSpeed::Fast,
        AnimationSpeed::Normal,
        AnimationSpeed::Slow,
    ];

    /// Seconds a counter takes to cross one hex.
    #[must_use]
    pub fn seconds_per_hex(self) -> f32 {
        match self {
            AnimationSpeed::Instant => 0.0,
            AnimationSpeed::Fast => 0.04,
            AnimationSpeed::Normal => 0.09,
            AnimationSpeed::Slow => 0.18,
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            AnimationSpeed::Instant => "instant",
            AnimationSpeed::Fast => "fast",
            AnimationSpeed::Normal => "normal",
            AnimationSpeed::Slow => "slow",
        }
    }
}

/// The settings that persist between sessions.
#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Window size in logical pixels.
    pub window: (u32, u32),
    pub speed: AnimationSpeed,
    /// Overlays switched on.
    pub overlays: Vec<Overlay>,
    /// Place names on the map.
    pub labels: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            window: (1280, 720),
            speed: AnimationSpeed::Normal,
            overlays: Vec::new(),
            labels: true,
        }
    }
}

impl Settings {
    /// Where the settings live: `$XDG_CONFIG_HOME/kalbajar/settings.ron` or the platform's
    /// equivalent.
    #[must_use]
    pub fn path() -> Option<PathBuf> {
        dirs::config_dir().map(|d| d.join("kalbajar").join("settings.ron"))
    }

    /// The saved settings, or the defaults if there are none or they cannot be read (a
    /// damaged file is left as it is and reported once on the terminal).
    #[must_use]
    pub fn load() -> Self {
        let Some(path) = Self::path() else {
            return Self::default();
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => ron::from_str(&text).unwrap_or_else(|e| {
                eprintln!(
                    "{}: {e}; using the default settings (delete the file to reset it)",
                    path.display()
                );
                Self::default()
            }),
            Err(_) => Self::default(),
        }
    }

    /// Writes the settings, atomically.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn save(&self) -> Result<(), String> {
        let path = Self::path().ok_or("no config directory")?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string())
    }

    /// Pause between two AI commands, in seconds.
    #[must_use]
    pub fn ai_pause(&self) -> f32 {
        self.speed.seconds_per_hex() * 3.0
    }

    #[must_use]
    pub fn overlay(&self, o: Overlay) -> bool {
        self.overlays.contains(&o)
    }

    pub fn toggle(&mut self, o: Overlay) {
        if let Some(i) = self.overlays.iter().position(|x| *x == o) {
            self.overlays.remove(i);
        } else {
            self.overlays.push(o);
            self.overlays.sort();
        }
    }
}

/// Loads the settings and saves them when they change.
pub struct SettingsPlugin;

impl Plugin for SettingsPlugin {
    fn build(&self, app: &mut App) {
        // Tests and screenshots start from the defaults, not from the player's file.
        let settings = if cfg!(test) {
            Settings::default()
        } else {
            Settings::load()
        };
        app.insert_resource(settings)
            .add_message::<WindowResized>()
            .add_systems(Update, (remember_window_size, save_settings).chain());
    }
}

fn remember_window_size(
    mut resized: MessageReader<WindowResized>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut settings: ResMut<Settings>,
) {
    if resized.read().last().is_none() {
        return;
    }
    if let Ok(w) = windows.single() {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "window sizes are small and positive"
        )]
        let size = (w.width().round() as u32, w.height().round() as u32);
        if size.0 >= 640 && size.1 >= 400 && settings.window != size {
            settings.window = size;
        }
    }
}

fn save_settings(settings: Res<Settings>, options: Option<Res<super::LaunchOptions>>) {
    let scripted = options.is_some_and(|o| o.screenshot.is_some() || o.bench);
    if settings.is_changed()
        && !settings.is_added()
        && !scripted
        && !cfg!(test)
        && let Err(e) = settings.save()
    {
        warn!("settings not saved: {e}");
    }
}
