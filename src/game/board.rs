//! The map on screen: the terrain tinted by elevation and hill shading, with the roads,
//! rivers and borders, baked into one image and drawn as a few large sprites; above it three
//! bevy_ecs_tilemap hex tilemaps: the tint layer the overlays colour hex by hex, the grid, and
//! the selection.
//!
//! World coordinates follow the core's hex geometry: the centre of hex (0, 0) is the origin,
//! x grows east and y grows north (the map's rows grow south).

use super::Screen;
use super::map_material::MapPieceMaterial;
use crate::art::{self, ArtImage, TileSize};
use bevy::asset::RenderAssetUsages;
use bevy::ecs::system::SystemParam;
use bevy::image::{ImageFilterMode, ImageSampler, ImageSamplerDescriptor};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy_ecs_tilemap::prelude::*;
use kalbajar_core::hex::{HexGeometry, Km, Offset};
use kalbajar_core::map::Map;
use kalbajar_core::scenario::Scenario;
use std::sync::Arc;

/// Hex circumradius in world units.
pub const HEX_R: f32 = 30.0;
/// Hex width across the flats in world units.
pub const HEX_W: f32 = HEX_R * 1.732_050_8;
/// Pixels per hex radius of the baked map image: about 1.27 times the world scale, so roads
/// stay crisp when zoomed in; and √3·38 rounds up (66 > 65.8), so neighbouring hex faces
/// overlap by a sliver rather than leave a hairline between them.
const TILE_R_PX: u32 = 38;
/// Mip levels of the map image: full size, half and quarter cover the zoom range.
const MAP_LEVELS: u32 = 3;
/// Largest side of one piece of the map image, in pixels: within the 8,192 every GPU and
/// software renderer takes, and a multiple of 2^(MAP_LEVELS - 1) so that every piece halves
/// exactly.
const MAP_PIECE_PX: u32 = 4096;

/// Draw order of the map's layers.
pub mod z {
    pub const TERRAIN: f32 = 0.0;
    pub const TINT: f32 = 1.0;
    pub const GRID: f32 = 3.0;
    pub const SELECTION: f32 = 4.0;
    pub const CIVILIANS: f32 = 5.0;
    pub const COUNTERS: f32 = 6.0;
}

/// Converts between the map's hexes and world positions.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    hex: HexGeometry,
    /// World units per km.
    scale: f32,
    pub width: i32,
    pub height: i32,
}

impl Geometry {
    #[must_use]
    pub fn of(map: &Map) -> Self {
        let km = map.file().hex_km;
        #[expect(clippy::cast_possible_truncation, reason = "a hex is a few km")]
        let scale = HEX_W / km as f32;
        Self {
            hex: HexGeometry::new(km),
            scale,
            width: map.width(),
            height: map.height(),
        }
    }

    /// Centre of a hex in world coordinates.
    #[must_use]
    pub fn world(self, o: Offset) -> Vec2 {
        let c = self.hex.center(o.to_hex());
        #[expect(clippy::cast_possible_truncation, reason = "map coordinates are small")]
        Vec2::new(c.x as f32 * self.scale, -(c.y as f32) * self.scale)
    }

    /// The hex under a world position, if it is on the map.
    #[must_use]
    pub fn hex_at(self, p: Vec2) -> Option<Offset> {
        let km = Km::new(f64::from(p.x / self.scale), f64::from(-p.y / self.scale));
        let o = Offset::from_hex(self.hex.hex_at(km));
        (o.col >= 0 && o.row >= 0 && o.col < self.width && o.row < self.height).then_some(o)
    }

    /// The six corners of a hex, in world coordinates, clockwise from the top.
    #[must_use]
    pub fn corners(self, o: Offset) -> [Vec2; 6] {
        let c = self.world(o);
        std::array::from_fn(|i| {
            #[expect(clippy::cast_precision_loss, reason = "i < 6")]
            let a = std::f32::consts::FRAC_PI_2 - std::f32::consts::FRAC_PI_3 * i as f32;
            c + HEX_R * Vec2::new(a.cos(), a.sin())
        })
    }

