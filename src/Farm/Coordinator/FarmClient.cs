using KDTalker.Farm.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KDTalker.Farm.Coordinator;

/// <summary>
/// The coordinator's connection to the farm: an Orleans client that finds the workers' gateways in the membership
/// store. It connects in the background (while the coordinator computes the motion) and, while no worker is up,
/// waits and says so.
/// </summary>
internal sealed class FarmClient : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Task _started;
    private bool _waitReported;

    public FarmClient(ClusterAddress cluster, IProgress<string>? status, CancellationToken cancellationToken)
    {
        _host = new HostBuilder()
            .UseOrleansClient(client => ClusterConfiguration.ConfigureClient(client, cluster, async (error, token) =>
            {
                if (!_waitReported)
                    status?.Report($"no worker reachable in {cluster} yet: waiting for one (start `kdtalker worker --cluster {cluster}`)");
                _waitReported = true;
                await Task.Delay(TimeSpan.FromSeconds(2), token).ConfigureAwait(false);
                return true;
            }))
            // Orleans' own warnings (refused connections while a worker dies) would bury the coordinator's reports.
            .ConfigureLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Critical))
            .Build();
        _started = _host.StartAsync(cancellationToken);
    }

    /// <summary>The connected client.</summary>
    public async Task<IClusterClient> ConnectAsync(CancellationToken cancellationToken)
    {
        await _started.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _host.Services.GetRequiredService<IClusterClient>();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started.IsCompletedSuccessfully)
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _host.StopAsync(grace.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            _host.Dispose();
        }
    }
}
