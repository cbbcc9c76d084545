// The map image's shader: the texel under the pixel, laid over the background colour by
// the shader itself. The map is the lowest layer and only the background lies under it,
// so the pipeline needs neither blending nor a depth test, and a software renderer
// (lavapipe) then skips reading back and converting every pixel it draws over.

#import bevy_sprite::mesh2d_vertex_output::VertexOutput

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> background: vec4<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(1) var map_texture: texture_2d<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(2) var map_sampler: sampler;

@fragment
fn fragment(mesh: VertexOutput) -> @location(0) vec4<f32> {
    let texel = textureSample(map_texture, map_sampler, mesh.uv);
    // Straight alpha over an opaque background, in linear light as the blending would be.
    return vec4<f32>(mix(background.rgb, texel.rgb, texel.a), 1.0);
}