    /// The world rectangle the map covers (min, max).
    #[must_use]
    pub fn bounds(self) -> (Vec2, Vec2) {
        let max_x = self.world(Offset::new(self.width - 1, 1)).x + HEX_W / 2.0;
        let min_y = self.world(Offset::new(0, self.height - 1)).y - HEX_R;
        (Vec2::new(-HEX_W / 2.0, min_y), Vec2::new(max_x, HEX_R))
    }

    /// The tilemap position of a hex: rows count from the south in the tilemap.
    #[must_use]
    pub fn tile_pos(self, o: Offset) -> TilePos {
        #[expect(clippy::cast_sign_loss, reason = "hexes on the map are non-negative")]
        TilePos {
            x: o.col as u32,
            y: (self.height - 1 - o.row) as u32,
        }
    }

    /// The tilemap's coordinate system: the map's odd rows are shifted east, and counting
    /// rows from the south flips which tilemap rows those are when the height is even.
    #[must_use]
    pub fn coord_system(self) -> HexCoordSystem {
        if self.height % 2 == 0 {
            HexCoordSystem::RowEven
        } else {
            HexCoordSystem::RowOdd
        }
    }

    /// The tilemap's grid: bevy_ecs_tilemap spaces pointy-top rows by three quarters of the
    /// grid height, so a height of two radii puts rows 1.5 radii apart, as the hexes are.
    #[must_use]
    pub fn grid_size(self) -> TilemapGridSize {
        TilemapGridSize {
            x: HEX_W,
            y: 2.0 * HEX_R,
        }
    }

    /// Where the top-left corner of the baked map image lies: the image's pixels follow
    /// [`art::OverlayFrame`], with hex (0, 0) touching its top and left edges.
    #[must_use]
    pub fn map_image_top_left(self) -> Vec2 {
        Vec2::new(-HEX_W / 2.0, HEX_R)
    }

    /// Where the tilemap must stand so that its tiles land on [`Geometry::world`].
    #[must_use]
    pub fn tilemap_origin(self) -> Vec2 {
        let tile = self.tile_pos(Offset::new(0, 0));
        let at = tile.center_in_world(
            &TilemapSize {
                x: self.width.unsigned_abs(),
                y: self.height.unsigned_abs(),
            },
            &self.grid_size(),
            &TilemapTileSize {
                x: HEX_W,
                y: 2.0 * HEX_R,
            },
            &TilemapType::Hexagon(self.coord_system()),
            &TilemapAnchor::None,
        );
        self.world(Offset::new(0, 0)) - at
    }
}

/// Turns a piece of the map image into a mipmapped Bevy image, sampled at the level that
/// suits the zoom. Its format is plain, not sRGB: the map's shader takes the sRGB values as
/// they are, for a camera image that stores them so.
#[must_use]
pub fn mipmapped_image(art: ArtImage, levels: u32) -> Image {
    let (width, height) = (art.width, art.height);
    let mut image = Image::new_uninit(
        Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        TextureFormat::Rgba8Unorm,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.texture_descriptor.mip_level_count = levels.max(1);
    image.data = Some(art::baked::with_smaller_copies(art, levels));
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor {
        // Nearest texels of the nearest level. On a software renderer this takes a fifth off
        // the frame compared with bilinear filtering, and looks as good: the default zoom
        // shows level 1 at its own size. Only at the closest zoom do the texels show, as
        // crisp steps.
        mag_filter: ImageFilterMode::Nearest,
        min_filter: ImageFilterMode::Nearest,
        mipmap_filter: ImageFilterMode::Nearest,
        ..default()
    });
    image
}

/// Turns an [`ArtImage`] into a Bevy image that hands its texels to shaders in linear light,
/// as Bevy's sprites expect.
#[must_use]
pub fn to_image(art: ArtImage) -> Image {
    image_as(art, TextureFormat::Rgba8UnormSrgb)
}

/// Turns an [`ArtImage`] into a Bevy image that hands its texels to shaders as the sRGB values
/// they are: for the hex layers, whose shader multiplies them by the tile's colour and writes
/// the result unconverted into the cameras' image of sRGB values (see [`srgb_as_linear`]).
#[must_use]
pub fn to_srgb_values_image(art: ArtImage) -> Image {
    image_as(art, TextureFormat::Rgba8Unorm)
}

