// The map image's shader: the texel under the pixel, laid over the background colour by
// the shader itself. The map is the lowest layer and only the background lies under it,
// so the pipeline needs neither blending nor a depth test, and a software renderer
// (lavapipe) then skips reading back and converting every pixel it draws over.
//
// The image stores sRGB values in a plain format, so a sample is the sRGB colour as it is,
// and the background uniform is sRGB-encoded too. The game's cameras store sRGB values
// (`SRGB_OUTPUT`), so the result goes out unconverted.

#import bevy_sprite::mesh2d_vertex_output::VertexOutput
#ifndef SRGB_OUTPUT
#import bevy_render::color_operations::srgb_to_linear
#endif

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> background: vec4<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(1) var map_texture: texture_2d<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(2) var map_sampler: sampler;

@fragment
fn fragment(mesh: VertexOutput) -> @location(0) vec4<f32> {
    let texel = textureSample(map_texture, map_sampler, mesh.uv);
    // Straight alpha over an opaque background.
    let srgb = mix(background.rgb, texel.rgb, texel.a);
#ifdef SRGB_OUTPUT
    return vec4<f32>(srgb, 1.0);
#else
    // A camera that blends in linear light gets linear values.
    return vec4<f32>(srgb_to_linear(srgb), 1.0);
#endif
}
