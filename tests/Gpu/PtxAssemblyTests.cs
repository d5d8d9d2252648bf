using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;
using KDTalker.Kernels.Gpu;
using Xunit;
using Xunit.Abstractions;

namespace KDTalker.Tests.Gpu;

/// <summary>
/// Every GPU kernel (each public static void method of the classes in KDTalker.Kernels.Gpu.Kernels), for float32 and
/// half-precision storage, compiles to PTX with ILGPU's CUDA backend and assembles with NVIDIA's ptxas (CUDA 11.8, from
/// scripts/fetch-ptxas.sh) for sm_80 and sm_90, with no register spills: what the driver would reject or run slowly on
/// first launch fails here, without a GPU. Each kernel's registers, shared memory and stack frame go to the test output
/// and, when KDTALKER_PTXAS_REPORT names a file, to that file (CI prints it).
/// </summary>
public sealed partial class PtxAssemblyTests(ITestOutputHelper output)
{
    private static readonly CudaArchitecture[] Architectures = [CudaArchitecture.SM_80, CudaArchitecture.SM_90];
    private static readonly object ReportLock = new();

    public static TheoryData<string, bool> Kernels()
    {
        var data = new TheoryData<string, bool>();
        foreach (var method in KernelMethods())
            foreach (bool half in new[] { false, true })
                data.Add($"{method.DeclaringType!.Name}.{method.Name}", half);
        return data;
    }

    [Fact]
    public void The_catalogue_finds_every_kernel_family() =>
        Assert.True(KernelMethods().Count() >= 20, $"only {KernelMethods().Count()} kernels found");

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_assembles_for_sm80_and_sm90_without_spills(string name, bool halfPrecision)
    {
        string ptxas = Ptxas();
        var method = KernelMethods().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == name);
        var element = typeof(IlgpuBackend).Assembly.GetTypes().Single(t => t.Name == (halfPrecision ? "Fp16" : "Fp32"));
        method = method.MakeGenericMethod(halfPrecision ? typeof(ILGPU.Half) : typeof(float), element);
        bool implicitlyGrouped = method.GetParameters()[0].ParameterType.Name.StartsWith("Index", StringComparison.Ordinal);
        var entry = implicitlyGrouped
            ? EntryPointDescription.FromImplicitlyGroupedKernel(method)
            : EntryPointDescription.FromExplicitlyGroupedKernel(method);
        using var context = Context.Create(builder => builder.Cuda().EnableAlgorithms().Optimize(OptimizationLevel.O2));
        foreach (var architecture in Architectures)
        {
            using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, CudaInstructionSet.ISA_80, null);
            var kernel = (PTXCompiledKernel)backend.Compile(entry, default);
            // ILGPU 1.5.3 declares PTX ISA 8.0 (CUDA 12.0); CUDA 11.8's ptxas reads up to 7.8, which has every
            // instruction these kernels use.
            string ptx = VersionLine().Replace(kernel.PTXAssembly, ".version 7.8", 1);
            var usage = Assemble(ptxas, ptx, architecture, $"{name} ({(halfPrecision ? "fp16" : "fp32")})");
            string row = $"{name,-40} {(halfPrecision ? "fp16" : "fp32")}  {Sm(architecture)}  {usage.Registers,4} registers  " +
                         $"{usage.SharedBytes,6} B shared  {usage.StackBytes,5} B stack  {usage.SpillStores + usage.SpillLoads} B spilled";
            output.WriteLine(row);
            Report(row);
            Assert.True(usage.SpillStores == 0 && usage.SpillLoads == 0,
                $"{name} ({(halfPrecision ? "fp16" : "fp32")}) spills registers on {Sm(architecture)}: {usage.SpillStores} B stored, {usage.SpillLoads} B loaded");
        }
    }

    private static string Sm(CudaArchitecture architecture) => $"sm_{architecture.Major}{architecture.Minor}";

    private sealed record Usage(int Registers, int SharedBytes, int StackBytes, int SpillStores, int SpillLoads);

    /// <summary>Runs ptxas -v on <paramref name="ptx"/> and reads its resource report; fails when it does not assemble.</summary>
    private static Usage Assemble(string ptxas, string ptx, CudaArchitecture architecture, string what)
    {
        string file = Path.Combine(Path.GetTempPath(), $"kdtalker-{Guid.NewGuid():N}.ptx");
        File.WriteAllText(file, ptx);
        try
        {
            var start = new ProcessStartInfo(ptxas, ["-arch", Sm(architecture), "-v", "-o", "/dev/null", file])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            string report = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{what} does not assemble for {Sm(architecture)}:\n{report}{stdout.Result}");
            var used = UsedLine().Match(report);
            var frame = FrameLine().Match(report);
            Assert.True(used.Success && frame.Success, $"ptxas reported no resource usage for {what}:\n{report}");
            int Number(Match match, string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value) : 0;
            return new Usage(Number(used, "registers"), Number(used, "shared"), Number(frame, "stack"), Number(frame, "stores"), Number(frame, "loads"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>ptxas from $KDTALKER_PTXAS_DIR or ~/.cache/kdtalker/ptxas-11.8, where scripts/fetch-ptxas.sh installs it.</summary>
    private static string Ptxas()
    {
        string directory = Environment.GetEnvironmentVariable("KDTALKER_PTXAS_DIR") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kdtalker", "ptxas-11.8");
        string ptxas = Path.Combine(directory, "ptxas");
        Assert.True(File.Exists(ptxas), $"ptxas is not installed in {directory}: run `bash scripts/fetch-ptxas.sh` (the README's test command and CI do)");
        return ptxas;
    }

    private static void Report(string row)
    {
        if (Environment.GetEnvironmentVariable("KDTALKER_PTXAS_REPORT") is not { Length: > 0 } path)
            return;
        lock (ReportLock)
            File.AppendAllText(path, row + Environment.NewLine);
    }

    private static IEnumerable<MethodInfo> KernelMethods() =>
        typeof(IlgpuBackend).Assembly.GetTypes()
            .Where(type => type.Namespace == "KDTalker.Kernels.Gpu.Kernels" && type.IsAbstract && type.IsSealed) // static classes
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.ReturnType == typeof(void));

    [GeneratedRegex(@"^\.version \d+\.\d+", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"Used (?<registers>\d+) registers(, (?<shared>\d+) bytes smem)?")]
    private static partial Regex UsedLine();

    [GeneratedRegex(@"(?<stack>\d+) bytes stack frame, (?<stores>\d+) bytes spill stores, (?<loads>\d+) bytes spill loads")]
    private static partial Regex FrameLine();
}
