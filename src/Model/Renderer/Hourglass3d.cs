using KDTalker.Model.Layers;
using KDTalker.Tensors;
using static KDTalker.Model.Layers.TensorChain;

namespace KDTalker.Model.Renderer;

/// <summary>
/// The dense-motion 3-D hourglass (docs/MODULES.md §3.1 step 7): DownBlock3d encoder keeping every output,
/// UpBlock3d decoder concatenating [upsampled, skip], then Conv3d → BatchNorm3d → ReLU. Output channels:
/// block expansion + input channels.
/// </summary>
internal sealed class Hourglass3d : IDisposable
{
    private readonly DownBlock[] _down;
    private readonly UpBlock3d[] _up;
    private readonly Convolution _conv; // with the decoder's BatchNorm3d folded in

    public Hourglass3d(WeightScope scope, int blockExpansion, int inFeatures, int maxFeatures, int blocks)
    {
        int Width(int i) => Math.Min(maxFeatures, blockExpansion * (1 << i));
        _down = Enumerable.Range(0, blocks)
            .Select(i => new DownBlock(scope["encoder"]["down_blocks"][i], i == 0 ? inFeatures : Width(i), Width(i + 1), volumetric: true))
            .ToArray();
        _up = Enumerable.Range(0, blocks).Reverse()
            .Select((i, j) => new UpBlock3d(scope["decoder"]["up_blocks"][j], (i == blocks - 1 ? 1 : 2) * Width(i + 1), Width(i)))
            .ToArray();
        OutChannels = blockExpansion + inFeatures;
        _conv = new Convolution(scope["decoder"]["conv"], scope["decoder"]["norm"], OutChannels, OutChannels, [3, 3, 3], [1, 1, 1], [1, 1, 1]);
    }

    public int OutChannels { get; }

    public Tensor Forward(Tensor input)
    {
        var skips = new List<Tensor> { Ops.Clone(input) };
        try
        {
            foreach (var block in _down)
                skips.Add(block.Forward(skips[^1]));
            var x = skips[^1];
            skips.RemoveAt(skips.Count - 1);
            foreach (var block in _up)
            {
                Replace(ref x, block.Forward(x));
                var skip = skips[^1];
                skips.RemoveAt(skips.Count - 1);
                Replace(ref x, Ops.Concat([x, skip], 1));
                skip.Dispose();
            }
            Replace(ref x, _conv.Forward(x, ConvolutionEpilogue.Activate(UnaryOp.Relu)));
            return x;
        }
        finally
        {
            foreach (var skip in skips)
                skip.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var layer in _down.Concat<IDisposable>(_up).Append(_conv))
            layer.Dispose();
    }
}