fn image_as(art: ArtImage, format: TextureFormat) -> Image {
    Image::new(
        Extent3d {
            width: art.width,
            height: art.height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        art.rgba,
        format,
        RenderAssetUsages::RENDER_WORLD,
    )
}

/// The colour to give bevy_ecs_tilemap's hex layers and Bevy's gizmos so that they show as
/// `c`. Both pipelines take colours in linear light and write what they compute as it is,
/// with no regard for the cameras' image storing sRGB values (see `window_copy`); so the
/// colour carries `c`'s sRGB values in its linear slots.
#[must_use]
pub fn srgb_as_linear(c: impl Into<Color>) -> Color {
    let c = c.into().to_srgba();
    Color::LinearRgba(LinearRgba::new(c.red, c.green, c.blue, c.alpha))
}

/// The scenario whose map is on screen.
#[derive(Resource, Clone)]
pub struct Board {
    pub scenario: Arc<Scenario>,
    pub geometry: Geometry,
    /// Tile entities of the tint layer, row by row.
    pub tint_tiles: Vec<Entity>,
    /// The tint layer's tilemap, hidden while no tile of it shows.
    pub tint_layer: Entity,
    /// Tile entities of the selection layer, row by row.
    pub selection_tiles: Vec<Entity>,
    /// The selection layer's tilemap, hidden while no tile of it shows.
    pub selection_layer: Entity,
    pub grid: Entity,
}

impl Board {
    #[must_use]
    pub fn index(&self, o: Offset) -> Option<usize> {
        let g = self.geometry;
        (o.col >= 0 && o.row >= 0 && o.col < g.width && o.row < g.height)
            .then(|| usize::try_from(o.row * g.width + o.col).ok())
            .flatten()
    }
}

/// Marks everything the board spawned, to despawn it with the board.
#[derive(Component)]
pub struct BoardPart;

/// Draws the map.
pub struct BoardPlugin;

impl Plugin for BoardPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(OnEnter(Screen::Battle), spawn_board)
            .add_systems(OnEnter(Screen::Autoplay), spawn_board)
            .add_systems(OnEnter(Screen::Debrief), spawn_board)
            .add_systems(OnEnter(Screen::Title), despawn_board);
    }
}

/// The scenario on screen now: the battle's or the autoplay's.
fn shown_scenario(
    screen: &Screen,
    session: Option<&super::session::Session>,
    auto: Option<&super::autoplay::Autoplay>,
) -> Option<Arc<Scenario>> {
    match screen {
        Screen::Autoplay => auto.map(|a| a.game.scenario_arc()),
        _ => session.map(|s| s.game().scenario_arc()),
    }
}

fn despawn_board(mut commands: Commands, parts: Query<Entity, With<BoardPart>>) {
    for e in &parts {
        commands.entity(e).despawn();
    }
    commands.remove_resource::<Board>();
}

/// What the map is made of: its images, the pieces' rectangles and material, and the colour
/// that shows around it.
#[derive(SystemParam)]
struct BoardAssets<'w> {
    images: ResMut<'w, Assets<Image>>,
    meshes: ResMut<'w, Assets<Mesh>>,
    materials: ResMut<'w, Assets<MapPieceMaterial>>,
    clear: Option<Res<'w, ClearColor>>,
}

