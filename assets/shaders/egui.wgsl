// The panels' shader: bevy_egui's bindings, for an image that stores sRGB values as they are
// (the game's cameras blend in sRGB space). egui's colours are sRGB and egui blends them in
// sRGB space, so they are written as they are, with no conversion at all.
//
// The game's egui textures are egui's own: the font atlas and its white texel. Every texel
// of them is premultiplied white, (a, a, a, a) as bytes, so its colour is its alpha, which
// the sRGB texture hands over unconverted. The shader takes the alpha for the colour rather
// than encode the decoded colour back to sRGB (three square roots per channel on lavapipe).
// A texture with colours of its own (an egui image) would show as grey here.

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
    let coverage = textureLoad(image_texture, at, 0).a;
    return coverage * in.color;
}
