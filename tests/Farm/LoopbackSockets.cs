using System.Globalization;

namespace KDTalker.Tests.Farm;

/// <summary>
/// Which process holds a loopback TCP connection (Linux: /proc/net/tcp and tcp6 map a connection's ports to a socket
/// inode, /proc/PID/fd names the sockets a process holds). A proxy sees every worker connecting from 127.0.0.1; this
/// tells it which worker a connection comes from.
/// </summary>
internal static class LoopbackSockets
{
    /// <summary>
    /// True when process <paramref name="processId"/> holds the connection from loopback port <paramref name="localPort"/> to
    /// <paramref name="remotePort"/>.
    /// </summary>
    public static bool IsHeldBy(int processId, int localPort, int remotePort)
    {
        // A row: "sl: local-address:port remote-address:port state ... uid timeout inode" (the header's first column has no colon).
        var inodes = new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns.Length > 9 && columns[0].EndsWith(':') && Port(columns[1]) == localPort && Port(columns[2]) == remotePort)
            .Select(columns => $"socket:[{columns[9]}]")
            .ToHashSet();
        if (inodes.Count == 0)
            return false;
        try
        {
            return Directory.EnumerateFiles($"/proc/{processId}/fd").Any(fd => new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the process is gone
        }
    }

    // "0100007F:2B67" (address:port, hexadecimal) -> 11111; tcp6's longer addresses end the same way.
    private static int Port(string endpoint) => int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
