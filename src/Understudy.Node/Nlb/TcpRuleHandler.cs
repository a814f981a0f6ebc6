using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Understudy.Core.Nlb;

namespace Understudy.Node.Nlb;

/// <summary>
/// Forwards one TCP connection (accepted by Kestrel) to the bucket owner's service, byte for
/// byte, both ways, until either side closes. A failed connect is retried once on the bucket's
/// next owner. Convergence never touches an open connection.
/// </summary>
internal sealed class TcpRuleHandler(NlbRouter router, NlbConnections connections)
{
    public async Task HandleAsync(ConnectionContext connection)
    {
        if (connection.RemoteEndPoint is not IPEndPoint client || connection.LocalEndPoint is not IPEndPoint local
            || router.Pick(NlbProtocol.Tcp, local.Port, client.Address, client.Port) is not { } route)
        {
            return;
        }

        var (member, upstream) = await ConnectAsync(route, connection.ConnectionClosed);
        if (upstream is null || member is null)
        {
            return;
        }

        using (upstream)
        using (var lease = connections.Open(member))
        using (lease.Dropped.UnsafeRegister(static c => ((ConnectionContext)c!).Abort(new ConnectionAbortedException("NLB member stopped")), connection))
        {
            var toUpstream = PumpToSocketAsync(connection.Transport.Input, upstream);
            var toClient = PumpFromSocketAsync(upstream, connection.Transport.Output);
            await Task.WhenAny(toUpstream, toClient);
            upstream.Shutdown(SocketShutdown.Both);
            await Task.WhenAll(toUpstream, toClient);
        }
    }

    private static async Task<(string? Member, Socket? Socket)> ConnectAsync(NlbRoute route, CancellationToken token)
    {
        if (await TryConnectAsync(route.Target.EndPoint, token) is { } first)
        {
            return (route.Member, first);
        }

        return route.NextTarget is { } next && await TryConnectAsync(next.EndPoint, token) is { } second ? (route.NextMember, second) : (null, null);
    }

    private static async Task<Socket?> TryConnectAsync(IPEndPoint target, CancellationToken token)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, token);
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            return null;
        }
    }

    private static async Task PumpToSocketAsync(PipeReader input, Socket socket)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    for (var sent = 0; sent < segment.Length;)
                    {
                        sent += await socket.SendAsync(segment[sent..], SocketFlags.None);
                    }
                }

                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or ConnectionResetException or IOException)
        {
        }
        finally
        {
            await input.CompleteAsync();
        }
    }

    private static async Task PumpFromSocketAsync(Socket socket, PipeWriter output)
    {
        try
        {
            while (true)
            {
                var memory = output.GetMemory(16 * 1024);
                var read = await socket.ReceiveAsync(memory, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                output.Advance(read);
                var flushed = await output.FlushAsync();
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or ConnectionResetException or IOException)
        {
        }
        finally
        {
            await output.CompleteAsync();
        }
    }
}
