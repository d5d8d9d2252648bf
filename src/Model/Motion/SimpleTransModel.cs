using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.Motion;

/// <summary>
/// KDTalker's spatiotemporal denoiser (point_model.model, docs/MODULES.md §6): X (1, F, 70) noisy motion frames,
/// diffusion step t and per-frame audio context C (1, F, 512) → predicted noise (1, F, 70).
/// cond = [time_mlp(t), C]; x = input_projection(X); per layer two conditioned ResNet blocks then
/// pre-norm temporal self-attention with rotary and relative-position bias; output_projection (no final norm).
/// </summary>
public sealed class SimpleTransModel : IDisposable
{
    private readonly TimestepEmbedding _time;
    private readonly Linear _inputProjection, _outputProjection;
    private readonly RelativePositionBias _relativePositionBias;
    private readonly (ConditionedResnetBlock A, ConditionedResnetBlock B, TemporalAttention Attention)[] _layers;

    /// <summary>Builds the network from point_model.model's scope.</summary>
    public SimpleTransModel(WeightScope scope, DenoiserConfig config)
    {
        config.Validate();
        Config = config;
        Backend = scope.Backend;
        _time = new TimestepEmbedding(scope["time_mlp"], config.Dim, config.TimeEmbedDim);
        _inputProjection = new Linear(scope["input_projection"], config.MotionFeatures, config.Dim);
        _relativePositionBias = new RelativePositionBias(scope["time_rel_pos_bias"], config.Heads);
        _layers = new (ConditionedResnetBlock, ConditionedResnetBlock, TemporalAttention)[config.Layers];
        for (int l = 0; l < config.Layers; l++)
            _layers[l] = (new ConditionedResnetBlock(scope["layers"][l][0], config), new ConditionedResnetBlock(scope["layers"][l][1], config),
                new TemporalAttention(scope["layers"][l][2], config));
        _outputProjection = new Linear(scope["output_projection"], config.Dim, config.MotionFeatures);
    }

    /// <summary>The sizes this network was built with.</summary>
    public DenoiserConfig Config { get; }

    /// <summary>The rotary frequencies (one per rotated feature pair), shared by every layer.</summary>
    public ReadOnlySpan<float> RotaryFrequencies => _layers[0].Attention.RotaryFrequencies;

    /// <summary>The backend holding the weights.</summary>
    public IBackend Backend { get; }

    /// <summary>
    /// Everything that depends only on the window's audio and length, computed once and reused by every
    /// diffusion step: the audio half of each block's scale-shift, the relative-position bias, the rotary tables.
    /// </summary>
    public DenoiserContext Prepare(Tensor context)
    {
        if (context.Rank != 3 || context.Shape[0] != 1 || context.Shape[2] != Config.AudioFeatures)
            throw new ArgumentException($"The denoiser context must be (1, frames, {Config.AudioFeatures}), got {context}.");
        int frames = context.Shape[1];
        using var activated = Ops.Silu(context);
        var audio = new Tensor[2 * _layers.Length];
        for (int l = 0; l < _layers.Length; l++)
        {
            audio[2 * l] = _layers[l].A.AudioScaleShift(activated);
            audio[2 * l + 1] = _layers[l].B.AudioScaleShift(activated);
        }
        var (cos, sin) = RotaryEmbedding.Tables(Backend, RotaryFrequencies, frames);
        return new DenoiserContext(frames, audio, _relativePositionBias.Forward(frames), cos, sin);
    }

    /// <summary>Predicts the noise ε for x (1, F, 70) at diffusion step <paramref name="timestep"/>.</summary>
    public Tensor Forward(Tensor x, int timestep, DenoiserContext context, ITensorProbe? probe = null)
    {
        if (x.Rank != 3 || x.Shape[0] != 1 || x.Shape[1] != context.Frames || x.Shape[2] != Config.MotionFeatures)
            throw new ArgumentException($"The denoiser input must be (1, {context.Frames}, {Config.MotionFeatures}), got {x}.");
        using var time = _time.Forward(timestep, Backend);
        probe?.Capture("t_emb", time);
        using var activatedTime = Ops.Silu(time);
        var hidden = _inputProjection.Forward(x);
        probe?.Capture("input_projection_out", hidden);
        for (int l = 0; l < _layers.Length; l++)
        {
            var (a, b, attention) = _layers[l];
            using (var scaleShift = ScaleShift(a, activatedTime, context.AudioScaleShift[2 * l]))
                TensorChain.Replace(ref hidden, a.Forward(hidden, scaleShift));
            if (l == 0)
                probe?.Capture("layer0_block1_out", hidden);
            using (var scaleShift = ScaleShift(b, activatedTime, context.AudioScaleShift[2 * l + 1]))
                TensorChain.Replace(ref hidden, b.Forward(hidden, scaleShift));
            TensorChain.Replace(ref hidden, attention.Forward(hidden, context.Bias, context.RotaryCos, context.RotarySin));
            if (l == 0)
                probe?.Capture("layer0_attn_out", hidden);
        }
        using (hidden)
            return _outputProjection.Forward(hidden);
    }

    // mlp.1(SiLU([τ, audio])) = time part (one row) + audio part (per frame, precomputed).
    private static Tensor ScaleShift(ConditionedResnetBlock block, Tensor activatedTime, Tensor audioPart)
    {
        using var timePart = block.TimeScaleShift(activatedTime);
        return Ops.Add(audioPart, timePart);
    }


    /// <inheritdoc />
    public void Dispose()
    {
        _time.Dispose();
        _inputProjection.Dispose();
        _outputProjection.Dispose();
        _relativePositionBias.Dispose();
        foreach (var (a, b, attention) in _layers)
        {
            a.Dispose();
            b.Dispose();
            attention.Dispose();
        }
    }
}
