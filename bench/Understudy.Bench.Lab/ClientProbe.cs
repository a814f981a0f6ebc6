using System.Diagnostics;
using Understudy.Cli.Lab;

namespace Understudy.Bench.Lab;

/// <summary>
/// The client machine of the lab asking the role's address which host serves it: GET
/// <c>/healthz</c> of the example kv service (it answers <c>ok node=NAME …</c>), each on a new
/// TCP connection made in the client namespace. While the role moves, a connection can hang
/// (its SYN goes to a host that is dead or cut off, until the client's ARP entry is replaced by
/// the new owner's gratuitous ARP), so a new attempt starts every <see cref="Interval"/> without
/// waiting for the last: the answer is timed when it arrives, not when a timeout frees a slot.
/// </summary>
internal sealed class ClientProbe(NamespaceSockets sockets, string address, int port) : IDisposable
{
    /// <summary>How often a new attempt starts: the resolution of the measurement.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>How long one attempt may take: longer than a .NET start-up's first answer.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http = new(sockets.Handler()) { Timeout = AttemptTimeout };

    /// <summary>The node that answers now, or null.</summary>
    public async Task<string?> AnsweringAsync(CancellationToken token = default)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{address}:{port}/healthz");
            request.Headers.ConnectionClose = true;
            using var response = await _http.SendAsync(request, token);
            var text = await response.Content.ReadAsStringAsync(token);
            return response.IsSuccessStatusCode ? text.Split(' ').FirstOrDefault(p => p.StartsWith("node=", StringComparison.Ordinal))?[5..] : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Time on <paramref name="clock"/> when a node other than <paramref name="old"/>
    /// first answered, and which; null after <paramref name="limit"/>.</summary>
    public async Task<(string Node, TimeSpan At)?> FirstOtherAsync(string old, Stopwatch clock, TimeSpan limit)
    {
        using var stop = new CancellationTokenSource();
        var won = new TaskCompletionSource<(string, TimeSpan)?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = new List<Task>();
        while (!won.Task.IsCompleted && clock.Elapsed < limit)
        {
            attempts.Add(Task.Run(async () =>
            {
                if (await AnsweringAsync(stop.Token) is { } node && node != old)
                {
                    won.TrySetResult((node, clock.Elapsed));
                }
            }));
            await Task.WhenAny(won.Task, Task.Delay(Interval));
        }

        won.TrySetResult(null);
        await stop.CancelAsync();
        await Task.WhenAll(attempts);
        return await won.Task;
    }

    public void Dispose() => _http.Dispose();
}
