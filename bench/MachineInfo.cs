namespace KDTalker.Bench;

/// <summary>What the benchmarks ran on, for their headers.</summary>
public static class MachineInfo
{
    /// <summary>The CPU's model name (Linux /proc/cpuinfo), or the architecture elsewhere, with the core count.</summary>
    public static string CpuModel
    {
        get
        {
            string? model = null;
            if (File.Exists("/proc/cpuinfo"))
                model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            return $"{model ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} logical cores";
        }
    }
}
