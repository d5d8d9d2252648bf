using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using KDTalker.Farm.Cluster;
using KDTalker.Farm.Worker;
using KDTalker.Model.Pipeline;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker worker`: a render-farm silo that renders frame ranges for coordinators until Ctrl+C or SIGTERM.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var cluster = ClusterOption.Create("the farm's membership store: redis://HOST[:PORT][/CLUSTER-ID] for several machines, "
            + "or localhost (one worker and its coordinators on this machine)", withDefault: true);
        var weights = new Option<string>("--weights")
        {
            Description = $"the coordinator's weights, copied to this machine (default: ${WeightsHelp.EnvironmentVariable} or ~/.local/share/kdtalker/weights; "
                + $"`{TalkerModels.TestWeightsName}` for the test networks)",
            HelpName = "PATH",
        };
        var name = new Option<string>("--name") { Description = "the name coordinators report (default: host name:silo port)", HelpName = "NAME" };
        var port = Port("--port", WorkerEndpoints.DefaultSiloPort, "silo port: worker-to-worker traffic");
        var gatewayPort = Port("--gateway-port", WorkerEndpoints.DefaultGatewayPort, "gateway port: coordinators connect here");
        var listen = Address("--listen", "the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)");
        var advertise = Address("--advertise", "the address other machines reach this one at (default: --listen, or the first non-loopback address " +
            "with 0.0.0.0)");
        var advertisePort = AdvertisedPort("--advertise-port", "the silo port the other workers connect to, when it is not --port (NAT, port "
            + "forwarding, a container's published port); default: --port");
        var advertiseGatewayPort = AdvertisedPort("--advertise-gateway-port", "the gateway port coordinators connect to, when it is not --gateway-port; "
            + "default: --gateway-port");
        var backendOptions = new BackendOptions();
        var command = new Command("worker", "render frames for a farm: loads the engine once, renders frame ranges for coordinators until Ctrl+C or SIGTERM")
        {
            cluster, weights, name, port, gatewayPort, listen, advertise, advertisePort, advertiseGatewayPort,
        };
        backendOptions.AddTo(command);
        command.Validators.Add(result =>
        {
            // Localhost clustering (the default, which a validator does not see yet) has fixed loopback endpoints: nothing to advertise.
            bool localhost = (result.GetValue(cluster) ?? ClusterAddress.Localhost).RedisEndpoint is null;
            if (localhost && (result.GetResult(advertisePort) ?? result.GetResult(advertiseGatewayPort)) is { } given)
                result.AddError($"{given.Option.Name} needs --cluster redis://…: with localhost clustering the worker is reached on its own ports.");
        });
        command.SetAction(result =>
        {
            string weightsPath = result.GetValue(weights) ?? WeightsHelp.DefaultLocation;
            if (weightsPath != TalkerModels.TestWeightsName && !File.Exists(weightsPath) && !Directory.Exists(weightsPath))
                throw new UsageException($"no weights at {weightsPath}. {WeightsHelp.HowToGet}");
            var listenAddress = result.GetValue(listen) ?? IPAddress.Loopback;
            int siloPort = result.GetValue(port), gatewayPortNumber = result.GetValue(gatewayPort);
            var endpoints = new WorkerEndpoints
            {
                SiloPort = siloPort,
                GatewayPort = gatewayPortNumber,
                AdvertisedSiloPort = result.GetResult(advertisePort) is null ? siloPort : result.GetValue(advertisePort),
                AdvertisedGatewayPort = result.GetResult(advertiseGatewayPort) is null ? gatewayPortNumber : result.GetValue(advertiseGatewayPort),
                Listen = listenAddress,
                Advertised = result.GetValue(advertise) ?? (listenAddress.Equals(IPAddress.Any) ? FirstNonLoopback() : listenAddress),
            };
            using var backend = backendOptions.Create(result);
            var options = new WorkerOptions { Cluster = result.GetValue(cluster)!, Weights = weightsPath, Endpoints = endpoints, Name = result.GetValue(name) };
            return Run(options, backend);
        });
        return command;
    }

    private static int Run(WorkerOptions options, KDTalker.Tensors.IBackend backend)
    {
        // Ctrl+C, SIGTERM (a service manager stopping it) and SIGHUP all leave the cluster cleanly.
        using var signals = new StopSignals();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(signals.Token);
        Console.WriteLine($"backend: {backend.Description}");
        try
        {
            WorkerHost.RunAsync(options, backend, new Status(), stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while loading: nothing to leave.
        }
        return ExitCodes.Success;
    }

    private static Option<int> Port(string name, int fallback, string description) =>
        new Option<int>(name) { Description = description, HelpName = "N", DefaultValueFactory = _ => fallback }
            .InRange(1, 65535, "a TCP port (1-65535)");

    // No default value: an option not given has no result, and the listening port is advertised.
    private static Option<int> AdvertisedPort(string name, string description) =>
        new Option<int>(name) { Description = description, HelpName = "N" }.InRange(1, 65535, "a TCP port (1-65535)");

    private static Option<IPAddress?> Address(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "IP",
        CustomParser = result =>
        {
            if (IPAddress.TryParse(result.Tokens[0].Value, out var address))
                return address;
            result.AddError($"{name} expects an IP address such as 192.168.1.20, not '{result.Tokens[0].Value}'.");
            return null;
        },
    };

    private static IPAddress FirstNonLoopback() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new UsageException("--listen 0.0.0.0: no network interface has an IPv4 address to advertise; pass --advertise IP.");

    private sealed class Status : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine(value);
    }
}
