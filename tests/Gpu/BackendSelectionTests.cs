using KDTalker.Kernels;
using KDTalker.Kernels.Gpu;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Gpu;

/// <summary>
/// Choosing the backend: the `--device` names, a named GPU kind that is absent gives a clear error (on a machine with
/// one, the backend opens instead), auto falls back to the CPU and says why, and the CLI rejects unknown devices and
/// notes that fp16 is ignored on the CPU.
/// </summary>
public sealed class BackendSelectionTests
{
    [Fact]
    public void Device_names_map_to_the_compute_devices()
    {
        Assert.Equal(Enum.GetValues<ComputeDevice>().Length, Backends.DeviceNames.Count);
        foreach (var device in Enum.GetValues<ComputeDevice>())
            Assert.Equal(device, Backends.ParseDevice(Backends.DeviceNames[(int)device].ToUpperInvariant()));
        Assert.Null(Backends.ParseDevice("tpu"));
    }

    [Theory]
    [InlineData(ComputeDevice.Cuda, "cuda", "No CUDA device")]
    [InlineData(ComputeDevice.OpenCL, "opencl", "No OpenCL device")]
    public void A_named_gpu_opens_or_is_reported_missing(ComputeDevice device, string name, string missing)
    {
        try
        {
            using var backend = Backends.Create(device);
            Assert.Equal(name, backend.Name);
        }
        catch (InvalidOperationException error)
        {
            Assert.Contains(missing, error.Message);
            Assert.Contains("Install", error.Message); // what to install; the CLI adds which --device to choose instead
            Assert.DoesNotContain("--device", error.Message);
        }
    }

    [Fact]
    public void Auto_takes_a_gpu_or_the_cpu_and_the_simulator_runs_on_request()
    {
        using (var auto = Backends.Create(ComputeDevice.Auto))
            Assert.Contains(auto.Name, new[] { "cpu", "cuda", "opencl" });
        using var simulator = Backends.Create(ComputeDevice.IlgpuCpu);
        Assert.Equal("ilgpu-cpu", simulator.Name);
        Assert.Contains("fp32 storage", simulator.Description);
    }

    [Fact]
    public void Auto_says_why_it_falls_back_to_the_cpu_and_that_fp16_is_ignored_there()
    {
        var notices = new List<string>();
        using var backend = Backends.Create(ComputeDevice.Auto, gpu: new IlgpuBackendOptions { HalfPrecision = true }, notice: notices.Add);
        if (backend.Name != "cpu")
        {
            Assert.Empty(notices); // this machine has a GPU, and auto took it
            return;
        }
        var fallback = Assert.Single(notices, n => n.StartsWith("no usable GPU", StringComparison.Ordinal));
        Assert.Matches(@"CUDA: .*(no NVIDIA driver|reports no CUDA device|too old|could not be started)", fallback);
        Assert.Matches(@"OpenCL: .*(no OpenCL loader|no driver offers a device|could not be started)", fallback);
        Assert.Contains(notices, n => n.Contains("fp16") && n.Contains("ignored"));
    }

    [Fact]
    public void The_cli_rejects_an_unknown_device_and_says_fp16_is_ignored_on_the_cpu()
    {
        var unknown = Kdtalker.Run("info", "--device", "tpu");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("--device must be one of auto, cpu, cuda, opencl, ilgpu-cpu", unknown.Error);
        var half = Kdtalker.Run("info", "--device", "cpu", "--precision", "fp16");
        Assert.Equal(0, half.ExitCode);
        Assert.Contains("note: --device cpu: half-precision (fp16) storage is ignored", half.Error);
        Assert.Contains("backend       cpu", half.Output);
        var cuda = Kdtalker.Run("info", "--device", "cuda");
        if (cuda.ExitCode != 0) // no CUDA device here: the CLI says what to install or choose instead
            Assert.Matches(@"--device cuda: No CUDA device was found: .* Install .* Or choose --device cpu \(or auto", cuda.Error);
        var simulator = Kdtalker.Run("info", "--device", "ilgpu-cpu", "--precision", "fp16");
        Assert.Equal(0, simulator.ExitCode);
        Assert.Contains("fp16 storage", simulator.Output);
    }
}
