using System.CommandLine;
using KDTalker.Kernels;
using KDTalker.Kernels.Cpu;
using KDTalker.Kernels.Gpu;
using KDTalker.Tensors;

namespace KDTalker.Cli;

/// <summary>`--device`, `--precision`, `--threads N` and `--simd LEVEL`: the options that choose the compute backend.</summary>
internal sealed class BackendOptions
{
    private static readonly string[] Precisions = ["fp32", "fp16"];
    private static readonly string[] SimdNames = ["scalar", "vector128", "vector256", "vector512"];

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

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_device);
        command.Options.Add(_precision);
        command.Options.Add(_threads);
        command.Options.Add(_simd);
    }

    /// <summary>The backend the parsed options name; fp16 on the CPU, or a device that is not on this machine, is a usage error.</summary>
    public IBackend Create(ParseResult result)
    {
        var device = result.GetValue(_device) ?? ComputeDevice.Auto;
        bool halfPrecision = result.GetValue(_precision) == Precision.Fp16;
        if (halfPrecision && device == ComputeDevice.Cpu)
            throw new UsageException("--precision fp16 applies to the GPU backends; the CPU backend computes in float32.");
        var cpu = new CpuBackendOptions { Threads = result.GetValue(_threads), MaxSimd = result.GetValue(_simd) ?? SimdLevel.Vector512 };
        var gpu = new IlgpuBackendOptions { HalfPrecision = halfPrecision };
        try
        {
            return Backends.Create(device, cpu, gpu);
        }
        catch (InvalidOperationException error)
        {
            throw new UsageException($"--device {Backends.DeviceNames[(int)device]}: {error.Message}");
        }
    }

    private enum Precision
    {
        Fp32,
        Fp16,
    }
}
