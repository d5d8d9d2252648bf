using System.Net;
using System.Net.Sockets;

namespace KDTalker.Tests.Farm;

/// <summary>
/// A network link the tests can cut: listens on a free loopback port and forwards every connection to
/// 127.0.0.1:target. A cut connection stops forwarding in both directions and its sockets stay open, as when a cable
/// is pulled: nothing is closed or refused, no byte (not even a close) gets through, and the sender finds out only by
/// its own timeouts.
/// </summary>
public sealed class TcpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Link> _links = [];
    private Func<IPEndPoint, bool> _isCut = _ => false;

    public TcpProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    /// <summary>The port to connect to instead of the target's.</summary>
    public int Port { get; }

    /// <summary>Cuts every connection, open or to come.</summary>
    public void Cut() => Cut(_ => true);

    /// <summary>Cuts the connections, open or to come, from the peers (the connecting end) <paramref name="fromPeer"/> selects.</summary>
    public void Cut(Func<IPEndPoint, bool> fromPeer)
    {
        lock (_links)
        {
            _isCut = fromPeer;
            foreach (var link in _links.Where(l => fromPeer(l.Peer)))
                link.IsCut = true;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var link = new Link(client, (IPEndPoint)client.RemoteEndPoint!);
        lock (_links)
        {
            link.IsCut = _isCut(link.Peer);
            _links.Add(link);
        }
        if (link.IsCut)
            return; // accepted, and held open with nothing behind it
        try
        {
            await link.Server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            await Task.WhenAny(PumpAsync(client, link.Server, link), PumpAsync(link.Server, client, link));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        if (link.IsCut)
            return;
        // An ordinary close (or a refused target): pass it on to both ends.
        lock (_links)
            _links.Remove(link);
        link.Dispose();
    }

    private async Task PumpAsync(Socket from, Socket to, Link link)
    {
        var buffer = new byte[64 << 10];
        while (true)
        {
            int read;
            try
            {
                read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (SocketException) when (link.IsCut)
            {
                read = 0;
            }
            if (link.IsCut)
                await Task.Delay(Timeout.Infinite, _stop.Token); // these bytes, and everything after them, are lost
            if (read == 0)
                return;
            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_links)
        {
            foreach (var link in _links)
                link.Dispose();
            _links.Clear();
        }
        _stop.Dispose();
    }

    private sealed class Link(Socket client, IPEndPoint peer) : IDisposable
    {
        public Socket Client { get; } = client;
        public Socket Server { get; } = new(SocketType.Stream, ProtocolType.Tcp);
        public IPEndPoint Peer { get; } = peer;
        public volatile bool IsCut;

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
