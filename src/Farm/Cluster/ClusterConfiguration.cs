using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace KDTalker.Farm.Cluster;

/// <summary>The Orleans settings every worker and coordinator of a farm share: membership, cluster id, failure detection.</summary>
internal static class ClusterConfiguration
{
    /// <summary>A worker silo on <paramref name="endpoints"/>, its membership in <paramref name="cluster"/>.</summary>
    public static void ConfigureSilo(ISiloBuilder silo, ClusterAddress cluster, WorkerEndpoints endpoints)
    {
        if (cluster.RedisEndpoint is null)
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, serviceId: cluster.ClusterId, clusterId: cluster.ClusterId);
        else
        {
            silo.UseRedisClustering(options => options.ConfigurationOptions = RedisOptions(cluster));
            silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ClusterId));
            silo.Configure<EndpointOptions>(options =>
            {
                options.AdvertisedIPAddress = endpoints.Advertised;
                // SiloPort and GatewayPort are what the membership table advertises; the listening endpoints are this machine's.
                options.SiloPort = endpoints.AdvertisedSiloPort;
                options.GatewayPort = endpoints.AdvertisedGatewayPort;
                options.SiloListeningEndpoint = new IPEndPoint(endpoints.Listen, endpoints.SiloPort);
                options.GatewayListeningEndpoint = new IPEndPoint(endpoints.Listen, endpoints.GatewayPort);
            });
        }
        // A killed worker is declared dead within about 10 s (3 missed 3-second probes), so its frames move on quickly.
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(3);
            options.NumMissedProbesLimit = 3;
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        });
        silo.Configure<MessagingOptions>(options => options.MaxMessageBodySize = 256 << 20);
    }

    /// <summary>A coordinator: an Orleans client that finds the workers' gateways in the membership store.</summary>
    public static void ConfigureClient(IClientBuilder client, ClusterAddress cluster, Func<Exception, CancellationToken, Task<bool>> retryConnect)
    {
        if (cluster.RedisEndpoint is null)
            client.UseLocalhostClustering(WorkerEndpoints.DefaultGatewayPort, serviceId: cluster.ClusterId, clusterId: cluster.ClusterId);
        else
        {
            client.UseRedisClustering(options => options.ConfigurationOptions = RedisOptions(cluster));
            client.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ClusterId));
        }
        // Workers that join mid-job are seen within 2 s.
        client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        client.Configure<MessagingOptions>(options => options.MaxMessageBodySize = 256 << 20);
        client.UseConnectionRetryFilter(retryConnect);
    }

    private static ConfigurationOptions RedisOptions(ClusterAddress cluster)
    {
        var options = ConfigurationOptions.Parse(cluster.RedisEndpoint!);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        return options;
    }
}
