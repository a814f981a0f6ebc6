using System.Net;
using System.Net.Sockets;
using Understudy.Core.Failover;

namespace Understudy.Node.Resources;

/// <summary>
/// A health probe: online at the first passing thorough check (polled every 100 ms until
/// <see cref="ProbeSpec.StartTimeout"/>), then LooksAlive (TCP connect) every
/// <see cref="ProbeSpec.LooksAlive"/> and IsAlive (the full check) every
/// <see cref="ProbeSpec.IsAlive"/>; <see cref="ProbeSpec.Threshold"/> failures in a row fail it.
/// </summary>
internal sealed class ProbeInstance(ProbeSpec spec, TimeProvider time) : IResourceInstance
{
    private static readonly TimeSpan StartPoll = TimeSpan.FromMilliseconds(100);
    private readonly TaskCompletionSource<string> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false }) { Timeout = spec.Timeout };

    public Task<string> Failure => _failure.Task;

    public async Task StartAsync(CancellationToken token)
    {
        var started = time.GetTimestamp();
        string? last = null;
        while (time.GetElapsedTime(started) < spec.StartTimeout)
        {
            token.ThrowIfCancellationRequested();
            last = await IsAliveAsync(token);
            if (last is null)
            {
                _ = MonitorAsync(_stop.Token);
                return;
            }

            await Task.Delay(StartPoll, time, token);
        }

        throw new ResourceFailedException($"probe did not pass within {spec.StartTimeout}: {last}");
    }

    public Task StopAsync(CancellationToken token)
    {
        _stop.Cancel();
        return Task.CompletedTask;
    }

    private async Task MonitorAsync(CancellationToken token)
    {
        var failures = 0;
        var lastThorough = time.GetTimestamp();
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(spec.LooksAlive, time, token);
                var thorough = time.GetElapsedTime(lastThorough) >= spec.IsAlive;
                if (thorough)
                {
                    lastThorough = time.GetTimestamp();
                }

                var problem = thorough ? await IsAliveAsync(token) : await LooksAliveAsync(token);
                failures = problem is null ? 0 : failures + 1;
                if (failures >= spec.Threshold)
                {
                    _failure.TrySetResult($"probe failed {failures} times: {problem}");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _http.Dispose();
        }
    }

    private Task<string?> LooksAliveAsync(CancellationToken token) =>
        spec.HttpUrl is { } url ? ConnectAsync(new Uri(url).Host, new Uri(url).Port, token) : IsAliveAsync(token);

    /// <summary>Null when healthy, else what is wrong.</summary>
    private async Task<string?> IsAliveAsync(CancellationToken token)
    {
        if (spec.TcpEndpoint is { } endpoint)
        {
            var parsed = IPEndPoint.Parse(endpoint);
            return await ConnectAsync(parsed.Address.ToString(), parsed.Port, token);
        }

        try
        {
            using var response = await _http.GetAsync(spec.HttpUrl, token);
            return (int)response.StatusCode == spec.ExpectStatus ? null : $"HTTP {(int)response.StatusCode}, expected {spec.ExpectStatus}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    private async Task<string?> ConnectAsync(string host, int port, CancellationToken token)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(spec.Timeout);
        try
        {
            await socket.ConnectAsync(host, port, limit.Token);
            return null;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !token.IsCancellationRequested)
        {
            return $"connect {host}:{port}: {e.Message}";
        }
    }
}
