namespace KDTalker.Tensors;

public static partial class Ops
{
    /// <summary>Inference BatchNorm over axis 1 of (N, C, ...): (x − mean)/sqrt(var + eps)·weight + bias.</summary>
    public static Tensor BatchNorm(Tensor x, Tensor mean, Tensor variance, Tensor? weight, Tensor? bias, float eps = 1e-5f)
    {
        if (x.Rank < 2)
            throw new ArgumentException($"BatchNorm expects (N, C, ...), got {x}.");
        int channels = x.Shape[1];
        RequireVector(mean, channels, "BatchNorm", "running_mean");
        RequireVector(variance, channels, "BatchNorm", "running_var");
        RequireVector(weight, channels, "BatchNorm", "weight");
        RequireVector(bias, channels, "BatchNorm", "bias");
        using var input = x.Contiguous();
        using var m = mean.Contiguous();
        using var v = variance.Contiguous();
        using var w = ContiguousOrNull(weight);
        using var b = ContiguousOrNull(bias);
        return x.Backend.BatchNorm(input, m, v, w, b, eps);
    }

    /// <summary>InstanceNorm without affine parameters: each (n, c) plane normalised over its spatial axes.</summary>
    public static Tensor InstanceNorm(Tensor x, float eps = 1e-5f)
    {
        if (x.Rank < 3)
            throw new ArgumentException($"InstanceNorm expects (N, C, spatial...), got {x}.");
        using var input = x.Contiguous();
        return x.Backend.LayerNorm(input, null, null, eps, AxisSplit.Around(x.Shape, 2, x.Rank - 1));
    }

    /// <summary>nn.LayerNorm over the last axis; weight and bias hold that axis's size (any shape) or are null.</summary>
    public static Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps = 1e-5f)
    {
        int features = x.Shape[^1];
        RequireVector(weight, features, "LayerNorm", "weight");
        RequireVector(bias, features, "LayerNorm", "bias");
        using var input = x.Contiguous();
        using var w = ContiguousOrNull(weight);
        using var b = ContiguousOrNull(bias);
        return x.Backend.LayerNorm(input, w, b, eps, AxisSplit.Around(x.Shape, x.Rank - 1, x.Rank - 1));
    }

    /// <summary>ConvNeXt's channels_first LayerNorm: normalises axis 1 of (N, C, H, W) at every pixel.</summary>
    public static Tensor LayerNormChannelsFirst(Tensor x, Tensor? weight, Tensor? bias, float eps = 1e-6f)
    {
        if (x.Rank < 2)
            throw new ArgumentException($"LayerNormChannelsFirst expects (N, C, ...), got {x}.");
        RequireVector(weight, x.Shape[1], "LayerNormChannelsFirst", "weight");
        RequireVector(bias, x.Shape[1], "LayerNormChannelsFirst", "bias");
        using var input = x.Contiguous();
        using var w = ContiguousOrNull(weight);
        using var b = ContiguousOrNull(bias);
        return x.Backend.LayerNorm(input, w, b, eps, AxisSplit.Around(x.Shape, 1, 1));
    }

    /// <summary>ConvNeXt-V2 GRN on channels-last (N, H, W, C); gamma and beta hold C values ([1,1,1,C] upstream).</summary>
    public static Tensor GlobalResponseNorm(Tensor x, Tensor gamma, Tensor beta, float eps = 1e-6f)
    {
        RequireRank(x, 4, "GlobalResponseNorm", "(N, H, W, C)");
        RequireVector(gamma, x.Shape[3], "GlobalResponseNorm", "gamma");
        RequireVector(beta, x.Shape[3], "GlobalResponseNorm", "beta");
        using var input = x.Contiguous();
        using var g = gamma.Contiguous();
        using var b = beta.Contiguous();
        return x.Backend.GlobalResponseNorm(input, g, b, eps);
    }
}
