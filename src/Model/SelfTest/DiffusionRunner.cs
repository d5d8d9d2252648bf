using KDTalker.Model.Motion;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>
/// Case h: the denoiser once (t = 500) with its intermediates, then DDIM sampling of a 64-frame window with 5 and
/// 50 steps from the recorded noise. Tolerances (tests/fixtures/README.md): single call 1e-5 absolute, DDIM 5e-4 (error
/// grows with the steps and with |x|); ᾱ 1e-6 (a few float32 ulps: torch.linspace rounds differently);
/// bucket table, timesteps and the bias gathered from it exactly.
/// </summary>
internal sealed class DiffusionRunner : GoldenRunner
{
    private const double SingleCallTolerance = 1e-5, SamplingTolerance = 5e-4, ScheduleTolerance = 1e-6;

    public override bool Handles(string module) => module.StartsWith("ConditionalPointCloudDiffusionModel", StringComparison.Ordinal);

    public override IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend)
    {
        var parameters = golden.Params();
        var config = new DenoiserConfig(Dim: Int(parameters, "dim"), Layers: Int(parameters, "num_layers"));
        using var weights = new CaseWeights(golden, backend);
        var scope = weights.Scope(golden.Config.RootElement.GetProperty("weights").GetString()!, "kdtalker")["point_model"]["model"];
        using var denoiser = new SimpleTransModel(scope, config);
        var scheduler = new DdimScheduler(betaStart: parameters.GetProperty("beta_start").GetDouble(), betaEnd: parameters.GetProperty("beta_end").GetDouble());

        var results = new List<GoldenComparison>();
        results.AddRange(SingleCall(golden, denoiser, backend));
        results.Add(Compare(golden, "alphas_cumprod", scheduler.AlphasCumprod, ScheduleTolerance));
        var sampler = new MotionSampler(denoiser, scheduler);
        foreach (string stepsName in new[] { "steps_small", "steps_full" })
            results.AddRange(Sampling(golden, sampler, Int(parameters, stepsName)));
        return results;
    }

    private static List<GoldenComparison> SingleCall(GoldenCase golden, SimpleTransModel denoiser, IBackend backend)
    {
        using var input = golden.Tensors.ReadTensor("denoise_input", backend);
        using var contextTensor = golden.Tensors.ReadTensor("denoise_context", backend);
        int timestep = checked((int)golden.Tensors.ReadInt64("denoise_timestep")[0]);
        int frames = input.Shape[1];
        using var context = denoiser.Prepare(contextTensor);
        var capture = new TensorCapture();
        using var prediction = denoiser.Forward(input, timestep, context, capture);

        var buckets = new float[frames * frames];
        for (int i = 0; i < frames; i++)
            for (int j = 0; j < frames; j++)
                buckets[i * frames + j] = RelativePositionBias.Bucket(i - j);
        var pairAngles = RotaryEmbedding.Angles(denoiser.RotaryFrequencies, frames);
        // The fixture lists each pair's angle twice (interleaved), as rotary_embedding_torch stores it.
        var angles = pairAngles.SelectMany(a => new[] { a, a }).ToArray();
        return
        [
            Compare(golden, "denoise_noise_pred", prediction, SingleCallTolerance),
            Compare(golden, "denoise_t_emb", capture["t_emb"].Values, SingleCallTolerance),
            Compare(golden, "denoise_input_projection_out", capture["input_projection_out"].Values, SingleCallTolerance),
            Compare(golden, "denoise_layer0_block1_out", capture["layer0_block1_out"].Values, SingleCallTolerance),
            Compare(golden, "denoise_layer0_attn_out", capture["layer0_attn_out"].Values, SingleCallTolerance),
            Compare(golden, "denoise_time_rel_pos_bias", context.Bias, 0),
            GoldenComparison.Of("denoise_rel_pos_bucket", buckets, golden.Tensors.ReadInt64("denoise_rel_pos_bucket").Select(b => (float)b).ToArray(), 0),
            Compare(golden, "denoise_rotary_freqs", angles, SingleCallTolerance),
        ];
    }

    private static List<GoldenComparison> Sampling(GoldenCase golden, MotionSampler sampler, int steps)
    {
        string prefix = $"ddim{steps}_";
        var reference = golden.Tensors.ReadFloat32("ref_kps");          // (1, 70, 3): the three copies are equal
        var referenceRow = Enumerable.Range(0, MotionLayout.Features).Select(f => reference[f * 3]).ToArray();
        var identityRow = golden.Tensors.ReadFloat32("ori_kps");
        var audio = golden.Tensors.ReadFloat32("aud_feat");
        var noise = golden.Tensors.ReadFloat32("initial_x_t");
        var observed = new Dictionary<int, SamplingStep>();
        var timesteps = new List<int>();
        var output = sampler.Sample(identityRow, referenceRow, audio, noise, steps, step =>
        {
            timesteps.Add(step.Timestep);
            if (step.Index is 0 or 1 || step.Index == steps - 1)
                observed[step.Index] = step;
        });
        var results = new List<GoldenComparison>
        {
            GoldenComparison.Of(prefix + "timesteps", timesteps.Select(t => (float)t).ToArray(),
                golden.Tensors.ReadInt64(prefix + "timesteps").Select(t => (float)t).ToArray(), 0),
            Compare(golden, prefix + "x_t_input_step0", observed[0].ModelInput, 0),
        };
        foreach (var (index, step) in observed.OrderBy(o => o.Key))
        {
            results.Add(Compare(golden, $"{prefix}noise_pred_step{index}", step.NoisePrediction, SamplingTolerance));
            results.Add(Compare(golden, $"{prefix}x_t_after_step{index}", step.Sample, SamplingTolerance));
        }
        // The output stacks x₀ three times on a new last axis.
        results.Add(Compare(golden, prefix + "output", output.SelectMany(v => new[] { v, v, v }).ToArray(), SamplingTolerance));
        return results;
    }
}
