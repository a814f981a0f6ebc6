using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Understudy.Node.Nlb;

/// <summary>One client endpoint's flow: a socket connected to its member's service, replies relayed back.</summary>
/// <remarks>The session holds no buffer of its own while it waits: a zero-byte peek waits for the
/// member's reply, and a pooled 64 KiB buffer carries it, so ten thousand idle sessions hold no
/// 640 MB of buffers.</remarks>
internal sealed class UdpSession(IPEndPoint client, string member, IPEndPoint target, Socket listener, NlbConnections.Lease lease, TimeProvider time) : IDisposable
{
    private const int MaxDatagram = 65536;

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
        while (!token.IsCancellationRequested)
        {
            byte[]? buffer = null;
            try
            {
                await _upstream.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, token);
                buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
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
            finally
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
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
