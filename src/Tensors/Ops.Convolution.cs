namespace KDTalker.Tensors;

public static partial class Ops
{
    /// <summary>F.conv2d: x (N, C_in, H, W), weight (C_out, C_in/groups, kH, kW), bias (C_out) or null.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0, int groups = 1) =>
        Convolution(x, weight, bias, [stride, stride], [padding, padding], groups);

    /// <summary>F.conv2d with separate (H, W) strides and paddings.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, int groups = 1) =>
        Convolution(x, weight, bias, [stride.H, stride.W], [padding.H, padding.W], groups);

    /// <summary>F.conv3d: x (N, C_in, D, H, W), weight (C_out, C_in/groups, kD, kH, kW), bias (C_out) or null.</summary>
    public static Tensor Conv3d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0, int groups = 1) =>
        Convolution(x, weight, bias, [stride, stride, stride], [padding, padding, padding], groups);

    /// <summary>A 2-D or 3-D convolution with per-axis strides and paddings (ordered like the spatial axes).</summary>
    public static Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, int[] stride, int[] padding, int groups = 1) =>
        Convolution(x, weight, bias, stride, padding, groups, ConvolutionEpilogue.None);

    /// <summary>
    /// A convolution whose output values go through <paramref name="epilogue"/> before they are stored (an activation, a
    /// residual add, or SPADE's modulation), fused where the backend can.
    /// </summary>
    public static Tensor Convolution(Tensor x, Tensor weight, Tensor? bias, int[] stride, int[] padding, int groups, ConvolutionEpilogue epilogue)
    {
        SameBackend(x, weight, "The weight");
        SameBackend(x, bias, "The bias");
        var geometry = ConvolutionGeometry(x, weight, stride, padding, groups);
        RequireVector(bias, geometry.OutChannels, "Convolution", "bias");
        int[] output = [geometry.Batch, geometry.OutChannels, .. geometry.OutputSize];
        if (epilogue.Residual is { } residual)
        {
            SameBackend(x, residual, "The residual");
            if (!residual.Shape.SequenceEqual(output))
                throw new ArgumentException($"Convolution: the residual {residual} must have the output's shape {ShapeMath.Format(output)}.");
        }
        if (epilogue.Modulated is { } modulated)
        {
            SameBackend(x, modulated, "The modulated input");
            output[1] /= 2;
            if (geometry.OutChannels % 2 != 0 || !modulated.Shape.SequenceEqual(output))
                throw new ArgumentException($"Convolution: SPADE modulation needs stacked [γ; β] outputs and a normalised input of " +
                    $"shape {ShapeMath.Format(output)}; got {modulated}.");
        }
        using var input = x.Contiguous();
        using var kernel = weight.Contiguous();
        using var biasVector = ContiguousOrNull(bias);
        using var residualInput = ContiguousOrNull(epilogue.Residual);
        using var modulatedInput = ContiguousOrNull(epilogue.Modulated);
        var contiguous = epilogue;
        if (residualInput is not null)
            contiguous = epilogue.Activation is { } op ? ConvolutionEpilogue.Activate(op, epilogue.Alpha).WithResidual(residualInput)
                : ConvolutionEpilogue.Add(residualInput);
        else if (modulatedInput is not null)
            contiguous = ConvolutionEpilogue.Modulate(modulatedInput);
        return x.Backend.Convolution(input, kernel, biasVector, geometry, contiguous);
    }

    /// <summary>Checks a convolution's operands and works out its output size.</summary>
    public static ConvGeometry ConvolutionGeometry(Tensor x, Tensor weight, int[] stride, int[] padding, int groups)
    {
        int spatial = x.Rank - 2;
        if (spatial is not (2 or 3) || weight.Rank != x.Rank)
            throw new ArgumentException($"Convolution expects input (N, C, [D,] H, W) and a weight of the same rank; got {x} and {weight}.");
        if (stride.Length != spatial || padding.Length != spatial)
            throw new ArgumentException($"Convolution over {spatial} spatial axes needs {spatial} strides and paddings.");
        int inChannels = x.Shape[1], outChannels = weight.Shape[0];
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Convolution: groups={groups} must divide both {inChannels} input and {outChannels} output channels.");
        if (weight.Shape[1] != inChannels / groups)
            throw new ArgumentException($"Convolution: weight {weight} expects {weight.Shape[1] * groups} input channels, the input {x} has {inChannels}.");
        var inputSize = x.Shape[2..].ToArray();
        var kernelSize = weight.Shape[2..].ToArray();
        var outputSize = new int[spatial];
        for (int i = 0; i < spatial; i++)
        {
            if (stride[i] < 1 || padding[i] < 0)
                throw new ArgumentException($"Convolution: stride {stride[i]} and padding {padding[i]} are invalid.");
            outputSize[i] = ConvGeometry.OutputLength(inputSize[i], kernelSize[i], stride[i], padding[i]);
            if (outputSize[i] < 1)
                throw new ArgumentException($"Convolution: kernel {ShapeMath.Format(kernelSize)} is larger than the padded input {x}.");
        }
        return new ConvGeometry(x.Shape[0], inChannels, outChannels, groups, inputSize, kernelSize, (int[])stride.Clone(), (int[])padding.Clone(), outputSize);
    }
}