/// Spawns the map of the scenario being shown, unless it is already on screen.
fn spawn_board(
    mut commands: Commands,
    screen: Res<State<Screen>>,
    session: Option<Res<super::session::Session>>,
    auto: Option<Res<super::autoplay::Autoplay>>,
    board: Option<Res<Board>>,
    parts: Query<Entity, With<BoardPart>>,
    mut assets: BoardAssets,
) {
    let Some(scenario) = shown_scenario(screen.get(), session.as_deref(), auto.as_deref()) else {
        return;
    };
    if board.is_some_and(|b| b.scenario.content_hash == scenario.content_hash) {
        return;
    }
    for e in &parts {
        commands.entity(e).despawn();
    }
    let map = &scenario.map;
    let g = Geometry::of(map);
    let origin = g.tilemap_origin();

    // The map itself: one image of every hex at TILE_R_PX pixels per hex radius, scaled to the
    // world's HEX_R, in pieces a GPU takes. One large quad per piece costs a software
    // renderer a fraction of drawing a hex-shaped tile per hex: no blending along tile edges,
    // no overdraw where tiles overlap, and whole 64-pixel blocks shaded at a time.
    let tile = TileSize::new(TILE_R_PX);
    #[expect(clippy::cast_precision_loss, reason = "small tiles")]
    let k = HEX_R / TILE_R_PX as f32;
    let baker = art::baked::MapBaker::new(map, tile);
    let image = baker.map_image(1 << (MAP_LEVELS - 1));
    let background = Vec4::from_array(
        assets
            .clear
            .as_ref()
            .map_or(Color::BLACK, |c| c.0)
            .to_srgba()
            .to_f32_array(),
    );
    let top_left = g.map_image_top_left();
    for (x, y, piece) in art::baked::split(image, MAP_PIECE_PX) {
        #[expect(clippy::cast_precision_loss, reason = "image sizes")]
        let (at, size) = (
            top_left + Vec2::new(x as f32, -(y as f32)) * k,
            Vec2::new(piece.width as f32, piece.height as f32) * k,
        );
        commands.spawn((
            Mesh2d(assets.meshes.add(Rectangle::from_size(size))),
            MeshMaterial2d(assets.materials.add(MapPieceMaterial {
                background,
                image: assets.images.add(mipmapped_image(piece, MAP_LEVELS)),
            })),
            Transform::from_translation((at + Vec2::new(size.x, -size.y) / 2.0).extend(z::TERRAIN)),
            BoardPart,
        ));
    }

    // Plain-hex layers for the overlays' tints, the selection and the grid.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "small"
    )]
    let r = HEX_R as u32;
    // Each layer's tile is its whole image: a tile of a single texture shows the tile-sized
    // corner of the image, so an image larger than the tile would show a notched quarter hex.
    let plain = tile_image(&mut assets.images, plain_hex(r));
    let (tint_layer, tint_tiles) =
        spawn_plain_layer(&mut commands, g, plain.clone(), origin, z::TINT, false);
    let (selection_layer, selection_tiles) =
        spawn_plain_layer(&mut commands, g, plain, origin, z::SELECTION, false);
    let outline = tile_image(&mut assets.images, outline_hex(r));
    let (grid, _) = spawn_plain_layer(&mut commands, g, outline, origin, z::GRID, true);

    commands.insert_resource(Board {
        scenario,
        geometry: g,
        tint_tiles,
        tint_layer,
        selection_tiles,
        selection_layer,
        grid,
    });
}

/// A white hex (pointy top) of circumradius `r` px on a transparent ground: the overlays
/// colour it per tile.
#[must_use]
pub fn plain_hex(r: u32) -> ArtImage {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "small"
    )]
    let w = (r as f32 * 1.732_050_8).ceil() as u32;
    let h = 2 * r;
    let mut rgba = vec![0u8; (w * h * 4) as usize];
    #[expect(clippy::cast_precision_loss, reason = "small")]
    let (cx, cy, rf) = (w as f32 / 2.0, h as f32 / 2.0, r as f32);
    for y in 0..h {
        for x in 0..w {
            #[expect(clippy::cast_precision_loss, reason = "small")]
            let (dx, dy) = ((x as f32 + 0.5 - cx).abs(), (y as f32 + 0.5 - cy).abs());
            // Inside a pointy-top hex: within the flats and under the slanted sides.
            let inside = dx <= rf * 0.866_025_4 && dy <= rf - dx * 0.577_350_3;
            if inside {
                let i = ((y * w + x) * 4) as usize;
                rgba[i..i + 4].copy_from_slice(&[255, 255, 255, 255]);
            }
        }
    }
    ArtImage {
        width: w,
        height: h,
        rgba,
    }
}

