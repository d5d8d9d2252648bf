using System.Net;
using System.Runtime.InteropServices;
using KDTalker.Farm.Cluster;
using KDTalker.Farm.Worker;
using KDTalker.Model.Pipeline;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker worker`: a render-farm silo that renders frame ranges for coordinators until stopped.</summary>
internal sealed class WorkerCommand : ICommand
{
    public string Name => "worker";

    public string Summary => "[--cluster redis://HOST[:PORT][/ID]|localhost] [--weights PATH|test] [--device …] [--threads N]: render frames for a farm (`kdtalker worker --help`)";

    private const string Help = """
        usage: kdtalker worker [--cluster ADDRESS] [--weights PATH|test] [options]
          --cluster ADDRESS     the farm's membership store: redis://HOST[:PORT][/CLUSTER-ID] (several machines), or
                                localhost (default: one worker and its coordinators on this machine)
          --weights PATH        the coordinator's weights, copied to this machine (default: $KDTALKER_WEIGHTS or
                                ~/.local/share/kdtalker/weights; `test` for the test networks)
          --name NAME           the name coordinators report (default: host name:silo port)
          --port N              silo port, worker-to-worker traffic (default 11111)
          --gateway-port N      gateway port, coordinators connect here (default 30000)
          --listen ADDRESS      the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
          --advertise ADDRESS   the address other machines reach this one at (default: --listen, or the first
                                non-loopback address when listening on 0.0.0.0)
          --device, --precision, --threads N, --simd   the compute backend, as for generate
        Stop it with Ctrl+C or SIGTERM: it leaves the cluster and its coordinators move its frames elsewhere.
        """;

    public int Run(Arguments arguments)
    {
        if (arguments.Flag("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }
        var cluster = Cluster(arguments.Option("cluster") ?? "localhost");
        string weights = arguments.Option("weights") ?? WeightsHelp.DefaultLocation;
        var listen = Address(arguments, "listen") ?? IPAddress.Loopback;
        var endpoints = new WorkerEndpoints
        {
            SiloPort = Port(arguments, "port", WorkerEndpoints.DefaultSiloPort),
            GatewayPort = Port(arguments, "gateway-port", WorkerEndpoints.DefaultGatewayPort),
            Listen = listen,
            Advertised = Address(arguments, "advertise") ?? (listen.Equals(IPAddress.Any) ? FirstNonLoopback() : listen),
        };
        string? name = arguments.Option("name");
        using var backend = BackendOptions.Create(arguments);
        arguments.RejectUnknown();
        if (weights != TalkerModels.TestWeightsName && !File.Exists(weights) && !Directory.Exists(weights))
            throw new UsageException($"no weights at {weights}. {WeightsHelp.HowToGet}");

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            Console.WriteLine($"backend: {backend.Description}");
            var options = new WorkerOptions { Cluster = cluster, Weights = weights, Endpoints = endpoints, Name = name };
            WorkerHost.RunAsync(options, backend, new Status(), stop.Token).GetAwaiter().GetResult();
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    internal static ClusterAddress Cluster(string text)
    {
        try
        {
            return ClusterAddress.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static int Port(Arguments arguments, string name, int fallback)
    {
        int port = arguments.IntOption(name, fallback);
        return port is > 0 and < 65536 ? port : throw new UsageException($"--{name} must be a TCP port (1-65535), not {port}.");
    }

    private static IPAddress? Address(Arguments arguments, string name)
    {
        string? text = arguments.Option(name);
        if (text is null)
            return null;
        return IPAddress.TryParse(text, out var address) ? address : throw new UsageException($"--{name} expects an IP address such as 192.168.1.20, not '{text}'.");
    }

    private static IPAddress FirstNonLoopback() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new UsageException("--listen 0.0.0.0: no network interface has an IPv4 address to advertise; pass --advertise ADDRESS.");

    private sealed class Status : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine(value);
    }
}
