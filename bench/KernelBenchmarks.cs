using BenchmarkDotNet.Attributes;
using KDTalker.Kernels.Cpu;
using KDTalker.Tensors;

namespace KDTalker.Bench;

/// <summary>BenchmarkDotNet view of the main GEMM and SPADE-size conv2d cases.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private CpuBackend _backend = null!;
    private Tensor[] _inputs = [];
    private KernelCase _case = null!;

    [Params("gemm 1024x1024x1024", "gemm 66x2304x768", "conv2d winograd 3x3 512->512 @64x64", "conv2d direct 3x3 512->512 @64x64", "conv2d winograd 3x3 64->64 @256x256")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _case = KernelCases.All().First(k => k.ToString().StartsWith(Case, StringComparison.Ordinal));
        _backend = new CpuBackend(new CpuBackendOptions { Convolution = _case.Direct ? ConvolutionAlgorithm.Direct : ConvolutionAlgorithm.Auto });
        _inputs = _case.Inputs(_backend);
    }

    [Benchmark]
    public void Run() => _case.Run(_inputs).Dispose();

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var input in _inputs)
            input.Dispose();
        _backend.Dispose();
    }
}
