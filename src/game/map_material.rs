//! The material the baked map image is drawn with. Bevy's sprites blend every pixel over
//! what is already drawn and test it against the depth buffer; the map is the lowest layer,
//! over nothing but the background, so its material does neither and mixes in the background
//! colour itself. The image stores sRGB values in a plain format and the cameras' image takes
//! sRGB values (see `window_copy`), so the texels go through unconverted. On a software
//! renderer that saves reading back, converting and blending each of the map's pixels, every
//! frame.

use bevy::asset::uuid_handle;
use bevy::mesh::MeshVertexBufferLayoutRef;
use bevy::prelude::*;
use bevy::render::render_resource::{
    AsBindGroup, CompareFunction, RenderPipelineDescriptor, SpecializedMeshPipelineError,
};
use bevy::shader::{Shader, ShaderRef};
use bevy::sprite_render::{AlphaMode2d, Material2d, Material2dKey, Material2dPlugin};

/// The shader's source, built into the binary like the panels' shader.
const SOURCE: &str = include_str!("../../assets/shaders/map.wgsl");

const SHADER: Handle<Shader> = uuid_handle!("6f7e0c1a-3b52-4d0e-9a55-2f1c8d7b9e41");

/// One piece of the baked map image, drawn over a background of one colour.
#[derive(Asset, TypePath, AsBindGroup, Clone, Debug)]
pub struct MapPieceMaterial {
    /// What shows where the image is transparent (outside the map's hexes): the window's
    /// clear colour, sRGB-encoded like the image.
    #[uniform(0)]
    pub background: Vec4,
    /// The piece's image, with its mip levels and sampler.
    #[texture(1)]
    #[sampler(2)]
    pub image: Handle<Image>,
}

impl Material2d for MapPieceMaterial {
    fn fragment_shader() -> ShaderRef {
        SHADER.into()
    }

    // Drawn in the sorted (transparent) phase, so it keeps its place under the sprites by
    // its depth; the opaque phase would write depth for every pixel.
    fn alpha_mode(&self) -> AlphaMode2d {
        AlphaMode2d::Blend
    }

    fn specialize(
        descriptor: &mut RenderPipelineDescriptor,
        _layout: &MeshVertexBufferLayoutRef,
        _key: Material2dKey<Self>,
    ) -> Result<(), SpecializedMeshPipelineError> {
        if let Some(fragment) = descriptor.fragment.as_mut() {
            for target in fragment.targets.iter_mut().flatten() {
                target.blend = None;
            }
        }
        if let Some(depth) = descriptor.depth_stencil.as_mut() {
            depth.depth_compare = Some(CompareFunction::Always);
            depth.depth_write_enabled = Some(false);
        }
        Ok(())
    }
}

/// Registers the map's material and its shader.
pub struct MapMaterialPlugin;

impl Plugin for MapMaterialPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins(Material2dPlugin::<MapPieceMaterial>::default());
        if let Some(mut shaders) = app.world_mut().get_resource_mut::<Assets<Shader>>() {
            let shader = Shader::from_wgsl(SOURCE, "kalbajar/assets/shaders/map.wgsl");
            if let Err(e) = shaders.insert(SHADER.id(), shader) {
                warn!("the map's shader could not be installed: {e}");
            }
        }
    }
}
