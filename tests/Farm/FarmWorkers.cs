namespace KDTalker.Tests.Farm;

/// <summary>`kdtalker worker` processes (test networks, 1 thread each), started together and ready (joined) when the constructor returns.</summary>
internal sealed class FarmWorkers : IDisposable
{
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(3); // a bound against a hang, not a timing
    private readonly Dictionary<string, KdtalkerProcess> _processes = [];

    /// <summary>Workers of <paramref name="cluster"/> on free ports.</summary>
    public FarmWorkers(string cluster, params string[] names)
        : this(names.ToDictionary(name => name, name => Arguments(cluster, name, RedisServer.FreePort(), RedisServer.FreePort())))
    {
    }

    /// <summary>Workers started with these arguments after `kdtalker worker` (by name), from the kdtalker.dll in <paramref name="application"/>.</summary>
    public FarmWorkers(IReadOnlyDictionary<string, string[]> arguments, string? application = null)
    {
        foreach (var (name, workerArguments) in arguments)
            _processes[name] = new KdtalkerProcess(application ?? AppContext.BaseDirectory, ["worker", .. workerArguments]);
        foreach (var process in _processes.Values)
            process.WaitForLine("joined", Start);
    }

    public KdtalkerProcess this[string name] => _processes[name];

    /// <summary>A worker's arguments: the cluster, the test networks on one thread, its name and the ports it listens on.</summary>
    public static string[] Arguments(string cluster, string name, int siloPort, int gatewayPort) =>
        ["--cluster", cluster, "--weights", "test", "--threads", "1", "--name", name, "--port", siloPort.ToString(), "--gateway-port", gatewayPort.ToString()];

    public void Dispose()
    {
        foreach (var process in _processes.Values)
            process.Dispose();
    }
}
