using KDTalker.Kernels.Cpu;
using KDTalker.Tensors;
using Xunit;

namespace KDTalker.Tests.Support;

/// <summary>
/// Every backend configuration the op tests run on: each SIMD path this machine can execute, with one
/// thread and with several (so the scalar and Vector128 paths are tested even on an AVX2 machine).
/// </summary>
public static class TestBackends
{
    /// <summary>Names for [MemberData]: "simd/threads".</summary>
    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var level in Enum.GetValues<SimdLevel>())
            {
                if (level > CpuFeatures.Best)
                    continue;
                data.Add($"{level}/1");
                data.Add($"{level}/3");
            }
            return data;
        }
    }

    /// <summary>Creates the backend a name from <see cref="All"/> stands for.</summary>
    public static IBackend Create(string name)
    {
        var parts = name.Split('/');
        return new CpuBackend(new CpuBackendOptions { MaxSimd = Enum.Parse<SimdLevel>(parts[0]), Threads = int.Parse(parts[1]) });
    }
}
