// The panels' shader: bevy_egui's bindings, for an image that stores sRGB values as they are
// (the game's cameras blend in sRGB space). egui's colours are sRGB and egui blends them in
// sRGB space, so they are written as they are; only the texture's texels, which the sRGB
// texture hands over in linear light, are encoded back, with a short polynomial instead of
// `pow` (on lavapipe the powers were a tenth of a frame). The polynomial stays within a
// twentieth of an 8-bit level of the exact curve (fitted for this game, see
// `src/game/panel_shader.rs`).

struct Transform {
    scale: vec2<f32>,
    translation: vec2<f32>,
}

struct VertexInput {
    @location(0) position: vec2<f32>,
    @location(1) uv: vec2<f32>,
    @location(2) color: vec4<f32>,
}

struct VertexOutput {
    @builtin(position) position: vec4<f32>,
    @location(0) color: vec4<f32>,
    @location(1) uv: vec2<f32>,
}

@group(0) @binding(0) var<uniform> transform: Transform;

#ifdef BINDLESS
@group(1) @binding(0) var image_texture: binding_array<texture_2d<f32>>;
@group(1) @binding(1) var image_sampler: binding_array<sampler>;

struct BindlessOffset {
    offset: u32,
};
var<immediate> offset: BindlessOffset;
#else
@group(1) @binding(0) var image_texture: texture_2d<f32>;
@group(1) @binding(1) var image_sampler: sampler;
#endif

// sRGB-encoded value of a linear one: three square roots and a blend of them.
fn encode_srgb(c: vec3<f32>) -> vec3<f32> {
    let s1 = sqrt(c);
    let s2 = sqrt(s1);
    let s3 = sqrt(s2);
    let curve = 0.642363725 * s1 + 0.712112673 * s2 - 0.336870865 * s3 - 0.017562448 * c;
    return select(curve, c * 12.92, c < vec3<f32>(0.0031308));
}

@vertex
fn vs_main(in: VertexInput) -> VertexOutput {
    let position = in.position * transform.scale + transform.translation;
    // egui's vertex colours are sRGB-encoded and interpolated as such.
    return VertexOutput(vec4<f32>(position, 0.0, 1.0), in.color, in.uv);
}

@fragment
fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {
#ifdef BINDLESS
    let image_texture = image_texture[offset.offset];
    let image_sampler = image_sampler[offset.offset];
#endif
    // egui multiplies colours in sRGB space (text looks right only that way), and the image
    // the panels are drawn into takes sRGB values.
    // The texel under the pixel, not a filtered sample: egui lays its glyphs and shapes on
    // whole pixels of its texture, so the two are the same (screenshots differ by at most one
    // level in under a hundred pixels), and filtering four texels of an sRGB texture is
    // lavapipe's slow path. The sampler stays bound: it is part of bevy_egui's layout.
    let size = textureDimensions(image_texture);
    let at = clamp(vec2<i32>(floor(in.uv * vec2<f32>(size))), vec2<i32>(0), vec2<i32>(size) - 1);
    let texel = textureLoad(image_texture, at, 0);
    return vec4<f32>(encode_srgb(texel.rgb), texel.a) * in.color;
}
