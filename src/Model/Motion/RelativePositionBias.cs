using KDTalker.Model.Layers;
using KDTalker.Tensors;

namespace KDTalker.Model.Motion;

/// <summary>
/// time_rel_pos_bias (docs/MODULES.md §6.3): T5-style buckets of n = i − j (query minus key), 32 buckets, maximum
/// distance 128; keys after the query use buckets 16–31. The bias of head h is Embedding(32, heads)[bucket, h].
/// </summary>
public sealed class RelativePositionBias : IDisposable
{
    private const int Buckets = 32, MaxDistance = 128;
    private readonly Tensor _table;
    private readonly int _heads;

    /// <summary>Loads relative_attention_bias.weight [32, heads].</summary>
    public RelativePositionBias(WeightScope scope, int heads)
    {
        _heads = heads;
        _table = scope["relative_attention_bias"].Get("weight", Buckets, heads);
    }

    /// <summary>The (heads, frames, frames) bias added to the attention logits.</summary>
    public Tensor Forward(int frames)
    {
        var weights = _table.ToArray();
        var bias = new float[_heads * frames * frames];
        for (int i = 0; i < frames; i++)
            for (int j = 0; j < frames; j++)
            {
                int bucket = Bucket(i - j);
                for (int h = 0; h < _heads; h++)
                    bias[(h * frames + i) * frames + j] = weights[bucket * _heads + h];
            }
        return Ops.FromSpan(_table.Backend, bias, _heads, frames, frames);
    }

    /// <summary>
    /// _relative_position_bucket(−(j − i)). Distances of 8 or more go to log-spaced buckets computed as
    /// upstream does, in float32 and truncated: 8 + ⌊ln(n/8)/f32(ln 16)·8⌋, capped at 15. At n = 16, 32 and 64
    /// the quotient is exactly 2, 4 and 6 in float32 (f32(ln 2ᵏ) = k·f32(ln 2)), the bucket edges.
    /// </summary>
    public static int Bucket(int queryMinusKey)
    {
        const int half = Buckets / 2, maxExact = half / 2;
        int offset = queryMinusKey < 0 ? half : 0;
        int n = Math.Abs(queryMinusKey);
        if (n < maxExact)
            return offset + n;
        float logRatio = MathF.Log(n / (float)maxExact) / (float)Math.Log(MaxDistance / (double)maxExact);
        int large = maxExact + (int)(logRatio * (half - maxExact));
        return offset + Math.Min(large, half - 1);
    }

    /// <inheritdoc />
    public void Dispose() => _table.Dispose();
}