/// The outline of a pointy-top hex of circumradius `r` px, for the grid: a faint dark line
/// along the edges, drawn half by each of two neighbouring tiles.
#[must_use]
pub fn outline_hex(r: u32) -> ArtImage {
    let mut img = plain_hex(r);
    let (w, h) = (img.width, img.height);
    let inside = |x: i64, y: i64| {
        x >= 0
            && y >= 0
            && x < i64::from(w)
            && y < i64::from(h)
            && img.rgba[((y as usize) * (w as usize) + x as usize) * 4 + 3] > 0
    };
    let mut edge = vec![false; (w * h) as usize];
    for y in 0..i64::from(h) {
        for x in 0..i64::from(w) {
            // On the hex, next to a pixel off it.
            edge[(y * i64::from(w) + x) as usize] = inside(x, y)
                && [(-1, 0), (1, 0), (0, -1), (0, 1)]
                    .iter()
                    .any(|(dx, dy)| !inside(x + dx, y + dy));
        }
    }
    for (i, on) in edge.into_iter().enumerate() {
        let px = &mut img.rgba[i * 4..i * 4 + 4];
        px.copy_from_slice(if on { &[30, 30, 30, 60] } else { &[0, 0, 0, 0] });
    }
    img
}

/// Adds `art` as the image of a plain layer, with the tile size that shows all of it.
fn tile_image(images: &mut Assets<Image>, art: ArtImage) -> (Handle<Image>, TilemapTileSize) {
    let tile = tile_size_of(&art);
    (images.add(to_srgb_values_image(art)), tile)
}

/// The tile size that shows all of `art`.
#[must_use]
fn tile_size_of(art: &ArtImage) -> TilemapTileSize {
    #[expect(clippy::cast_precision_loss, reason = "small images")]
    TilemapTileSize {
        x: art.width as f32,
        y: art.height as f32,
    }
}

