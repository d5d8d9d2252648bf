using System.Text.Json;
using KDTalker.Kernels.Gpu;
using KDTalker.Model.Layers;
using KDTalker.Model.Pipeline;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;
using KDTalker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace KDTalker.Tests.Gpu;

/// <summary>
/// The frame loop does not stall the device: rendering a frame (warp, decode, parse_output) on the GPU backend waits
/// for the device twice, once to upload both keypoint sets and once to download the image, whatever the number of
/// keypoints (21). Counted on ILGPU's CPU simulator, which passes the same synchronisation points as a GPU, with the
/// simulator-sized networks of tests/fixtures/simulator.
/// </summary>
public sealed class FrameSynchronizationTests(ITestOutputHelper output)
{
    [Fact]
    public void A_frame_synchronises_with_the_device_twice()
    {
        using var gpu = IlgpuBackend.Open(new IlgpuBackendOptions { Device = GpuDeviceKind.IlgpuCpu });
        using var warpingWeights = WeightSet.Open(Fixtures.Path("simulator/c_warping_module.pth"), checkReleaseShapes: false);
        using var decoderWeights = WeightSet.Open(Fixtures.Path("simulator/d_spade_generator.pth"), checkReleaseShapes: false);
        using var warping = new WarpingNetwork(warpingWeights.Scope("warping_module", gpu), NetworkConfigs.Warping(Params("c_warping_module")));
        using var decoder = new SpadeDecoder(decoderWeights.Scope("spade_generator", gpu), NetworkConfigs.Spade(Params("d_spade_generator")));
        var random = new Random(16);
        float[] Values(int count, float scale) => Enumerable.Range(0, count).Select(_ => (random.NextSingle() * 2 - 1) * scale).ToArray();
        using var feature = Ops.FromSpan(gpu, Values(4 * 2 * 8 * 8, 1f), 1, 4, 2, 8, 8); // f_s of a 32×32 image
        var kpSource = new ImplicitKeypoints(Values(21 * 3, 0.6f));

        FrameGenerator.Render(warping, decoder, feature, kpSource, new ImplicitKeypoints(Values(21 * 3, 0.6f))); // first frame: kernels compile, the grid is built
        long before = gpu.Synchronizations;
        var image = FrameGenerator.Render(warping, decoder, feature, kpSource, new ImplicitKeypoints(Values(21 * 3, 0.6f)));
        long perFrame = gpu.Synchronizations - before;

        output.WriteLine($"host-device synchronisations in a frame: {perFrame}");
        Assert.Equal((64, 64), (image.Width, image.Height));
        Assert.Equal(2, perFrame);
    }

    private static JsonElement Params(string name) =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path($"simulator/{name}.config.json"))).RootElement.GetProperty("params");
}
