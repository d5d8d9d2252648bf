using System.CommandLine;
using System.Runtime.InteropServices;
using KDTalker.Kernels.Cpu;
using KDTalker.Model.Media;
using KDTalker.Tensors;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker info`: version, runtime, the compute backend this machine gets, and the formats that work here.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var backendOptions = new BackendOptions();
        var command = new Command("info", "version, runtime, the compute backend this machine gets, and the audio and video formats that work here");
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
        Console.WriteLine($"runtime       {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} " +
            $"({RuntimeInformation.ProcessArchitecture})");
        Console.WriteLine($"backend       {backend.Name}: {backend.Description}");
        if (backend is CpuBackend cpu)
        {
            Console.WriteLine($"simd          {cpu.Simd} (hardware: {CpuFeatures.InstructionSets}, best path {CpuFeatures.Best})");
            Console.WriteLine($"threads       {cpu.Threads} of {Environment.ProcessorCount} logical cores");
        }
        string label = "formats";
        foreach (var support in MediaFormats.OnThisMachine())
        {
            Console.WriteLine($"{label,-14}{support.Direction,-10} {(support.Available ? "yes" : "no "),-4} {support.Formats}: {support.Detail}");
            label = "";
        }
        return 0;
    }
}