fn spawn_plain_layer(
    commands: &mut Commands,
    g: Geometry,
    (texture, tile_size): (Handle<Image>, TilemapTileSize),
    origin: Vec2,
    z: f32,
    tiles_visible: bool,
) -> (Entity, Vec<Entity>) {
    let size = TilemapSize {
        x: g.width.unsigned_abs(),
        y: g.height.unsigned_abs(),
    };
    let layer = commands.spawn_empty().id();
    let mut storage = TileStorage::empty(size);
    let mut tiles = Vec::new();
    for row in 0..g.height {
        for col in 0..g.width {
            let pos = g.tile_pos(Offset::new(col, row));
            let tile = commands
                .spawn((
                    TileBundle {
                        position: pos,
                        tilemap_id: TilemapId(layer),
                        visible: TileVisible(tiles_visible),
                        ..default()
                    },
                    BoardPart,
                ))
                .id();
            storage.set(&pos, tile);
            tiles.push(tile);
        }
    }
    commands.entity(layer).insert((
        TilemapBundle {
            grid_size: g.grid_size(),
            map_type: TilemapType::Hexagon(g.coord_system()),
            size,
            storage,
            texture: TilemapTexture::Single(texture),
            tile_size,
            anchor: TilemapAnchor::None,
            transform: Transform::from_translation(origin.extend(z)),
            // Shown when needed: even an empty layer costs a pass over the screen.
            visibility: Visibility::Hidden,
            ..default()
        },
        BoardPart,
    ));
    (layer, tiles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geometry(height: i32) -> Geometry {
        Geometry {
            hex: HexGeometry::new(2.0),
            scale: HEX_W / 2.0,
            width: 12,
            height,
        }
    }

    /// The tint, selection and grid tiles are whole hexes of the map's size: each fills its
    /// hex edge to edge (the first overlays showed the top-left quarter of a hex twice as big).
    #[test]
    fn plain_and_outline_tiles_are_one_hex_of_the_map() {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "30"
        )]
        let r = HEX_R as u32;
        for art in [plain_hex(r), outline_hex(r)] {
            let tile = tile_size_of(&art);
            assert_eq!((tile.x, tile.y), (HEX_W.ceil(), 2.0 * HEX_R));
        }
        // The hex fills its tile: opaque at the centre and at the middle of each flat side,
        // transparent in the corners of the tile.
        let art = plain_hex(r);
        let alpha = |x: u32, y: u32| art.rgba[((y * art.width + x) * 4 + 3) as usize];
        let (w, h) = (art.width, art.height);
        assert_eq!(alpha(w / 2, h / 2), 255);
        assert_eq!(alpha(1, h / 2), 255);
        assert_eq!(alpha(w - 2, h / 2), 255);
        assert_eq!(alpha(w / 2, 1), 255);
        for (x, y) in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)] {
            assert_eq!(alpha(x, y), 0, "corner ({x}, {y})");
        }
    }

    /// The baked map image lands on the hexes: the centre of every hex on the image, scaled
    /// from TILE_R_PX pixels to HEX_R world units per radius and placed at the image's corner,
    /// is the hex's centre in the world.
    #[test]
    fn the_map_image_lands_on_its_hexes() {
        for height in [9, 10] {
            let g = geometry(height);
            #[expect(clippy::cast_precision_loss, reason = "small tiles")]
            let frame = art::OverlayFrame::new(TILE_R_PX as f32);
            #[expect(clippy::cast_precision_loss, reason = "small tiles")]
            let k = HEX_R / TILE_R_PX as f32;
            for row in 0..height {
                for col in 0..g.width {
                    let o = Offset::new(col, row);
                    let (cx, cy) = frame.hex_centre_px(o);
                    let at = g.map_image_top_left() + Vec2::new(cx, -cy) * k;
                    assert!(
                        at.distance(g.world(o)) < 1e-3,
                        "{o}: {at} vs {}",
                        g.world(o)
                    );
                }
            }
        }
    }

    /// Every tile of the tilemap lands on the centre of its hex, for both parities of height.
    #[test]
    fn tiles_land_on_their_hexes() {
        for height in [9, 10] {
            let g = geometry(height);
            let origin = g.tilemap_origin();
            let size = TilemapSize {
                x: 12,
                y: height.unsigned_abs(),
            };
            for row in 0..height {
                for col in 0..12 {
                    let o = Offset::new(col, row);
                    let at = g.tile_pos(o).center_in_world(
                        &size,
                        &g.grid_size(),
                        &TilemapTileSize {
                            x: HEX_W,
                            y: 2.0 * HEX_R,
                        },
                        &TilemapType::Hexagon(g.coord_system()),
                        &TilemapAnchor::None,
                    ) + origin;
                    let want = g.world(o);
                    assert!(
                        at.distance(want) < 0.01,
                        "{o} at {at} instead of {want} (height {height})"
                    );
                }
            }
        }
    }

    #[test]
    fn hex_at_inverts_world() {
        let g = geometry(10);
        for row in 0..10 {
            for col in 0..12 {
                let o = Offset::new(col, row);
                assert_eq!(g.hex_at(g.world(o)), Some(o));
                assert_eq!(g.hex_at(g.world(o) + Vec2::new(HEX_W * 0.4, 0.0)), Some(o));
            }
        }
        assert_eq!(g.hex_at(Vec2::new(-100.0, 0.0)), None);
    }
}

/// The game on screen and whose eyes it is seen through: the battle's (under fog of war,
/// through the viewing side's) or the autoplay's (everything).
#[derive(bevy::ecs::system::SystemParam)]
pub struct Shown<'w> {
    screen: Res<'w, State<Screen>>,
    session: Option<Res<'w, super::session::Session>>,
    auto: Option<Res<'w, super::autoplay::Autoplay>>,
}

impl Shown<'_> {
    /// The game on screen, if any.
    #[must_use]
    pub fn game(&self) -> Option<&kalbajar_core::rules::Game> {
        match self.screen.get() {
            Screen::Autoplay => self.auto.as_deref().map(|a| &a.game),
            Screen::Battle | Screen::Debrief | Screen::Handover => {
                self.session.as_deref().map(super::session::Session::game)
            }
            _ => None,
        }
    }

    /// The side whose knowledge limits what is shown, or `None` to show everything.
    #[must_use]
    pub fn viewer(&self) -> Option<kalbajar_core::geography::Side> {
        match self.screen.get() {
            Screen::Battle | Screen::Handover => self
                .session
                .as_deref()
                .filter(|s| s.game().state().fog && !s.game().is_over())
                .map(super::session::Session::viewer),
            _ => None,
        }
    }

    /// Whether a battle is on screen (as opposed to the autoplay).
    #[must_use]
    pub fn is_battle(&self) -> bool {
        matches!(self.screen.get(), Screen::Battle)
    }
}
