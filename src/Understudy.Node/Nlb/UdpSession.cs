using System.Net;
using System.Net.Sockets;

namespace Understudy.Node.Nlb;

/// <summary>One client endpoint's flow: a socket connected to its member's service, replies relayed back.</summary>
internal sealed class UdpSession(IPEndPoint client, string member, IPEndPoint target, Socket listener, NlbConnections.Lease lease, TimeProvider time) : IDisposable
{
    private readonly Socket _upstream = new(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private NlbConnections.Lease _lease = lease;
    private long _lastSeen = time.GetTimestamp();

    /// <summary>The member this flow goes to.</summary>
    public string Member { get; } = member;

    /// <summary>True once the member was stopped: the flow ends and the client is routed anew.</summary>
    public bool Dropped => _lease.Dropped.IsCancellationRequested;

    public void Start()
    {
        _upstream.Connect(target);
        _ = RelayRepliesAsync(_stop.Token);
    }

    public TimeSpan IdleFor() => time.GetElapsedTime(Volatile.Read(ref _lastSeen));

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken token)
    {
        Volatile.Write(ref _lastSeen, time.GetTimestamp());
        try
        {
            await _upstream.SendAsync(datagram, SocketFlags.None, token);
        }
        catch (SocketException)
        {
            // The member's service is gone (ICMP port unreachable): UDP has no delivery guarantee.
        }
    }

    private async Task RelayRepliesAsync(CancellationToken token)
    {
        var buffer = new byte[65536];
        while (!token.IsCancellationRequested)
        {
            try
            {
                var read = await _upstream.ReceiveAsync(buffer, SocketFlags.None, token);
                Volatile.Write(ref _lastSeen, time.GetTimestamp());
                await listener.SendToAsync(buffer.AsMemory(0, read), SocketFlags.None, client, token);
            }
            catch (SocketException)
            {
                // A refused datagram (ICMP) surfaces here; keep the session until it idles out.
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _upstream.Dispose();
        _lease.Dispose();
        _stop.Dispose();
    }
}
