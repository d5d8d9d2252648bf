using KDTalker.Farm.Cluster;
using KDTalker.Farm.Contracts;
using KDTalker.Model.Pipeline;
using KDTalker.Tensors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace KDTalker.Farm.Worker;

/// <summary><c>kdtalker worker</c>: an Orleans silo that loads the engine once and renders frame ranges until stopped.</summary>
public static class WorkerHost
{
    /// <summary>
    /// Loads the weights on <paramref name="backend"/>, joins the cluster, and serves until <paramref name="cancellationToken"/>
    /// fires; then leaves the cluster cleanly (its coordinators move its frames to the other workers).
    /// </summary>
    /// <param name="options">Cluster, weights, endpoints, name.</param>
    /// <param name="backend">The compute backend (the application chose it); not disposed here.</param>
    /// <param name="status">Hears what the worker does (loaded, joined, leaving).</param>
    /// <param name="cancellationToken">Stops the worker.</param>
    public static async Task RunAsync(WorkerOptions options, IBackend backend, IProgress<string>? status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backend);
        string name = options.Name ?? $"{Environment.MachineName}:{options.Endpoints.SiloPort}";
        status?.Report(options.Weights == TalkerModels.TestWeightsName ? "loading the test networks…" : $"loading weights from {options.Weights}…");
        var models = TalkerModels.Load(options.Weights, backend, cancellationToken);
        EngineIdentity identity;
        RenderEngine owner;
        try
        {
            identity = EngineFingerprint.Compute(options.Weights, models.Description);
            owner = new RenderEngine(models, new WorkerInfo(name, identity, backend.Description), status);
        }
        catch
        {
            models.Dispose();
            throw;
        }
        using var engine = owner;

        using var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                ClusterConfiguration.ConfigureSilo(silo, options.Cluster, options.Endpoints);
                silo.Configure<SiloOptions>(o => o.SiloName = name);
                silo.Services.AddSingleton(engine);
            })
            .ConfigureLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                // Its one warning on a normal start is that server GC is off, which is this app's choice.
                .AddFilter("Orleans.Runtime.Silo", LogLevel.Error))
            .Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        status?.Report($"worker {name} joined {options.Cluster}: engine {identity.Version}, {identity.WeightsDescription}, {backend.Description}; "
            + $"silo port {Port(options.Endpoints.SiloPort, options.Endpoints.AdvertisedSiloPort)}, "
            + $"gateway port {Port(options.Endpoints.GatewayPort, options.Endpoints.AdvertisedGatewayPort)} on {options.Endpoints.Advertised}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            status?.Report($"worker {name} leaving the cluster…");
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.StopAsync(grace.Token).ConfigureAwait(false);
    }

    private static string Port(int listening, int advertised) => listening == advertised ? $"{listening}" : $"{listening} (advertised {advertised})";
}
