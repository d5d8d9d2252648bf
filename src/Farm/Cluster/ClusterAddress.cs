namespace KDTalker.Farm.Cluster;

/// <summary>
/// Where the farm's membership lives, from <c>--cluster</c>: <c>redis://HOST[:PORT][/CLUSTER-ID]</c> (Orleans' Redis
/// clustering: workers and coordinators on several machines), or <c>localhost</c> (Orleans' development clustering:
/// one worker and its coordinators on this machine, nothing to install).
/// </summary>
public sealed record ClusterAddress
{
    /// <summary>The default cluster id: workers and coordinators of one farm share it.</summary>
    public const string DefaultClusterId = "kdtalker";

    /// <summary>The Redis port when none is given.</summary>
    public const int DefaultRedisPort = 6379;

    private ClusterAddress(string? redisEndpoint, string clusterId)
    {
        RedisEndpoint = redisEndpoint;
        ClusterId = clusterId;
    }

    /// <summary>Orleans' development clustering on this machine.</summary>
    public static ClusterAddress Localhost { get; } = new(null, DefaultClusterId);

    /// <summary>host:port of the Redis server holding the membership table; null for <see cref="Localhost"/>.</summary>
    public string? RedisEndpoint { get; }

    /// <summary>The Orleans cluster id (and service id).</summary>
    public string ClusterId { get; }

    /// <summary>Parses a <c>--cluster</c> value.</summary>
    /// <exception cref="FormatException">Not <c>localhost</c> nor a <c>redis://</c> address; the message shows both forms.</exception>
    public static ClusterAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "localhost")
            return Localhost;
        const string Usage = "use redis://HOST[:PORT][/CLUSTER-ID] (the Redis server holding the farm's membership) or localhost (one worker on this machine)";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || uri.Host.Length == 0)
            throw new FormatException($"--cluster '{text}' is not a cluster address: {Usage}.");
        string clusterId = uri.AbsolutePath.Trim('/');
        if (clusterId.Contains('/') || clusterId.Any(char.IsWhiteSpace))
            throw new FormatException($"--cluster '{text}': the cluster id '{clusterId}' must be one word; {Usage}.");
        int port = uri.IsDefaultPort || uri.Port < 0 ? DefaultRedisPort : uri.Port;
        return new ClusterAddress($"{uri.Host}:{port}", clusterId.Length == 0 ? DefaultClusterId : clusterId);
    }

    /// <inheritdoc />
    public override string ToString() => RedisEndpoint is null ? "localhost" : $"redis://{RedisEndpoint}/{ClusterId}";
}
