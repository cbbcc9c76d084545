//! What a new game is made of: the scenario and its variants (read once at start), the
//! player's choices on the setup screen, and the message that starts the game.

use super::Screen;
use super::session::{Controller, Session};
use bevy::prelude::*;
use kalbajar_core::ai::AiLevels;
use kalbajar_core::history::History;
use kalbajar_core::load::read_ron;
use kalbajar_core::scenario::Scenario;
use kalbajar_core::variant::{self, Variant};
use std::path::Path;
use std::sync::Arc;

/// The historical scenario shipped with the game.
pub const SCENARIO: &str = crate::cli::DEFAULT_SCENARIO;

/// The scenario as shipped, its variants and its history, read when the game starts.
#[derive(Resource, Clone)]
pub struct Catalog {
    pub base: Arc<Scenario>,
    pub variants: Vec<Variant>,
    pub history: Option<History>,
    /// The AI's difficulty levels (`ai.ron`), if the scenario has them.
    pub ai_levels: Option<AiLevels>,
    /// Problems met while reading variants or the history (shown on the setup screen).
    pub problems: Vec<String>,
}

impl Catalog {
    /// Reads the scenario at `path`, its variants and its history.
    ///
    /// # Errors
    /// Every error of the scenario, with file, line and column.
    pub fn load(path: &Path) -> Result<Self, String> {
        let base = Scenario::load(path).map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let mut problems = Vec::new();
        let mut variants = Vec::new();
        for id in variant::known_ids(&dir) {
            match variant::read_variant(&dir, &id) {
                Ok((_, v)) => variants.push(v),
                Err(e) => problems.push(e.to_string()),
            }
        }
        let history_path = dir.join("history.ron");
        let history = if history_path.is_file() {
            match read_ron::<History>(&history_path) {
                Ok(h) => Some(h),
                Err(e) => {
                    problems.push(e.to_string());
                    None
                }
            }
        } else {
            None
        };
        let ai_levels = match AiLevels::load(&dir) {
            Ok(l) => Some(l),
            Err(e) => {
                problems.push(e.to_string());
                None
            }
        };
        Ok(Self {
            ai_levels,
            base: Arc::new(base),
            variants,
            history,
            problems,
        })
    }

    /// The scenario with these variants applied, in order.
    ///
    /// # Errors
    /// The variants conflict (the message names both and what they share).
    pub fn scenario_with(&self, ids: &[String]) -> Result<Arc<Scenario>, String> {
        if ids.is_empty() {
            return Ok(Arc::clone(&self.base));
        }
        let chosen: Vec<Variant> = ids
            .iter()
            .map(|id| {
                self.variants
                    .iter()
                    .find(|v| &v.id == id)
                    .cloned()
                    .ok_or_else(|| format!("there is no variant \"{id}\""))
            })
            .collect::<Result<_, _>>()?;
        self.base
            .with_variants(&chosen)
            .map(Arc::new)
            .map_err(|problems| problems.join("\n"))
    }

    /// One line for players on what an AI level does (its `description` in `ai.ron`).
    #[must_use]
    pub fn ai_level_description(&self, level: &str) -> Option<&str> {
        self.ai_levels
            .as_ref()
            .and_then(|l| l.get(level))
            .map(|p| p.description.as_str())
    }

    /// The AI's levels by name, easiest first as the file lists them.
    #[must_use]
    pub fn ai_level_names(&self) -> Vec<String> {
        self.ai_levels.as_ref().map_or_else(
            || vec!["builtin".to_string()],
            |l| l.levels.iter().map(|p| p.id.clone()).collect(),
        )
    }

    /// Why these variants cannot be combined, if they cannot.
    #[must_use]
    pub fn conflicts(&self, ids: &[String]) -> Vec<String> {
        let chosen: Vec<Variant> = self
            .variants
            .iter()
            .filter(|v| ids.contains(&v.id))
            .cloned()
            .collect();
        variant::conflicts(&self.base.file, &chosen)
    }
}

/// The choices on the setup screen.
#[derive(Resource, Debug, Clone)]
pub struct SetupChoice {
    pub variants: Vec<String>,
    pub controllers: [Controller; 2],
    pub seed: u64,
    pub fog: bool,
}

impl Default for SetupChoice {
    fn default() -> Self {
        Self {
            variants: Vec::new(),
            controllers: [
                Controller::Human,
                Controller::Ai {
                    level: "normal".into(),
                },
            ],
            seed: 1,
            fog: true,
        }
    }
}

/// Start a game with these choices.
#[derive(Message, Debug, Clone)]
pub struct StartGame(pub SetupChoice);

/// Why the catalog could not be read, shown on the title screen.
#[derive(Resource, Debug, Clone)]
pub struct CatalogError(pub String);

/// Reads the catalog and starts games.
pub struct SetupPlugin;

impl Plugin for SetupPlugin {
    fn build(&self, app: &mut App) {
        match Catalog::load(&crate::data::locate(Path::new(SCENARIO))) {
            Ok(c) => {
                let fog = c.base.file.fog_of_war;
                app.insert_resource(c).insert_resource(SetupChoice {
                    fog,
                    ..SetupChoice::default()
                });
            }
            Err(e) => {
                app.insert_resource(CatalogError(e))
                    .init_resource::<SetupChoice>();
            }
        }
        app.add_message::<StartGame>()
            .add_systems(Update, start_games);
    }
}

fn start_games(
    mut starts: MessageReader<StartGame>,
    catalog: Option<Res<Catalog>>,
    mut commands: Commands,
    mut notices: MessageWriter<super::session::Notice>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(catalog) = catalog else {
        return;
    };
    for StartGame(choice) in starts.read() {
        match catalog.scenario_with(&choice.variants) {
            Ok(scenario) => {
                commands.insert_resource(Session::new(
                    scenario,
                    choice.seed,
                    choice.fog,
                    choice.variants.clone(),
                    choice.controllers.clone(),
                ));
                commands.insert_resource(choice.clone());
                next.set(Screen::Battle);
            }
            Err(e) => {
                notices.write(super::session::Notice(e));
            }
        }
    }
}
