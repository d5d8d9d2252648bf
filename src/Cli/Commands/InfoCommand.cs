using System.Runtime.InteropServices;
using KDTalker.Kernels.Cpu;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker info`: version, runtime and the compute backend this machine gets.</summary>
internal sealed class InfoCommand : ICommand
{
    public string Name => "info";

    public string Summary => "version, runtime and compute backend (" + BackendOptions.Help + ")";

    public int Run(Arguments arguments)
    {
        using var backend = BackendOptions.Create(arguments);
        arguments.RejectUnknown();
        Console.WriteLine($"kdtalker      {CommandLine.Version}");
        Console.WriteLine($"runtime       {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})");
        Console.WriteLine($"backend       {backend.Name}: {backend.Description}");
        if (backend is CpuBackend cpu)
        {
            Console.WriteLine($"simd          {cpu.Simd} (hardware: {CpuFeatures.InstructionSets}, best path {CpuFeatures.Best})");
            Console.WriteLine($"threads       {cpu.Threads} of {Environment.ProcessorCount} logical cores");
        }
        return 0;
    }
}
