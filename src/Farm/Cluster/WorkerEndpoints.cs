using System.Net;

namespace KDTalker.Farm.Cluster;

/// <summary>
/// Where a worker listens: its silo port (silo-to-silo traffic), its gateway port (coordinators connect there), the
/// address it listens on and the one it advertises to the others. Loopback unless told otherwise.
/// </summary>
public sealed record WorkerEndpoints
{
    /// <summary>Orleans' default silo port.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Orleans' default gateway port.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The silo port.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    /// <summary>The gateway port.</summary>
    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>The address to listen on (default loopback; <see cref="IPAddress.Any"/> for all interfaces).</summary>
    public IPAddress Listen { get; init; } = IPAddress.Loopback;

    /// <summary>The address other machines reach this worker at (default: <see cref="Listen"/>, or the first non-loopback address when listening on
    /// all).</summary>
    public IPAddress Advertised { get; init; } = IPAddress.Loopback;
}
