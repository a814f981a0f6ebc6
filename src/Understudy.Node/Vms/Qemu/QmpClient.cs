using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Understudy.Node.Vms.Qemu;

/// <summary>
/// A minimal QEMU Machine Protocol client (docs/interop/qmp-spec): JSON lines over QEMU's unix
/// socket. Reads the greeting, negotiates with <c>qmp_capabilities</c>, then runs one command at
/// a time, skipping the asynchronous events between a command and its reply.
/// </summary>
internal sealed class QmpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private QmpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public static async Task<QmpClient> ConnectAsync(string socketPath, TimeProvider time, TimeSpan timeout, CancellationToken token)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(timeout);
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), limit.Token);
                var client = new QmpClient(socket);
                await client.ReadMessageAsync(limit.Token);
                await client.ExecuteAsync("qmp_capabilities", null, limit.Token);
                return client;
            }
            catch (SocketException)
            {
                socket.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, limit.Token);
            }
        }
    }

    /// <summary>Runs <paramref name="command"/>; returns its <c>return</c> value.</summary>
    /// <exception cref="InvalidOperationException">QEMU answered with an error.</exception>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments, CancellationToken token)
    {
        await _gate.WaitAsync(token);
        try
        {
            var request = new JsonObject { ["execute"] = command };
            if (arguments is not null)
            {
                request["arguments"] = arguments;
            }

            await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), token);
            while (true)
            {
                var message = await ReadMessageAsync(token);
                if (message["return"] is { } result)
                {
                    return result;
                }

                if (message["error"] is { } error)
                {
                    throw new InvalidOperationException($"QMP {command}: {error["desc"]}");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _socket.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<JsonObject> ReadMessageAsync(CancellationToken token)
    {
        var line = await _reader.ReadLineAsync(token) ?? throw new IOException("QMP connection closed");
        return JsonNode.Parse(line) as JsonObject ?? throw new InvalidDataException("QMP sent something that is not an object");
    }
}
