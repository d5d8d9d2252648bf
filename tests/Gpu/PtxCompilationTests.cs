using System.Reflection;
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
/// half-precision storage, compiles to PTX for sm_80 with ILGPU's CUDA backend, which needs no GPU: code the PTX
/// backend rejects fails here, in CI. A kernel whose first parameter is an index is implicitly grouped; the others use
/// groups and shared memory explicitly.
/// </summary>
public sealed class PtxCompilationTests(ITestOutputHelper output)
{
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
        Assert.True(KernelMethods().Count() >= 19, $"only {KernelMethods().Count()} kernels found");

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_ptx(string name, bool halfPrecision)
    {
        var method = KernelMethods().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == name);
        var element = typeof(IlgpuBackend).Assembly.GetTypes().Where(t => t.Name == (halfPrecision ? "Fp16" : "Fp32")).Single();
        method = method.MakeGenericMethod(halfPrecision ? typeof(ILGPU.Half) : typeof(float), element);
        using var context = Context.Create(builder => builder.Cuda().EnableAlgorithms().Optimize(OptimizationLevel.O2));
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, null);
        bool implicitlyGrouped = method.GetParameters()[0].ParameterType.Name.StartsWith("Index", StringComparison.Ordinal);
        var entry = implicitlyGrouped
            ? EntryPointDescription.FromImplicitlyGroupedKernel(method)
            : EntryPointDescription.FromExplicitlyGroupedKernel(method);
        var kernel = (PTXCompiledKernel)backend.Compile(entry, default);
        Assert.Contains(".entry", kernel.PTXAssembly);
        output.WriteLine($"{name} ({(halfPrecision ? "fp16" : "fp32")}): {kernel.PTXAssembly.Length} characters of PTX, {(kernel.PTXAssembly.Contains("ld.local") ? "with" : "no")} local-memory loads");
    }

    private static IEnumerable<MethodInfo> KernelMethods() =>
        typeof(IlgpuBackend).Assembly.GetTypes()
            .Where(type => type.Namespace == "KDTalker.Kernels.Gpu.Kernels" && type.IsAbstract && type.IsSealed) // static classes
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.ReturnType == typeof(void));
}
