using System.Net;

namespace KDTalker.Farm.Cluster;

/// <summary>
/// Where a worker listens: its silo port (silo-to-silo traffic), its gateway port (coordinators connect there), the
/// address it listens on, and the address and ports it advertises to the others (they differ behind NAT, port
/// forwarding or a container's published ports). Loopback unless told otherwise.
/// </summary>
public sealed record WorkerEndpoints
{
    private readonly int? _advertisedSiloPort, _advertisedGatewayPort;

    /// <summary>Orleans' default silo port.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Orleans' default gateway port.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The silo port this worker listens on.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    /// <summary>The gateway port this worker listens on.</summary>
    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>The silo port the other workers connect to (default: <see cref="SiloPort"/>).</summary>
    public int AdvertisedSiloPort { get => _advertisedSiloPort ?? SiloPort; init => _advertisedSiloPort = value; }

    /// <summary>The gateway port coordinators connect to (default: <see cref="GatewayPort"/>).</summary>
    public int AdvertisedGatewayPort { get => _advertisedGatewayPort ?? GatewayPort; init => _advertisedGatewayPort = value; }

    /// <summary>The address to listen on (default loopback; <see cref="IPAddress.Any"/> for all interfaces).</summary>
    public IPAddress Listen { get; init; } = IPAddress.Loopback;

    /// <summary>The address other machines reach this worker at (default: <see cref="Listen"/>, or the first non-loopback address when listening on
    /// all).</summary>
    public IPAddress Advertised { get; init; } = IPAddress.Loopback;
}
