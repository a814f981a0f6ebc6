using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Heartbeats;
using Understudy.Node.Hosting;

namespace Understudy.Node.Heartbeats;

/// <summary>
/// Sends an authenticated UDP heartbeat to every peer each interval and feeds the ones it
/// receives into the peer table. Every received datagram is decoded by Core's codec; anything
/// that does not verify is dropped and counted by reason, never thrown.
/// </summary>
internal sealed partial class HeartbeatTransport(
    ClusterConfig config,
    NodeIdentity self,
    ReadOnlyMemory<byte> heartbeatKey,
    PeerTable peers,
    HeartbeatCounters counters,
    Monotonic clock,
    ILogger<HeartbeatTransport> logger) : BackgroundService
{
    private readonly Socket _socket = Bind(self.Node.HeartbeatEndPoint);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendLoopAsync(stoppingToken), ReceiveLoopAsync(stoppingToken));

    public override void Dispose()
    {
        _socket.Dispose();
        base.Dispose();
    }

    private async Task SendLoopAsync(CancellationToken token)
    {
        var buffer = new byte[HeartbeatCodec.MaxDatagramSize];
        var targets = peers.All.Select(p => (EndPoint)p.Node.HeartbeatEndPoint).ToArray();
        long sequence = 0;
        using var timer = new PeriodicTimer(config.Heartbeat.Interval, clock.Time);
        do
        {
            var beat = new Heartbeat(HeartbeatKind.Node, self.Name, self.Incarnation, ++sequence, self.ProcessId);
            var length = HeartbeatCodec.Encode(beat, heartbeatKey.Span, buffer);
            foreach (var target in targets)
            {
                try
                {
                    await _socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, target, token);
                    counters.CountSent();
                }
                catch (SocketException e)
                {
                    // A peer that is down may answer with ICMP unreachable; that is its detector's business.
                    LogSendFailed(target, e.SocketErrorCode);
                }
            }
        }
        while (await Ticks.NextAsync(timer, token));
    }

    private async Task ReceiveLoopAsync(CancellationToken token)
    {
        // Larger than any valid datagram, so oversized ones are seen whole and counted, not truncated.
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(self.Node.Address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Linux reports an earlier send's ICMP error on the next receive: not fatal.
                LogReceiveFailed(e.SocketErrorCode);
                continue;
            }

            counters.Count(Handle(buffer.AsSpan(0, received.ReceivedBytes)));
        }
    }

    private HeartbeatRejection Handle(ReadOnlySpan<byte> datagram)
    {
        var verdict = HeartbeatCodec.TryDecode(datagram, heartbeatKey.Span, out var beat);
        if (verdict != HeartbeatRejection.None || beat is null)
        {
            return verdict;
        }

        if (beat.Kind != HeartbeatKind.Node || peers.Find(beat.Sender) is not { } peer)
        {
            return HeartbeatRejection.UnknownSender;
        }

        return peer.Accept(beat, clock.Now);
    }


    private static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(endpoint);
        return socket;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Heartbeat to {Target} failed: {Error}")]
    private partial void LogSendFailed(EndPoint target, SocketError error);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Heartbeat receive reported {Error}")]
    private partial void LogReceiveFailed(SocketError error);
}
