using KDTalker.Tensors;
using KDTalker.Tests.Reference;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Operators;

/// <summary>
/// Convolutions against float64 on every backend. Tolerance: a reduction of K = C_in/groups·|kernel| float32
/// products: atol = 2e-6·K + 1e-5, rtol = 1e-5 (inputs and weights in [−1, 1]).
/// </summary>
public class ConvolutionTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        string[] cases =
        [
            // name: N,Cin,H,W / Cout,k / stride / padding / groups / bias
            "2,3,9,11/5,3x3/1x1/1x1/1/bias", "1,4,13,7/6,3x3/2x2/1x1/2/bias", "1,1,80,16/32,3x3/3x1/1x1/1/bias",
            "3,8,9,6/8,3x3/3x2/1x1/1/none", "1,16,3,3/24,3x3/1x1/0x0/1/bias", "1,12,9,9/12,7x7/1x1/3x3/12/bias",
            "1,7,10,13/7,7x7/2x2/3x3/7/none", "2,10,5,37/9,1x1/1x1/0x0/1/bias", "1,4,12,12/3,4x4/4x4/0x0/1/bias",
            "1,6,8,8/10,2x2/2x2/0x0/1/bias", "1,8,6,70/4,3x3/1x1/1x1/4/bias",
        ];
        foreach (var backend in TestBackends.All)
            foreach (var c in cases)
                data.Add(backend, c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2d_matches_float64(string backendName, string spec)
    {
        var parts = spec.Split('/');
        var input = parts[0].Split(',').Select(int.Parse).ToArray();
        var kernel = parts[1].Split(',', 'x').Select(int.Parse).ToArray();
        var stride = parts[2].Split('x').Select(int.Parse).ToArray();
        var padding = parts[3].Split('x').Select(int.Parse).ToArray();
        int groups = int.Parse(parts[4]);
        RunCase(backendName, input, [kernel[0], input[1] / groups, kernel[1], kernel[2]], stride, padding, groups, parts[5] == "bias", strided: spec.Length % 2 == 0);
    }

    public static TheoryData<string, int> Cases3d()
    {
        var data = new TheoryData<string, int>();
        foreach (var backend in TestBackends.All)
            for (int c = 0; c < 4; c++)
                data.Add(backend, c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases3d))]
    public void Conv3d_matches_float64(string backendName, int which)
    {
        switch (which)
        {
            case 0: RunCase(backendName, [1, 5, 4, 9, 7], [6, 5, 3, 3, 3], [1, 1, 1], [1, 1, 1], 1, true, false); break;
            case 1: RunCase(backendName, [1, 3, 5, 6, 6], [2, 3, 7, 7, 7], [1, 1, 1], [3, 3, 3], 1, true, true); break;
            case 2: RunCase(backendName, [2, 6, 3, 5, 4], [4, 6, 1, 1, 1], [1, 1, 1], [0, 0, 0], 1, false, false); break;
            default: RunCase(backendName, [1, 4, 6, 7, 8], [6, 2, 3, 3, 3], [2, 1, 2], [1, 0, 1], 2, true, true); break;
        }
    }

    private static void RunCase(string backendName, int[] inputShape, int[] weightShape, int[] stride, int[] padding, int groups, bool withBias, bool strided)
    {
        using var backend = TestBackends.Create(backendName);
        var random = new Random(inputShape.Sum() * 31 + weightShape.Sum());
        var x = RefTensor.Random(random, inputShape);
        var w = RefTensor.Random(random, weightShape);
        var b = withBias ? RefTensor.Random(random, [weightShape[0]]) : null;
        using var input = strided ? Numerics.UploadStrided(backend, x) : Numerics.Upload(backend, x);
        using var weight = Numerics.Upload(backend, w);
        using var bias = b is null ? null : Numerics.Upload(backend, b);
        using var y = Ops.Convolution(input, weight, bias, stride, padding, groups);
        int reduction = weightShape[1..].Aggregate(1, (p, q) => p * q);
        Numerics.AssertClose(y, ConvolutionReference.Convolve(x, w, b, stride, padding, groups), 2e-6 * reduction + 1e-5, 1e-5,
            $"conv x{ShapeMath.Format(inputShape)} w{ShapeMath.Format(weightShape)} s{ShapeMath.Format(stride)} p{ShapeMath.Format(padding)} g{groups}");
    }

    [Fact]
    public void A_convolution_that_does_not_fit_is_rejected_with_the_shapes()
    {
        using var backend = TestBackends.Create("Scalar/1");
        using var x = Ops.Zeros(backend, 1, 4, 5, 5);
        using var w = Ops.Zeros(backend, 8, 3, 3, 3);
        Assert.Contains("expects 3 input channels", Assert.Throws<ArgumentException>(() => Ops.Conv2d(x, w, null)).Message);
        using var big = Ops.Zeros(backend, 8, 4, 7, 7);
        Assert.Contains("larger than the padded input", Assert.Throws<ArgumentException>(() => Ops.Conv2d(x, big, null)).Message);
    }
}
