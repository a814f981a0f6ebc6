using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Understudy.Core.Chaos;

namespace Understudy.Cli.Scenario;

/// <summary>
/// The chaos run's clients, recording a history: writers (one key each, values 1, 2, 3, … in
/// order), readers of the whole store, a watcher of which instance answers <c>/healthz</c>, and
/// a load of requests to the NLB rule (counted, not checked: availability, not safety). Their
/// connections are made through <paramref name="handler"/> when given (the host lab's client).
/// </summary>
internal sealed class ChaosClients(string block, TimeProvider time, SocketsHttpHandler? handler = null) : IDisposable
{
    public const int Writers = 3;

    private const int Readers = 2;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan WatchPace = TimeSpan.FromMilliseconds(50);
    private readonly HttpClient _http = new(Configured(handler ?? new SocketsHttpHandler())) { Timeout = RequestTimeout };
    private readonly Lock _gate = new();
    private readonly List<KvOperation> _history = [];
    private readonly List<OwnerObservation> _owners = [];
    private readonly List<Task> _tasks = [];
    private readonly CancellationTokenSource _stop = new();
    private long _nlbOk;
    private long _nlbFailed;

    private string KvUrl => $"http://{ChaosClusterFile.KvAddress(block)}:{ChaosClusterFile.KvPort}";

    public long NlbOk => Interlocked.Read(ref _nlbOk);

    public long NlbFailed => Interlocked.Read(ref _nlbFailed);

    public static string KeyOf(int writer) => "k" + writer.ToString(CultureInfo.InvariantCulture);

    public IReadOnlyList<KvOperation> History()
    {
        lock (_gate)
        {
            return [.. _history];
        }
    }

    public IReadOnlyList<OwnerObservation> Owners()
    {
        lock (_gate)
        {
            return [.. _owners];
        }
    }

    public void Start()
    {
        for (var c = 0; c < Writers; c++)
        {
            var client = c;
            _tasks.Add(Task.Run(() => WriteLoopAsync(client, _stop.Token)));
        }

        for (var c = 0; c < Readers; c++)
        {
            var client = Writers + c;
            _tasks.Add(Task.Run(() => ReadLoopAsync(client, _stop.Token)));
        }

        _tasks.Add(Task.Run(() => WatchLoopAsync(_stop.Token)));
        _tasks.Add(Task.Run(() => NlbLoopAsync(_stop.Token)));
    }

    /// <summary>Stops every client; an operation in flight ends as unknown.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
    }

    /// <summary>After the run: reads until one read succeeds (within <paramref name="limit"/>), so
    /// every acknowledged write is checked against the final state.</summary>
    public async Task<bool> FinalReadAsync(TimeSpan limit, CancellationToken cancel)
    {
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < limit)
        {
            if (await ReadAsync(Writers + Readers, cancel))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancel);
        }

        return false;
    }

    public void Dispose()
    {
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task WriteLoopAsync(int client, CancellationToken stop)
    {
        var key = KeyOf(client);
        for (long value = 1; !stop.IsCancellationRequested; value++)
        {
            var invoked = time.GetTimestamp();
            var (outcome, token) = await PutAsync(key, value, stop);
            Record(new(client, KvOperationKind.Write, key, value, invoked, time.GetTimestamp(), outcome, token));
            await PaceAsync(Pace, stop);
        }
    }

    private async Task<(KvOutcome, long?)> PutAsync(string key, long value, CancellationToken stop)
    {
        try
        {
            using var body = new StringContent(value.ToString(CultureInfo.InvariantCulture));
            using var response = await _http.PutAsync($"{KvUrl}/kv/{key}", body, stop);
            var text = await response.Content.ReadAsStringAsync(stop);
            return response.StatusCode switch
            {
                HttpStatusCode.OK when text.Split(' ', StringSplitOptions.TrimEntries) is [.., "token", var t] && long.TryParse(t, CultureInfo.InvariantCulture, out var token) => (KvOutcome.Ok, token),
                HttpStatusCode.Conflict => (KvOutcome.Fail, null),
                _ => (KvOutcome.Unknown, null),
            };
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            // Nobody listened: the request never reached a service.
            return (KvOutcome.Fail, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return (KvOutcome.Unknown, null);
        }
    }

    private async Task ReadLoopAsync(int client, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await ReadAsync(client, stop);
            await PaceAsync(Pace, stop);
        }
    }

    /// <summary>One <c>GET /kv</c>, recorded as one read per writer key; true if it succeeded.</summary>
    private async Task<bool> ReadAsync(int client, CancellationToken stop)
    {
        var invoked = time.GetTimestamp();
        try
        {
            using var response = await _http.GetAsync($"{KvUrl}/kv", stop);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            using var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop));
            var completed = time.GetTimestamp();
            var token = Property(data.RootElement, "fencingToken").GetInt64();
            var items = Property(data.RootElement, "items");
            for (var w = 0; w < Writers; w++)
            {
                var key = KeyOf(w);
                long? value = items.TryGetProperty(key, out var v) ? long.Parse(v.GetString()!, CultureInfo.InvariantCulture) : null;
                Record(new(client, KvOperationKind.Read, key, value, invoked, completed, KvOutcome.Ok, token));
            }

            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException or KeyNotFoundException or FormatException)
        {
            return false;
        }
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) || element.TryGetProperty(char.ToUpperInvariant(name[0]) + name[1..], out value)
            ? value
            : throw new KeyNotFoundException(name);

    private async Task WatchLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // "ok node=NAME token=N pid=P"
                var text = await _http.GetStringAsync($"{KvUrl}/healthz", stop);
                var at = time.GetTimestamp();
                var parts = text.Trim().Split(' ').Skip(1).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
                var seen = new OwnerObservation(at, parts["node"], int.Parse(parts["pid"], CultureInfo.InvariantCulture), long.Parse(parts["token"], CultureInfo.InvariantCulture));
                lock (_gate)
                {
                    _owners.Add(seen);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or KeyNotFoundException or FormatException or IndexOutOfRangeException)
            {
            }

            await PaceAsync(WatchPace, stop);
        }
    }

    private async Task NlbLoopAsync(CancellationToken stop)
    {
        var url = $"http://{ChaosClusterFile.NlbAddress(block)}:{ChaosClusterFile.NlbPort}/";
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await _http.GetAsync(url, stop);
                Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _nlbOk : ref _nlbFailed);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                if (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _nlbFailed);
                }
            }

            await PaceAsync(Pace, stop);
        }
    }

    private static SocketsHttpHandler Configured(SocketsHttpHandler handler)
    {
        handler.PooledConnectionLifetime = TimeSpan.FromSeconds(2);
        handler.ConnectTimeout = RequestTimeout;
        return handler;
    }

    private void Record(KvOperation operation)
    {
        lock (_gate)
        {
            _history.Add(operation);
        }
    }

    private async Task PaceAsync(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, time, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
