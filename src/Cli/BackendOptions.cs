using System.CommandLine;
using KDTalker.Kernels;
using KDTalker.Kernels.Cpu;
using KDTalker.Kernels.Gpu;
using KDTalker.Tensors;

namespace KDTalker.Cli;

/// <summary>`--device`, `--precision`, `--threads N`, `--simd LEVEL` and `--conv`: the options that choose the compute backend.</summary>
internal sealed class BackendOptions
{
    private static readonly string[] Precisions = ["fp32", "fp16"];
    private static readonly string[] SimdNames = ["scalar", "vector128", "vector256", "vector512"];
    private static readonly string[] ConvolutionNames = ["auto", "direct"];

    private readonly Option<ComputeDevice?> _device = OptionRules.Choice(
        "--device", Backends.DeviceNames, Backends.ParseDevice, "where to compute (default auto: the best GPU, else the CPU)");

    private readonly Option<Precision?> _precision = OptionRules.Choice<Precision>(
        "--precision", Precisions, text => text.ToLowerInvariant() switch { "fp32" => Precision.Fp32, "fp16" => Precision.Fp16, _ => (Precision?)null },
        "GPU tensor storage (default fp32)");

    private readonly Option<int> _threads = new Option<int>("--threads")
    {
        Description = "CPU threads, 0 = all cores",
        HelpName = "N",
        DefaultValueFactory = _ => 0,
    }.InRange(0, rule: "0 (all cores) or more");

    private readonly Option<SimdLevel?> _simd = OptionRules.Choice<SimdLevel>(
        "--simd", SimdNames, text => Enum.TryParse(text, ignoreCase: true, out SimdLevel level) ? level : null,
        "CPU vector width (default: the best this CPU has)");

    private readonly Option<ConvolutionAlgorithm?> _convolution = OptionRules.Choice<ConvolutionAlgorithm>(
        "--conv", ConvolutionNames, text => Enum.TryParse(text, ignoreCase: true, out ConvolutionAlgorithm algorithm) ? algorithm : null,
        "CPU convolution (default auto: Winograd for 3x3 kernels, direct elsewhere; direct: im2col everywhere, to compare numerics)");

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_device);
        command.Options.Add(_precision);
        command.Options.Add(_threads);
        command.Options.Add(_simd);
        command.Options.Add(_convolution);
    }

    /// <summary>
    /// The backend the parsed options name; a device that is not on this machine is a usage error, and a note on stderr
    /// says why auto fell back to the CPU or that fp16 storage is ignored on the CPU.
    /// </summary>
    public IBackend Create(ParseResult result)
    {
        var device = result.GetValue(_device) ?? ComputeDevice.Auto;
        bool halfPrecision = result.GetValue(_precision) == Precision.Fp16;
        var cpu = new CpuBackendOptions
        {
            Threads = result.GetValue(_threads),
            MaxSimd = result.GetValue(_simd) ?? SimdLevel.Vector512,
            Convolution = result.GetValue(_convolution) ?? ConvolutionAlgorithm.Auto,
        };
        var gpu = new IlgpuBackendOptions { HalfPrecision = halfPrecision };
        try
        {
            // Why auto fell back to the CPU, and that fp16 is ignored there, go to stderr: stdout may be a table or a pipe.
            return Backends.Create(device, cpu, gpu, notice: message =>
                Console.Error.WriteLine($"note: --device {Backends.DeviceNames[(int)device]}: {message}"));
        }
        catch (InvalidOperationException error)
        {
            throw new UsageException($"--device {Backends.DeviceNames[(int)device]}: {error.Message} Or choose --device cpu (or auto: the best GPU, else the CPU).");
        }
    }

    private enum Precision
    {
        Fp32,
        Fp16,
    }
}
