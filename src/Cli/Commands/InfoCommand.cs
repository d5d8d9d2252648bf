using System.CommandLine;
using System.Runtime.InteropServices;
using KDTalker.Kernels.Cpu;
using KDTalker.Tensors;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker info`: version, runtime and the compute backend this machine gets.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var backendOptions = new BackendOptions();
        var command = new Command("info", "version, runtime and the compute backend this machine gets");
        backendOptions.AddTo(command);
        command.SetAction(result =>
        {
            using var backend = backendOptions.Create(result);
            return Run(backend);
        });
        return command;
    }

    private static int Run(IBackend backend)
    {
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
