using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Understudy.Node.Native;

namespace Understudy.Cli.Lab;

/// <summary>
/// Makes sockets inside another network namespace from this process: one dedicated thread
/// enters the namespace (<c>setns</c> changes only the calling thread's) and creates every
/// socket; a socket stays in the namespace it was made in, so it can then be used from any
/// thread. <c>up --hosts</c> watches its nodes form through this (it must itself stay in the
/// machine's namespace to build and remove the lab); <see cref="LabRedirect"/> runs the other
/// commands whole inside the client namespace instead.
/// </summary>
internal sealed class NamespaceSockets : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private readonly BlockingCollection<(AddressFamily Family, TaskCompletionSource<Socket> Made)> _requests = [];

    /// <summary>Starts the thread and enters <paramref name="ns"/> (a name under /run/netns).</summary>
    public NamespaceSockets(string ns)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Serve(ns, entered)) { IsBackground = true, Name = "lab-sockets" };
        thread.Start();
        entered.Task.GetAwaiter().GetResult();
    }

    /// <summary>An HTTP handler whose connections are made in the namespace.</summary>
    public SocketsHttpHandler Handler() => new()
    {
        ConnectCallback = async (context, token) =>
        {
            var address = IPAddress.Parse(context.DnsEndPoint.Host.Trim('[', ']'));
            var socket = await CreateAsync(address.AddressFamily);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>A TCP socket of <paramref name="family"/> in the namespace.</summary>
    public Task<Socket> CreateAsync(AddressFamily family)
    {
        var made = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((family, made));
        return made.Task;
    }

    public void Dispose() => _requests.CompleteAdding();

    private void Serve(string ns, TaskCompletionSource entered)
    {
        using (var handle = File.OpenHandle(Path.Combine("/run/netns", ns)))
        {
            if (Libc.SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
            {
                entered.SetException(new LabException($"cannot enter network namespace {ns}: errno {Marshal.GetLastPInvokeError()}"));
                return;
            }
        }

        entered.SetResult();
        foreach (var (family, made) in _requests.GetConsumingEnumerable())
        {
            try
            {
                made.SetResult(new Socket(family, SocketType.Stream, ProtocolType.Tcp));
            }
            catch (SocketException e)
            {
                made.SetException(e);
            }
        }
    }
}
